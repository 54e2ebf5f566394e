package io.github.samegan.models.blocks;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.model.ClassifyingDiscriminator;
import io.github.samegan.core.model.FeatureDiscriminator;
import io.github.samegan.core.model.InputGradientDiscriminator;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Traced;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The AC-GAN discriminator (Odena, Olah &amp; Shlens 2017, <a
 * href="https://arxiv.org/abs/1610.09585">arXiv:1610.09585</a>): a shared feature body φ with two
 * heads, the real/fake score {@code ψ(φ(x))} and the auxiliary classifier's logits {@code C(φ(x))}
 * over K classes. The discriminator is not given the label; it predicts it, and the loss
 * (gan-losses' {@code AuxiliaryClassifierLoss}) trains both networks on the classifier's
 * cross-entropy.
 *
 * <p>Parameters: {@code body/…} (φ), {@code head/…} (ψ) and {@code classes/…} (C).
 *
 * <p>Input gradient (for gradient penalties on the score): {@code ∂ψ/∂φ} chained through φ's own
 * {@link Layer#trace}, with the class logits from the same pass.
 */
public final class AuxiliaryClassifierDiscriminator
    implements ClassifyingDiscriminator, InputGradientDiscriminator, FeatureDiscriminator {
  private final String name;
  private final ImageShape inputShape;
  private final int numClasses;
  private final Layer body;
  private final Layer head;
  private final Layer classHead;
  private final long features;

  /**
   * @param name a short name for descriptions
   * @param inputShape image shape
   * @param numClasses K ≥ 2
   * @param body φ: image → {@code [F]}
   * @param head ψ: {@code [F]} → {@code [1]}
   * @param classHead C: {@code [F]} → {@code [K]}
   * @throws IllegalArgumentException if the shapes do not fit
   */
  public AuxiliaryClassifierDiscriminator(
      String name, ImageShape inputShape, int numClasses, Layer body, Layer head, Layer classHead) {
    this.name = Objects.requireNonNull(name, "name");
    this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
    this.body = Objects.requireNonNull(body, "body");
    this.head = Objects.requireNonNull(head, "head");
    this.classHead = Objects.requireNonNull(classHead, "classHead");
    if (numClasses < 2) {
      throw new IllegalArgumentException(
          "AuxiliaryClassifierDiscriminator needs numClasses >= 2, found " + numClasses);
    }
    this.numClasses = numClasses;
    long[] f = body.outputShape(inputShape.toArray());
    if (f.length != 1
        || !Arrays.equals(head.outputShape(f), new long[] {1})
        || !Arrays.equals(classHead.outputShape(f), new long[] {numClasses})) {
      throw new IllegalArgumentException(
          "AuxiliaryClassifierDiscriminator '"
              + name
              + "': the body must give [F], the head [1] and the"
              + " class head ["
              + numClasses
              + "], found body "
              + Arrays.toString(f));
    }
    this.features = f[0];
  }

  @Override
  public ImageShape inputShape() {
    return inputShape;
  }

  @Override
  public int auxiliaryClasses() {
    return numClasses;
  }

  /** The feature size F. */
  public long featureSize() {
    return features;
  }

  @Override
  public SDVariable discriminate(NetGraph g, SDVariable images) {
    return head.forward(g.scope("head"), features(g, images), new long[] {features});
  }

  @Override
  public WithClassLogits discriminateWithClassLogits(
      NetGraph g, SDVariable images, SDVariable labels) {
    SDVariable phi = features(g, images);
    return new WithClassLogits(
        head.forward(g.scope("head"), phi, new long[] {features}), classLogits(g, phi));
  }

  private SDVariable classLogits(NetGraph g, SDVariable phi) {
    return classHead.forward(g.scope("classes"), phi, new long[] {features});
  }

  @Override
  public WithInputGradient discriminateWithInputGradient(
      NetGraph g, SDVariable images, SDVariable labels) {
    Traced tb = body.trace(g.scope("body"), images, inputShape.toArray());
    Traced th = head.trace(g.scope("head"), tb.output(), new long[] {features});
    SDVariable ones = th.output().mul(0.0).add(1.0);
    return new WithInputGradient(
        th.output(), tb.inputGradient(th.inputGradient(ones)), classLogits(g, tb.output()));
  }

  @Override
  public SDVariable features(NetGraph g, SDVariable images) {
    return body.forward(g.scope("body"), images, inputShape.toArray());
  }

  @Override
  public String describe() {
    return name
        + " discriminator with a "
        + numClasses
        + "-class auxiliary classifier ("
        + inputShape
        + " → 1)";
  }
}
