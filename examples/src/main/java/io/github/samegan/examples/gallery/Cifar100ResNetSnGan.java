package io.github.samegan.examples.gallery;

import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.losses.HingeLoss;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelRegistry;
import java.io.PrintStream;

/**
 * The ResNet SN-GAN of Miyato et al. 2018 (arXiv:1802.05957) on CIFAR-100, with the paper's CIFAR
 * settings: residual generator and discriminator, spectral normalisation on every discriminator
 * weight, the hinge loss
 *
 * <pre>
 *   D minimises  E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))]
 *   G minimises  −E[D(G(z))]
 * </pre>
 *
 * <p>Adam(2e-4, β1 0, β2 0.9) for both networks and five discriminator updates per generator
 * update. The paper trains 50,000 generator updates. The full model ({@code resnet-sngan}, 4.3 M +
 * 1.1 M parameters) wants a GPU ({@code -Pcuda}); <b>on a CPU use {@code --model
 * resnet-sngan-small}</b>, the same blocks at width 64 (about 16× cheaper). Get the data with
 * {@code samegan data download cifar100} (161 MB); without it the example says so and trains on the
 * embedded shapes set.
 *
 * <p>Run: {@code samegan example cifar100-resnet-sngan [--steps 50000] [--model resnet-sngan-small]
 * [--out runs/cifar100-resnet-sngan]}.
 */
public final class Cifar100ResNetSnGan {
  /** The name for {@code samegan example}. */
  public static final String NAME = "cifar100-resnet-sngan";

  private Cifar100ResNetSnGan() {}

  /** Trains the SN-GAN and returns what it wrote. */
  public static ExampleResult runExample(ExampleSettings s, PrintStream console) {
    Gallery.Run run = Gallery.start(NAME, "cifar100", s, console);
    String model = s.modelOr("resnet-sngan"); // resnet-sngan-small on a CPU
    Architecture sngan = ModelRegistry.create(model, run.shape());
    Gan gan =
        Gan.builder(sngan.generator(), sngan.discriminator(), new HingeLoss()).seed(1).build();
    GanTrainer trainer =
        run.trainer(gan, model).optimizers(Optimizer.adam(2e-4, 0.0, 0.9)).nCritic(5).build();
    return run.fit(trainer);
  }

  /**
   * Entry point: {@code [--steps N] [--batch B] [--out DIR] [--data-dir DIR] [--dataset NAME]
   * [--model NAME]}.
   */
  public static void main(String[] args) {
    Gallery.main(NAME, args, 50000, Cifar100ResNetSnGan::runExample);
  }
}
