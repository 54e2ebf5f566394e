package io.github.samegan.examples.gallery;

import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.examples.runs.ClassGrids;
import io.github.samegan.examples.runs.RunCallbacks;
import io.github.samegan.losses.MinimaxLoss;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelRegistry;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A class-conditional GAN on CIFAR-100's 100 fine labels: the registered {@code cdcgan}, the
 * reference DCGAN with a learned class embedding (128) concatenated to z and a projection
 * discriminator (Miyato &amp; Koyama 2018, arXiv:1802.05637: {@code D(x, y) = ψ(φ(x)) + ⟨V_y,
 * φ(x)⟩}). The trainer feeds each real batch's labels and draws the generated batch's classes
 * uniformly; otherwise it is the DCGAN recipe (non-saturating loss, Adam(2e-4, 0.5, 0.999)).
 *
 * <p>Besides the usual grids it writes {@code class-samples/step-NNNNNN.png}: one row per class for
 * ten classes spread over the label set (0, 10, 20, …), eight samples each, from the same noise
 * every time — the rows should come to differ by class while each column keeps its own look. Get
 * the data with {@code samegan data download cifar100} (161 MB); without it the example says so and
 * trains on the embedded shapes set (16 classes: shape × colour). {@code --model cresnet-sngan}
 * trains the conditional ResNet SN-GAN instead; {@code samegan sample --checkpoint
 * runs/cifar100-cdcgan --per-class 8} draws every class.
 *
 * <p>Run: {@code samegan example cifar100-cdcgan [--steps 20000] [--out runs/cifar100-cdcgan]}.
 */
public final class Cifar100ConditionalDcgan {
  /** The name for {@code samegan example}. */
  public static final String NAME = "cifar100-cdcgan";

  private Cifar100ConditionalDcgan() {}

  /** Trains the conditional DCGAN and returns what it wrote. */
  public static ExampleResult runExample(ExampleSettings s, PrintStream console) {
    Gallery.Run run =
        Gallery.startLabelled(NAME, "cifar100", s, console); // fine labels: 100 classes
    String model = s.modelOr("cdcgan");
    Architecture cdcgan = ModelRegistry.create(model, run.shape(), run.numClasses());
    Gan gan =
        Gan.builder(cdcgan.generator(), cdcgan.discriminator(), MinimaxLoss.nonSaturating())
            .seed(1)
            .build();
    int[] rows = ClassGrids.spread(run.numClasses(), 10);
    GanTrainer trainer =
        run.trainer(gan, model)
            .optimizers(Optimizer.adam(2e-4, 0.5, 0.999))
            .callback(
                RunCallbacks.classGrids(s.out().resolve("class-samples"), run.every(), rows, 8, 11))
            .build();
    console.println(
        NAME
            + ": class rows "
            + Arrays.stream(rows).mapToObj(run.classNames()::get).collect(Collectors.joining(", "))
            + " in "
            + s.out().resolve("class-samples"));
    return run.fit(trainer);
  }

  /**
   * Entry point: {@code [--steps N] [--batch B] [--out DIR] [--data-dir DIR] [--dataset NAME]
   * [--model NAME]}.
   */
  public static void main(String[] args) {
    Gallery.main(NAME, args, 20000, Cifar100ConditionalDcgan::runExample);
  }
}
