package io.github.samegan.core.train;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.loss.LossContext;
import io.github.samegan.core.model.ClassifyingDiscriminator;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.FeatureDiscriminator;
import io.github.samegan.core.model.InputGradientDiscriminator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The {@link LossContext} of one training graph; real inputs and D outputs are created lazily. */
final class GraphLossContext implements LossContext {
  static final String REAL = "real";
  static final String REAL_LABELS = "real_labels";

  private final Phase phase;
  private final NetGraph graph;
  private final Discriminator discriminator;
  private final SDVariable fake;
  private final long[] imageShape;
  private final SDVariable fakeLabels;
  private final int numClasses;
  private final DiscriminatorAugment augment;
  private SDVariable real;
  private SDVariable realLabels;
  private SDVariable realLogits;
  private SDVariable fakeLogits;
  private SDVariable realClassLogits;
  private SDVariable fakeClassLogits;
  private boolean usesClassLogits;
  private SDVariable latent;

  GraphLossContext(
      Phase phase, NetGraph graph, Discriminator d, SDVariable fake, long[] imageShape) {
    this(phase, graph, d, fake, imageShape, null, 0, null);
  }

  /**
   * @param augment applied to the real and the generated batch before anything sees them ({@code
   *     null}: none)
   */
  GraphLossContext(
      Phase phase,
      NetGraph graph,
      Discriminator d,
      SDVariable fake,
      long[] imageShape,
      SDVariable fakeLabels,
      int numClasses,
      DiscriminatorAugment augment) {
    this.fakeLabels = fakeLabels;
    this.numClasses = numClasses;
    this.phase = phase;
    this.graph = graph;
    this.discriminator = d;
    this.augment = augment;
    this.fake = augment == null ? fake : augment.apply(graph, "fake", fake, imageShape);
    this.imageShape = imageShape;
  }

  @Override
  public Phase phase() {
    return phase;
  }

  @Override
  public SameDiff sd() {
    return graph.sd();
  }

  @Override
  public NetGraph graph() {
    return graph;
  }

  /** Sets the latent batch the generated batch was generated from ({@link #latent()}). */
  GraphLossContext withLatent(SDVariable z) {
    this.latent = z;
    return this;
  }

  @Override
  public SDVariable latent() {
    if (latent == null) {
      return LossContext.super.latent();
    }
    return latent;
  }

  @Override
  public SDVariable realImages() {
    if (real == null) {
      real =
          graph
              .sd()
              .placeHolder(REAL, graph.dtype(), -1, imageShape[0], imageShape[1], imageShape[2]);
      if (augment != null) {
        real = augment.apply(graph, "real", real, imageShape);
      }
    }
    return real;
  }

  @Override
  public SDVariable fakeImages() {
    return fake;
  }

  @Override
  public SDVariable realLogits() {
    if (realLogits == null) {
      score(true);
    }
    return realLogits;
  }

  @Override
  public SDVariable fakeLogits() {
    if (fakeLogits == null) {
      score(false);
    }
    return fakeLogits;
  }

  @Override
  public SDVariable realClassLogits() {
    return classLogits(true);
  }

  @Override
  public SDVariable fakeClassLogits() {
    return classLogits(false);
  }

  /**
   * Runs D once on the real or the generated batch and keeps its scores, with the auxiliary
   * classifier's logits from the same pass when D has one.
   */
  private void score(boolean realBatch) {
    SDVariable images = realBatch ? realImages() : fake;
    SDVariable scores;
    SDVariable classes = null;
    if (discriminator instanceof ClassifyingDiscriminator c) {
      Discriminator.WithClassLogits r =
          c.discriminateWithClassLogits(graph.scope(Gan.D), images, labelsFor(images));
      scores = r.scores();
      classes = r.classLogits();
    } else {
      scores = discriminate(images);
    }
    if (realBatch) {
      realLogits = scores;
      realClassLogits = classes;
    } else {
      fakeLogits = scores;
      fakeClassLogits = classes;
    }
  }

  private SDVariable classLogits(boolean realBatch) {
    if (!(discriminator instanceof ClassifyingDiscriminator classifying)) {
      return realBatch ? LossContext.super.realClassLogits() : LossContext.super.fakeClassLogits();
    }
    usesClassLogits = true;
    SDVariable have = realBatch ? realClassLogits : fakeClassLogits;
    if (have != null) {
      return have;
    }
    if ((realBatch ? realLogits : fakeLogits) == null) {
      score(realBatch);
    } else {
      // the scores came from a traced pass that gave no class logits: run the classifier pass
      SDVariable images = realBatch ? realImages() : fake;
      SDVariable c =
          classifying
              .discriminateWithClassLogits(graph.scope(Gan.D), images, labelsFor(images))
              .classLogits();
      if (realBatch) {
        realClassLogits = c;
      } else {
        fakeClassLogits = c;
      }
    }
    return realBatch ? realClassLogits : fakeClassLogits;
  }

  @Override
  public SDVariable realLabels() {
    if (numClasses == 0) {
      return LossContext.super.realLabels();
    }
    if (realLabels == null) {
      realLabels = graph.sd().placeHolder(REAL_LABELS, graph.dtype(), -1, numClasses);
    }
    return realLabels;
  }

  @Override
  public SDVariable fakeLabels() {
    return numClasses == 0 ? LossContext.super.fakeLabels() : fakeLabels;
  }

  /** The labels D sees with a batch: the generated batch's own, otherwise the real ones. */
  private SDVariable labelsFor(SDVariable images) {
    if (numClasses == 0 || Discriminator.numClasses(discriminator) == 0) {
      return null;
    }
    return images == fake ? fakeLabels : realLabels();
  }

  @Override
  public SDVariable discriminate(SDVariable images) {
    return Discriminator.scores(discriminator, graph.scope(Gan.D), images, labelsFor(images));
  }

  @Override
  public Discriminator.WithInputGradient discriminateWithInputGradient(SDVariable images) {
    if (!(discriminator instanceof InputGradientDiscriminator traced)) {
      throw new IllegalStateException(
          "Discriminator "
              + discriminator.describe()
              + " ("
              + discriminator.getClass().getName()
              + ") provides no"
              + " input gradient built from forward ops, which gradient penalties (WGAN-GP, R1, R2, DRAGAN) need;"
              + " implement InputGradientDiscriminator or use a SequentialDiscriminator of blocks that support it"
              + " (docs/losses.md)");
    }
    Discriminator.WithInputGradient r =
        traced.discriminateWithInputGradient(graph.scope(Gan.D), images, labelsFor(images));
    // the traced pass computes the same scores: reuse them rather than running D again
    if (images == real && realLogits == null) {
      realLogits = r.scores();
      realClassLogits = r.classLogits();
    } else if (images == fake && fakeLogits == null) {
      fakeLogits = r.scores();
      fakeClassLogits = r.classLogits();
    }
    return r;
  }

  @Override
  public SDVariable discriminatorFeatures(SDVariable images) {
    if (!(discriminator instanceof FeatureDiscriminator f)) {
      throw new IllegalStateException(
          "Discriminator "
              + discriminator.describe()
              + " ("
              + discriminator.getClass().getName()
              + ") exposes no"
              + " intermediate features, which feature matching needs; implement FeatureDiscriminator or use a"
              + " SequentialDiscriminator with a Sequential body");
    }
    return f.features(graph.scope(Gan.D), images);
  }

  boolean usesReal() {
    return real != null;
  }

  /** Whether the loss read the auxiliary classifier's logits. */
  boolean usesClassLogits() {
    return usesClassLogits;
  }

  boolean usesRealLabels() {
    return realLabels != null;
  }
}
