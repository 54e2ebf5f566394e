package io.github.samegan.eval.classify;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * An image classifier built into a SameDiff graph: images {@code [B, C, H, W]} in [−1, 1] →
 * unnormalised class scores (logits) {@code [B, K]}, together with its <em>features</em>, the
 * pooled penultimate activations {@code [B, D]} that the metrics (FD, KID, precision/recall) and
 * the real-vs-fake detector read.
 *
 * <p>Like every SameGAN network it creates its weights through {@link NetGraph#param} (once per
 * store), so a training graph and an inference graph built over one {@link
 * io.github.samegan.core.graph.ParameterStore} share them; batch norm follows the graph's mode
 * (batch statistics in training, running statistics in inference).
 *
 * <p>A network is described by a {@link #spec()} string, which {@link ClassifierFiles} stores and
 * {@link ClassifierNetworks#fromSpec} turns back into the same network.
 */
public interface ClassifierNetwork {

  /** The image shape the network takes. */
  ImageShape inputShape();

  /** Number of classes K. */
  int numClasses();

  /** Feature dimension D of {@link Outputs#features()}. */
  int featureDimension();

  /**
   * A description precise enough to rebuild the network, e.g. {@code
   * "resnet:widths=32,64,128;blocks=1"}; see {@link ClassifierNetworks#fromSpec}.
   */
  String spec();

  /**
   * Adds the network's ops to the graph.
   *
   * @param g the graph context (its mode selects batch or running statistics)
   * @param images the input batch {@code [B, C, H, W]}
   * @return logits and features
   */
  Outputs build(NetGraph g, SDVariable images);

  /**
   * What {@link #build} returns.
   *
   * @param logits {@code [B, K]} unnormalised class scores
   * @param features {@code [B, D]} pooled penultimate activations
   */
  record Outputs(SDVariable logits, SDVariable features) {

    /** Requires both outputs. */
    public Outputs {
      Objects.requireNonNull(logits, "logits");
      Objects.requireNonNull(features, "features");
    }
  }
}
