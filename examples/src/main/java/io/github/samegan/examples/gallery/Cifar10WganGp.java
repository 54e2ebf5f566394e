package io.github.samegan.examples.gallery;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.Conv2d;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.LayerNorm;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.losses.PenalizedLoss;
import io.github.samegan.losses.WassersteinLoss;
import io.github.samegan.losses.WganGradientPenalty;
import io.github.samegan.models.Dcgan;
import java.io.PrintStream;

/**
 * WGAN-GP (Gulrajani et al. 2017, arXiv:1704.00028) on CIFAR-10: the critic minimises {@code
 * E[D(G(z))] − E[D(x)] + 10·E[(‖∇D(x̂)‖ − 1)²]} on random interpolates x̂, with the paper's
 * settings: five critic updates per generator update, Adam(1e-4, β1 0, β2 0.9), and layer norm
 * instead of batch norm in the critic (the penalty is per example, batch norm couples examples).
 * The log's {@code gp_grad_norm} column should settle near 1. Get the data with {@code samegan data
 * download cifar10}; without it the example trains on the embedded shapes set.
 *
 * <p>Run: {@code samegan example cifar10-wgan-gp [--steps 20000] [--out runs/cifar10-wgan-gp]}.
 */
public final class Cifar10WganGp {
  /** The name for {@code samegan example}. */
  public static final String NAME = "cifar10-wgan-gp";

  private Cifar10WganGp() {}

  /** Trains WGAN-GP and returns what it wrote. */
  public static ExampleResult runExample(ExampleSettings s, PrintStream console) {
    Gallery.Run run = Gallery.start(NAME, "cifar10", s, console);
    ImageShape shape = run.shape();
    int side = shape.height() / 8;
    Discriminator critic =
        new SequentialDiscriminator(
            "critic",
            shape,
            Sequential.of(
                new Conv2d(shape.channels(), 64, 4, 2, 1),
                Activation.leakyRelu(0.2),
                new Conv2d(64, 128, 4, 2, 1),
                new LayerNorm(128),
                Activation.leakyRelu(0.2),
                new Conv2d(128, 256, 4, 2, 1),
                new LayerNorm(256),
                Activation.leakyRelu(0.2),
                Reshape.flatten(new long[] {256, side, side}),
                new Dense(256L * side * side, 1)));
    PenalizedLoss wganGp =
        PenalizedLoss.of("wgan-gp", WassersteinLoss.unclipped(), new WganGradientPenalty(10));
    Gan gan = Gan.builder(Dcgan.reference(shape).generator(), critic, wganGp).seed(1).build();
    GanTrainer trainer =
        run.trainer(gan, "dcgan G + layer-norm critic")
            .optimizers(Optimizer.adam(1e-4, 0.0, 0.9))
            .nCritic(5)
            .build();
    return run.fit(trainer);
  }

  /** Entry point: {@code [--steps N] [--batch B] [--out DIR] [--data-dir DIR] [--dataset NAME]}. */
  public static void main(String[] args) {
    Gallery.main(NAME, args, 20000, Cifar10WganGp::runExample);
  }
}
