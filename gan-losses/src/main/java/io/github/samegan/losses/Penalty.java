package io.github.samegan.losses;

import io.github.samegan.core.loss.LossContext;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A regulariser added to the discriminator's loss, such as a gradient penalty. Combine a base loss
 * with penalties with {@link PenalizedLoss}.
 *
 * <p>Gradient penalties get {@code ∂D/∂x} from {@link LossContext#discriminateWithInputGradient},
 * which every discriminator block builds from forward ops (SameDiff 1.0.0-M2.1 cannot differentiate
 * a gradient); a discriminator with an unsupported block makes the GAN fail to build, with a
 * message naming the block.
 */
public interface Penalty {

  /** A short identifier, e.g. {@code "gp"}; used to name the penalty's inputs and monitors. */
  String name();

  /**
   * Adds the penalty to the discriminator-step graph and returns it (a scalar, to be added to D's
   * loss). Implementations may also {@link LossContext#monitor} diagnostics.
   */
  SDVariable penalty(LossContext ctx);
}
