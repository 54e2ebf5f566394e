package io.github.samegan.core.testing;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.model.AutoEncoderDiscriminator;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.model.SequentialGenerator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.BatchNorm;
import io.github.samegan.core.nn.Conv2d;
import io.github.samegan.core.nn.ConvTranspose2d;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.Sequential;

/** Small generators/discriminators for fast tests; smooth variants for gradient checks. */
public final class TinyModels {
  private TinyModels() {}

  public static final ImageShape IMAGE = new ImageShape(2, 8, 8);

  /** z(8) → dense → [4,4,4] → BN → act → deconv → [2,8,8] → tanh. */
  public static Generator generator(boolean smooth) {
    Activation act = smooth ? Activation.softplus() : Activation.relu();
    return new SequentialGenerator(
        "tiny",
        8,
        IMAGE,
        Sequential.of(
            new Dense(8, 4 * 4 * 4, true, Init.normal(0.3)),
            Reshape.toImage(4, 4, 4),
            new BatchNorm(4),
            act,
            new ConvTranspose2d(4, 2, 4, 2, 1, true, Init.normal(0.3)),
            Activation.tanh()));
  }

  /** [2,8,8] → conv s2 → [4,4,4] → act → conv s2 → BN → act → dense → 1. */
  public static Discriminator discriminator(boolean smooth) {
    Activation act = smooth ? Activation.softplus() : Activation.leakyRelu(0.2);
    return new SequentialDiscriminator(
        "tiny",
        IMAGE,
        Sequential.of(
            new Conv2d(2, 4, 4, 2, 1, true, Init.normal(0.3)),
            act,
            new Conv2d(4, 6, 4, 2, 1, true, Init.normal(0.3)),
            new BatchNorm(6),
            act,
            Reshape.flatten(new long[] {6, 2, 2}),
            new Dense(24, 1, true, Init.normal(0.3))));
  }

  /**
   * An auto-encoder discriminator: [2,8,8] → conv s2 → act → conv s2 → act → dense → code 5 → dense
   * → act → deconv s2 → act → deconv s2 → [2,8,8].
   */
  public static AutoEncoderDiscriminator autoEncoder(
      boolean smooth, AutoEncoderDiscriminator.Energy energy) {
    Activation act = smooth ? Activation.softplus() : Activation.leakyRelu(0.2);
    return new AutoEncoderDiscriminator(
        "tiny-ae",
        IMAGE,
        Sequential.of(
            new Conv2d(2, 4, 4, 2, 1, true, Init.normal(0.3)),
            act,
            new Conv2d(4, 4, 4, 2, 1, true, Init.normal(0.3)),
            act,
            Reshape.flatten(new long[] {4, 2, 2}),
            new Dense(16, 5, true, Init.normal(0.3))),
        Sequential.of(
            new Dense(5, 16, true, Init.normal(0.3)),
            act,
            Reshape.toImage(4, 2, 2),
            new ConvTranspose2d(4, 4, 4, 2, 1, true, Init.normal(0.3)),
            act,
            new ConvTranspose2d(4, 2, 4, 2, 1, true, Init.normal(0.3))),
        energy);
  }
}
