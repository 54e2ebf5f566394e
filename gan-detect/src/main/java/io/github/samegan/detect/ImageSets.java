package io.github.samegan.detect;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Gan;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Image sets for detection, held as 8-bit pixels like any real data set.
 *
 * <p><b>Generated images are quantised to 8 bits</b> ({@code round((x + 1)·127.5)}, the value a PNG
 * would store) before a detector sees them, in training, evaluation and scoring alike. Real images
 * are 8-bit already; raw generator outputs are not, and a detector given unquantised fakes learns
 * "values off the 1/127.5 grid" instead of anything about the generator.
 */
public final class ImageSets {
  private ImageSets() {}

  /** The 8-bit value of {@code x ∈ [−1, 1]} (clipped). */
  static int toByte(double x) {
    long p = Math.round((x + 1.0) * 127.5);
    return (int) Math.max(0, Math.min(255, p));
  }

  /**
   * Collects up to {@code n} images from a stream of batches into an 8-bit data set.
   *
   * @param name the set's name (used in reports)
   * @param batches batches {@code [B, C, H, W]} in [−1, 1] of one shape
   * @param n how many images to keep (at least 1); fewer if the batches run out
   * @throws IllegalArgumentException if there is no image, or batches of different shapes
   */
  public static InMemoryImageDataset collect(String name, Iterator<INDArray> batches, int n) {
    if (n < 1) {
      throw new IllegalArgumentException(
          "Need at least one image for '" + name + "', asked for " + n);
    }
    byte[] pixels = null;
    long[] chw = null;
    int per = 0;
    int count = 0;
    while (count < n && batches.hasNext()) {
      INDArray b = batches.next();
      long[] s = b.shape();
      if (s.length != 4) {
        throw new IllegalArgumentException(
            "'"
                + name
                + "' gave a batch of shape "
                + Arrays.toString(s)
                + "; expected [B, C, H, W]");
      }
      if (chw == null) {
        chw = Arrays.copyOfRange(s, 1, 4);
        per = Math.toIntExact(chw[0] * chw[1] * chw[2]);
        pixels = new byte[Math.multiplyExact(n, per)];
      } else if (!Arrays.equals(chw, Arrays.copyOfRange(s, 1, 4))) {
        throw new IllegalArgumentException(
            "'"
                + name
                + "' gave images of shape "
                + Arrays.toString(chw)
                + " and then "
                + Arrays.toString(Arrays.copyOfRange(s, 1, 4)));
      }
      int take = (int) Math.min(s[0], n - count);
      float[] v =
          b.get(NDArrayIndex.interval(0, take)).castTo(DataType.FLOAT).dup('c').data().asFloat();
      for (int i = 0; i < take * per; i++) {
        pixels[count * per + i] = (byte) toByte(v[i]);
      }
      count += take;
    }
    if (count == 0) {
      throw new IllegalArgumentException("'" + name + "' holds no images");
    }
    ImageInfo info = new ImageInfo((int) chw[0], (int) chw[1], (int) chw[2]);
    return InMemoryImageDataset.unlabelled(
        name, info, count == n ? pixels : Arrays.copyOf(pixels, count * per));
  }

  /**
   * {@code n} samples of a generator, quantised to 8 bits, drawn {@code batch} at a time from
   * latent noise seeded by {@code seed}.
   */
  public static InMemoryImageDataset generate(String name, Gan gan, int n, int batch, long seed) {
    Objects.requireNonNull(gan, "gan");
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, found " + batch);
    }
    Rng z = new Rng(seed);
    return collect(name, Stream.generate(() -> gan.sample(batch, z)).iterator(), n);
  }

  /** The images of a batch rounded to the 8-bit grid, as {@link #collect} stores them. */
  public static INDArray quantize(INDArray images) {
    INDArray q = Transforms.round(images.dup().addi(1).muli(127.5), false);
    return Transforms.max(Transforms.min(q, 255, false), 0, false).divi(127.5).subi(1);
  }

  /**
   * The images at {@code indices} of any data set, as 8-bit pixels (exact for images that came from
   * 8-bit pixels; others are rounded).
   */
  static byte[] pixels(ImageDataset d, int[] indices) {
    int per = d.info().pixels();
    byte[] out = new byte[Math.multiplyExact(indices.length, per)];
    float[] buf = new float[per];
    for (int i = 0; i < indices.length; i++) {
      if (d instanceof InMemoryImageDataset mem) {
        mem.copyPixels(indices[i], out, i * per);
      } else {
        d.copyImage(indices[i], buf, 0);
        for (int j = 0; j < per; j++) {
          out[i * per + j] = (byte) toByte(buf[j]);
        }
      }
    }
    return out;
  }

  /** The images at {@code indices} of any data set, as an 8-bit in-memory set. */
  public static InMemoryImageDataset subset(ImageDataset d, String name, int[] indices) {
    return InMemoryImageDataset.unlabelled(name, d.info(), pixels(d, indices));
  }

  /**
   * At most {@code n} images of a set: the set itself when it has no more, else a seeded random
   * choice of {@code n} (in their original order), as 8-bit pixels.
   */
  public static ImageDataset atMost(ImageDataset d, int n, long seed) {
    if (d.size() <= n) {
      return d;
    }
    int[] idx = Arrays.copyOf(new Rng(seed).permutation(d.size()), n);
    Arrays.sort(idx);
    return subset(d, d.name(), idx);
  }

  /** The image shape of a data set as core's {@link ImageShape}. */
  static ImageShape shapeOf(ImageDataset d) {
    ImageInfo i = d.info();
    return new ImageShape(i.channels(), i.height(), i.width());
  }

  /** The image shape as gan-data's {@link ImageInfo}. */
  static ImageInfo infoOf(ImageShape s) {
    return new ImageInfo(s.channels(), s.height(), s.width());
  }
}
