package io.github.samegan.examples.gallery;

import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.losses.MinimaxLoss;
import io.github.samegan.models.Dcgan;
import java.io.PrintStream;

/**
 * The reference DCGAN (Radford et al. 2015) on CIFAR-100: 50,000 colour 32×32 photographs of 100
 * classes (fine labels, unused here: see docs/getting-started.md for conditional models). Get the
 * data with {@code samegan data download cifar100} (161 MB). Without it the example says so and
 * trains on the embedded shapes set instead. Expect blurry but varied objects after ~20,000 steps;
 * on a CPU that is hours, on a GPU ({@code -Pcuda}) minutes.
 *
 * <p>Run: {@code samegan example cifar100-dcgan [--steps 20000] [--out runs/cifar100-dcgan]}.
 */
public final class Cifar100Dcgan {
  /** The name for {@code samegan example}. */
  public static final String NAME = "cifar100-dcgan";

  private Cifar100Dcgan() {}

  /** Trains the DCGAN and returns what it wrote. */
  public static ExampleResult runExample(ExampleSettings s, PrintStream console) {
    Gallery.Run run = Gallery.start(NAME, "cifar100", s, console);
    Dcgan dcgan = Dcgan.reference(run.shape()); // z = 128, 3×32×32 images
    Gan gan =
        Gan.builder(dcgan.generator(), dcgan.discriminator(), MinimaxLoss.nonSaturating())
            .seed(1)
            .build();
    // Real batches plus progress, metrics.csv, samples/, checkpoints/ and report.html; Adam for G
    // and D.
    GanTrainer trainer =
        run.trainer(gan, "dcgan").optimizers(Optimizer.adam(2e-4, 0.5, 0.999)).build();
    return run.fit(trainer);
  }

  /** Entry point: {@code [--steps N] [--batch B] [--out DIR] [--data-dir DIR] [--dataset NAME]}. */
  public static void main(String[] args) {
    Gallery.main(NAME, args, 20000, Cifar100Dcgan::runExample);
  }
}
