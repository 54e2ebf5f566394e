package io.github.samegan.examples.gallery;

import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.losses.MinimaxLoss;
import io.github.samegan.models.Dcgan;
import java.io.PrintStream;

/**
 * The reference DCGAN (Radford et al. 2015) on Fashion-MNIST: 60,000 grey 28×28 clothing images,
 * padded to 32×32. Found in {@code --data-dir}, or in Debian's {@code
 * /usr/share/datasets/fashion-mnist} ({@code apt-get install dataset-fashion-mnist}), or fetched
 * with {@code samegan data download fashion-mnist}. Recognisable shirts and shoes appear after
 * about 2,000 steps.
 *
 * <p>Run: {@code samegan example fashion-mnist-dcgan [--steps 2000] [--out
 * runs/fashion-mnist-dcgan]}.
 */
public final class FashionMnistDcgan {
  /** The name for {@code samegan example}. */
  public static final String NAME = "fashion-mnist-dcgan";

  private FashionMnistDcgan() {}

  /** Trains the DCGAN and returns what it wrote. */
  public static ExampleResult runExample(ExampleSettings s, PrintStream console) {
    Gallery.Run run = Gallery.start(NAME, "fashion-mnist", s, console);
    Dcgan dcgan = Dcgan.reference(run.shape()); // z = 128, 1×32×32 images
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
    Gallery.main(NAME, args, 2000, FashionMnistDcgan::runExample);
  }
}
