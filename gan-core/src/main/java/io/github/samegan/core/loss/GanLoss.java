package io.github.samegan.core.loss;

import io.github.samegan.core.graph.ParameterStore;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * An adversarial objective, in the TorchGAN spirit: it adds the discriminator's loss and the
 * generator's loss (and any regulariser) to the graph from the {@link LossContext}. A new loss
 * needs no change to the trainer.
 *
 * <p>Both methods return a scalar to be <em>minimised</em>, by D's and G's parameters respectively.
 */
public interface GanLoss {

  /** A short identifier, e.g. {@code "minimax"}. */
  String name();

  /** The scalar the discriminator minimises. */
  SDVariable discriminatorLoss(LossContext ctx);

  /** The scalar the generator minimises. */
  SDVariable generatorLoss(LossContext ctx);

  /**
   * How D's raw outputs are reported as "D(real)" / "D(fake)" in logs: a probability (sigmoid) by
   * default; Wasserstein-style losses report the raw critic value.
   */
  default SDVariable reportedScore(SameDiff sd, SDVariable logits) {
    return sd.nn().sigmoid(logits);
  }

  /**
   * Called after every discriminator update, e.g. to clip weights (WGAN). The default does nothing.
   *
   * @param store the parameter store
   * @param discriminatorParameters names of D's trainable parameters
   */
  default void afterDiscriminatorUpdate(
      ParameterStore store, List<String> discriminatorParameters) {}
}
