package io.github.samegan.models;

import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.Generator;
import java.util.Objects;

/**
 * A matched generator/discriminator pair for one image shape.
 *
 * @param generator the generator
 * @param discriminator the discriminator
 */
public record Architecture(Generator generator, Discriminator discriminator) {

  /** Validates that both networks agree on the image shape. */
  public Architecture {
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(discriminator, "discriminator");
    if (!generator.outputShape().equals(discriminator.inputShape())) {
      throw new IllegalArgumentException(
          "Generator produces "
              + generator.outputShape()
              + " but the discriminator expects "
              + discriminator.inputShape());
    }
  }

  /**
   * Refuses a conditional generator through which the class reaches nowhere: no embedding on z and
   * no conditional batch norm.
   */
  static void requireClassPath(int embedDim, boolean conditionalBatchNorm) {
    if (embedDim == 0 && !conditionalBatchNorm) {
      throw new IllegalArgumentException(
          "A conditional generator needs the class somewhere: embedDim > 0 or conditional batch norm");
    }
  }
}
