package io.github.samegan.examples.gallery;

import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.losses.MinimaxLoss;
import io.github.samegan.models.Dcgan;
import java.io.PrintStream;

/**
 * The reference DCGAN (Radford et al. 2015) on the embedded <em>shapes</em> set: 10,000 coloured
 * circles, squares and triangles on backgrounds, 3×32×32, generated in memory (nothing to
 * download). Clear shapes appear after about 600 steps (a few minutes on two cores).
 *
 * <p>Run: {@code samegan example shapes-dcgan [--steps 600] [--out runs/shapes-dcgan]}.
 */
public final class ShapesDcgan {
  /** The name for {@code samegan example}. */
  public static final String NAME = "shapes-dcgan";

  private ShapesDcgan() {}

  /** Trains the DCGAN and returns what it wrote. */
  public static ExampleResult runExample(ExampleSettings s, PrintStream console) {
    Gallery.Run run = Gallery.start(NAME, "shapes", s, console);
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
    Gallery.main(NAME, args, 600, ShapesDcgan::runExample);
  }
}
