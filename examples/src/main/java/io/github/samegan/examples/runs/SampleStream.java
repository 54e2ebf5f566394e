package io.github.samegan.examples.runs;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Gan;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.LongToIntFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A checkpoint's samples in a fixed order, batch by batch: image {@code i} is generated from latent
 * row {@code i} of one {@link Rng} stream seeded with {@code seed} (the generator's latent
 * dimension in standard normals per image, drawn in image order, so the batch size does not change
 * which latent vector an image gets) and, for a class-conditional model, class {@link
 * #classOf(long)}: {@code i mod K}, or one fixed class. {@code samegan sample} and {@code samegan
 * evaluate} both draw their images here, so the same seed gives them the same images.
 */
public final class SampleStream implements Iterator<INDArray> {
  private final Gan gan;
  private final Rng rng;
  private final int batch;
  private final long count;
  private final LongToIntFunction classes;
  private double[] fixedFirst;
  private long produced;
  private INDArray lastLatents;
  private int[] lastClasses;

  /**
   * A stream.
   *
   * @param count how many images in all ({@link Long#MAX_VALUE} for no end)
   * @param fixedClass the class of every image of a conditional model, or {@code null} for {@code i
   *     mod K}
   * @throws IllegalArgumentException for a batch below 1, a negative count, or a class on an
   *     unconditional model or out of range
   */
  public SampleStream(Gan gan, long seed, int batch, long count, Integer fixedClass) {
    this(gan, seed, batch, count, classRule(gan, fixedClass), false);
  }

  /**
   * A stream whose image {@code i} has class {@code classes.applyAsInt(i)} (a conditional model;
   * each class is checked against [0, K) when its batch is generated).
   *
   * @throws IllegalArgumentException for a batch below 1, a negative count or an unconditional
   *     model
   */
  public SampleStream(Gan gan, long seed, int batch, long count, LongToIntFunction classes) {
    this(gan, seed, batch, count, Objects.requireNonNull(classes, "classes"), true);
  }

  private SampleStream(
      Gan gan, long seed, int batch, long count, LongToIntFunction classes, boolean given) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, found " + batch);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be non-negative, found " + count);
    }
    if (given && gan.numClasses() == 0) {
      throw new IllegalArgumentException(
          "This GAN is unconditional: it cannot generate given classes");
    }
    this.gan = gan;
    this.rng = new Rng(seed);
    this.batch = batch;
    this.count = count;
    this.classes = classes;
  }

  private static LongToIntFunction classRule(Gan gan, Integer fixedClass) {
    int k = gan.numClasses();
    if (fixedClass != null && (k == 0 || fixedClass < 0 || fixedClass >= k)) {
      throw new IllegalArgumentException(
          k == 0
              ? "This GAN is unconditional: it cannot generate a given class"
              : "class must be in [0, " + k + "), found " + fixedClass);
    }
    if (fixedClass != null) {
      int c = fixedClass;
      return i -> c;
    }
    return i -> (int) (i % Math.max(k, 1));
  }

  /** The class of image {@code i} (−1 for an unconditional model). */
  public int classOf(long i) {
    int k = gan.numClasses();
    if (k == 0) {
      return -1;
    }
    return classes.applyAsInt(i);
  }

  /** Images produced so far; the next batch starts at this index. */
  public long produced() {
    return produced;
  }

  @Override
  public boolean hasNext() {
    return produced < count;
  }

  /** The next batch {@code [B, C, H, W]} in [−1, 1] (B = batch, or what is left). */
  @Override
  public INDArray next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int b = (int) Math.min(batch, count - produced);
    INDArray z = rng.gaussian(gan.dataType(), b, gan.generator().latentDim());
    fixFirstLatents(z, fixedFirst);
    int[] classes = null;
    if (gan.numClasses() > 0) {
      classes = new int[b];
      for (int i = 0; i < b; i++) {
        classes[i] = classOf(produced + i);
      }
    }
    INDArray images = gan.sample(z, classes);
    lastLatents = z;
    lastClasses = classes;
    produced += b;
    return images;
  }

  /**
   * Sets the first entries of every latent vector to {@code values} (InfoGAN's continuous codes,
   * {@code samegan sample --continuous}); the rest of z is drawn as before, so image i keeps its
   * noise. {@code null} draws them too (the default).
   *
   * @return this stream
   * @throws IllegalStateException once a batch was generated
   */
  public SampleStream fixFirstLatents(double[] values) {
    if (produced > 0) {
      throw new IllegalStateException("fixFirstLatents must be called before the first batch");
    }
    if (values != null && values.length > gan.generator().latentDim()) {
      throw new IllegalArgumentException(
          values.length + " fixed latent entries for a latent of " + gan.generator().latentDim());
    }
    this.fixedFirst = values == null ? null : values.clone();
    return this;
  }

  /** Assigns {@code values[j]} to column j of {@code z} (nothing for {@code null}), in place. */
  public static void fixFirstLatents(INDArray z, double[] values) {
    if (values == null) {
      return;
    }
    for (int j = 0; j < values.length; j++) {
      z.getColumn(j).assign(values[j]);
    }
  }

  /** The latent vectors {@code [B, latentDim]} of the last batch. */
  public INDArray lastLatents() {
    return lastLatents;
  }

  /** The classes of the last batch, or {@code null} for an unconditional model. */
  public int[] lastClasses() {
    return lastClasses;
  }
}
