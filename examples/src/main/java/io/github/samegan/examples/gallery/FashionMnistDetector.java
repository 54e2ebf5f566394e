package io.github.samegan.examples.gallery;

import io.github.samegan.core.SameGanException;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.io.ImageGrid;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.detect.DetectionEvaluator;
import io.github.samegan.detect.DetectionReport;
import io.github.samegan.detect.DetectorFiles;
import io.github.samegan.detect.DetectorTrainer;
import io.github.samegan.detect.ImageSets;
import io.github.samegan.examples.runs.ClassifierProgress;
import io.github.samegan.examples.runs.RunConfig;
import io.github.samegan.losses.MinimaxLoss;
import io.github.samegan.models.Dcgan;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Can a network tell this generator's images from real ones? A CNNDetection-style detector (Wang et
 * al. 2020, arXiv:1912.11035: a small ResNet trained on real against generated images, with blur
 * and JPEG augmentation) is trained on Fashion-MNIST's training images against samples of a
 * generator, then evaluated on images neither saw: the official test split and fresh samples, as
 * they are and blurred or JPEG-compressed. It prints the table (AP, AUC, accuracy on real and on
 * generated images) and scores the generator by its <em>detection rate</em>, the share of its
 * samples the detector catches: near 100% for a poor generator, near the detector's false-alarm
 * rate on real images for one it cannot tell apart.
 *
 * <p>The generator is a reference DCGAN trained here for {@code --steps} steps, or the one in
 * {@code --checkpoint RUN} (e.g. {@code runs/fashion-mnist-dcgan}; its own data set is then the
 * default). The detector trains for the same {@code --steps} steps on up to {@code steps × batch}
 * images per class (at most 10,000). Writes {@code detector.zip} (for {@code samegan detect}) and
 * {@code detection.json} besides the generator's usual outputs. Fashion-MNIST is found in Debian's
 * {@code /usr/share/datasets/fashion-mnist} or fetched with {@code samegan data download
 * fashion-mnist}; without it the example says so and uses the embedded shapes set.
 *
 * <p>Run: {@code samegan example fashion-mnist-detector [--steps 500] [--checkpoint RUN] [--out
 * runs/fashion-mnist-detector]}.
 */
public final class FashionMnistDetector {
  /** The name for {@code samegan example}. */
  public static final String NAME = "fashion-mnist-detector";

  private FashionMnistDetector() {}

  /**
   * Trains (or loads) a generator, trains and evaluates a detector on it, and returns what it
   * wrote.
   */
  public static ExampleResult runExample(ExampleSettings s, PrintStream console) {
    try {
      return detect(s, console);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ExampleResult detect(ExampleSettings s, PrintStream console) throws IOException {
    // 1. The generator to score: the one in --checkpoint, else a DCGAN trained here.
    RunConfig.LoadedRun given = s.checkpoint() == null ? null : RunConfig.load(s.checkpoint());
    Gallery.Run run =
        Gallery.start(NAME, given == null ? "fashion-mnist" : given.config().dataset(), s, console);
    Gan gan;
    ExampleResult result;
    if (given == null) {
      Dcgan dcgan = Dcgan.reference(run.shape());
      gan =
          Gan.builder(dcgan.generator(), dcgan.discriminator(), MinimaxLoss.nonSaturating())
              .seed(1)
              .build();
      GanTrainer trainer =
          run.trainer(gan, "dcgan").optimizers(Optimizer.adam(2e-4, 0.5, 0.999)).build();
      result = run.fit(trainer);
    } else {
      gan = given.gan();
      if (!gan.generator().outputShape().equals(run.shape())) {
        throw new SameGanException(
            "The checkpoint "
                + given.file()
                + " generates "
                + gan.generator().outputShape()
                + " images but '"
                + run.dataset()
                + "' holds "
                + run.shape()
                + " images; pass the data set it was"
                + " trained on with --dataset");
      }
      result = new ExampleResult(NAME, run.dataset(), given.checkpoint().step(), null, s.out());
      ImageGrid.write(gan.sample(64, new Rng(7)), 0, 2, result.latestSamples());
    }
    String generator =
        given == null
            ? "dcgan step " + result.steps()
            : given.config().model() + " step " + result.steps();

    // 2. The detector: real training images (label 0) against the generator's samples (label 1).
    int n = (int) Math.min(10_000, s.steps() * s.batch()); // images per class
    InMemoryImageDataset samples = ImageSets.generate(generator, gan, n, 250, 1);
    console.printf(
        Locale.ROOT,
        "%s: training a detector on %,d real and %,d generated images, %d steps%n",
        NAME,
        n,
        n,
        s.steps());
    DetectorTrainer.Result trained =
        DetectorTrainer.builder(run.split("train"), List.of(samples))
            .steps(s.steps())
            .batch(s.batch())
            .maxPerClass(n)
            .seed(0)
            .progress(
                new ClassifierProgress(new PrintWriter(console, true), s.steps(), run.every()))
            .build()
            .train();
    DetectorFiles.save(s.out().resolve(DetectorFiles.FILE_NAME), trained.detector());

    // 3. Evaluate on images it never saw: the real test split and fresh samples, clean, blurred,
    // JPEG.
    int m = Math.min(2_000, n);
    ImageDataset realTest = ImageSets.atMost(run.split("test"), m, 1);
    InMemoryImageDataset fresh = ImageSets.generate(generator + ", fresh", gan, m, 250, 2);
    DetectionReport report =
        DetectionEvaluator.builder(trained.detector())
            .build()
            .evaluate(realTest, List.of(fresh), List.of());
    console.print(report.toTable());
    Path json = s.out().resolve("detection.json");
    report.writeJson(json);

    // 4. The generator's score: the share of its fresh samples the detector catches.
    DetectionReport.Row clean = report.clean().overall();
    console.printf(
        Locale.ROOT,
        "%s: detection rate %.1f%% (%,d of %,d fresh samples of %s called generated;"
            + " %.1f%% of real test images falsely flagged). AP %.4f. Wrote %s and %s%n",
        NAME,
        100 * clean.accuracyOnFake(),
        Math.round(clean.accuracyOnFake() * clean.fakeCount()),
        clean.fakeCount(),
        generator,
        100 * (1 - clean.accuracyOnReal()),
        clean.averagePrecision(),
        json,
        s.out().resolve(DetectorFiles.FILE_NAME));
    return result;
  }

  /**
   * Entry point: {@code [--steps N] [--batch B] [--out DIR] [--data-dir DIR] [--dataset NAME]
   * [--checkpoint RUN]}.
   */
  public static void main(String[] args) {
    Gallery.main(NAME, args, 500, FashionMnistDetector::runExample);
  }
}
