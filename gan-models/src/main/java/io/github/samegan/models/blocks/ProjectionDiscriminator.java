package io.github.samegan.models.blocks;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.model.ConditionalDiscriminator;
import io.github.samegan.core.model.FeatureDiscriminator;
import io.github.samegan.core.model.InputGradientDiscriminator;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.SpectralNorm;
import io.github.samegan.core.nn.Traced;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The projection discriminator (Miyato &amp; Koyama 2018, <a
 * href="https://arxiv.org/abs/1802.05637">arXiv:1802.05637</a>): {@code D(x, y) = ψ(φ(x)) + ⟨V_y,
 * φ(x)⟩}, where {@code φ} maps an image to features {@code [F]}, {@code ψ} is a linear head to one
 * score and {@code V: [K, F]} a class embedding.
 *
 * <p>Parameters: {@code body/…} (φ), {@code head/…} (ψ) and {@code embed/V} (N(0, 0.02²);
 * optionally spectrally normalised, with state {@code embed/u}).
 *
 * <p>Input gradient: {@code ∂D/∂φ = ∂ψ/∂φ + V_y} chained through φ's own {@link Layer#trace}, so
 * gradient penalties work when every block of φ provides one.
 */
public final class ProjectionDiscriminator
    implements ConditionalDiscriminator, InputGradientDiscriminator, FeatureDiscriminator {
  private final String name;
  private final ImageShape inputShape;
  private final int numClasses;
  private final Layer body;
  private final Layer head;
  private final long features;
  private final boolean spectralNorm;

  /**
   * @param name a short name for descriptions
   * @param inputShape image shape
   * @param numClasses K ≥ 2
   * @param body φ: image → {@code [F]}
   * @param head ψ: {@code [F]} → {@code [1]}
   */
  public ProjectionDiscriminator(
      String name, ImageShape inputShape, int numClasses, Layer body, Layer head) {
    this(name, inputShape, numClasses, body, head, false);
  }

  /**
   * As {@link #ProjectionDiscriminator(String, ImageShape, int, Layer, Layer)}, with the class
   * embedding V optionally spectrally normalised ({@link SpectralNorm}; state {@code embed/u}), as
   * StudioGAN's BigGAN discriminator ({@code sn_embedding}): the projection term then has the scale
   * of the spectrally normalised head's instead of V's N(0, 0.02²) initialisation.
   *
   * @param spectralNorm whether V is divided by its largest singular value
   */
  public ProjectionDiscriminator(
      String name,
      ImageShape inputShape,
      int numClasses,
      Layer body,
      Layer head,
      boolean spectralNorm) {
    this.spectralNorm = spectralNorm;
    this.name = Objects.requireNonNull(name, "name");
    this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
    this.body = Objects.requireNonNull(body, "body");
    this.head = Objects.requireNonNull(head, "head");
    if (numClasses < 2) {
      throw new IllegalArgumentException(
          "ProjectionDiscriminator needs numClasses >= 2, found " + numClasses);
    }
    this.numClasses = numClasses;
    long[] f = body.outputShape(inputShape.toArray());
    if (f.length != 1 || !Arrays.equals(head.outputShape(f), new long[] {1})) {
      throw new IllegalArgumentException(
          "ProjectionDiscriminator '"
              + name
              + "': the body must give [F] and the head [1], found "
              + Arrays.toString(f));
    }
    this.features = f[0];
  }

  @Override
  public ImageShape inputShape() {
    return inputShape;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /** The feature size F. */
  public long featureSize() {
    return features;
  }

  @Override
  public SDVariable discriminate(NetGraph g, SDVariable images) {
    throw new IllegalStateException(
        "Discriminator '" + name + "' is class-conditional: it needs labels");
  }

  private SDVariable embedding(NetGraph g) {
    NetGraph e = g.scope("embed");
    long[] shape = {numClasses, features};
    SDVariable v = e.param("V", shape, Init.normal(0.02), numClasses);
    return spectralNorm ? SpectralNorm.normalize(e, v, shape) : v;
  }

  @Override
  public SDVariable discriminate(NetGraph g, SDVariable images, SDVariable labels) {
    SDVariable phi = body.forward(g.scope("body"), images, inputShape.toArray());
    SDVariable score = head.forward(g.scope("head"), phi, new long[] {features});
    SDVariable vy = g.sd().mmul(labels, embedding(g));
    return score.add(phi.mul(vy).sum(true, 1));
  }

  @Override
  public WithInputGradient discriminateWithInputGradient(
      NetGraph g, SDVariable images, SDVariable labels) {
    Traced tb = body.trace(g.scope("body"), images, inputShape.toArray());
    Traced th = head.trace(g.scope("head"), tb.output(), new long[] {features});
    SDVariable vy = g.sd().mmul(labels, embedding(g));
    SDVariable score = th.output().add(tb.output().mul(vy).sum(true, 1));
    SDVariable ones = score.mul(0.0).add(1.0);
    SDVariable dPhi = th.inputGradient(ones).add(vy);
    return new WithInputGradient(score, tb.inputGradient(dPhi));
  }

  @Override
  public SDVariable features(NetGraph g, SDVariable images) {
    return body.forward(g.scope("body"), images, inputShape.toArray());
  }

  @Override
  public String describe() {
    return name + " projection discriminator (" + inputShape + ", " + numClasses + " classes → 1)";
  }
}
