package io.github.samegan.examples.cli;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.train.Gan;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.eval.metrics.ClassifierScore;
import io.github.samegan.eval.metrics.CollectedFeatures;
import io.github.samegan.eval.metrics.FeatureCollector;
import io.github.samegan.eval.metrics.FeatureExtractor;
import io.github.samegan.eval.metrics.FeatureStatistics;
import io.github.samegan.eval.metrics.KernelInceptionDistance;
import io.github.samegan.eval.metrics.MetricEvaluator;
import io.github.samegan.eval.metrics.MetricOptions;
import io.github.samegan.eval.metrics.MetricReport;
import io.github.samegan.eval.metrics.PytorchFidStatistics;
import io.github.samegan.eval.metrics.StatisticsKey;
import io.github.samegan.eval.metrics.StatisticsMismatchException;
import io.github.samegan.examples.runs.DataSets;
import io.github.samegan.examples.runs.DataSplits;
import io.github.samegan.examples.runs.FeatureNetworks;
import io.github.samegan.examples.runs.ImageBatches;
import io.github.samegan.examples.runs.ImageBytes;
import io.github.samegan.examples.runs.RunConfig;
import io.github.samegan.examples.runs.SampleStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samegan evaluate}: FD, KID, classifier score, precision/recall and density/coverage of a
 * checkpoint's samples (or a folder of images, or an {@code .npz}/{@code .npy} array of 8-bit
 * images) against a real data set or a FID statistics file in pytorch-fid's layout, in a named
 * feature network's space. Images are generated (or read) and passed through the feature network
 * batch by batch; only the feature rows are kept. A checkpoint's samples are scored as the 8-bit
 * images {@code samegan sample} writes for the same seed, so the checkpoint, its exported folder
 * and its exported {@code .npz} give the same scores.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Score generated images against a real data set: FD, KID, IS, precision/recall, density/coverage.",
      "Prints a table and writes the report (with its protocol) as JSON."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static final class Source {
    @Option(
        names = "--checkpoint",
        required = true,
        description =
            "A .ckpt file or a run folder (uses RUN/checkpoints/last.ckpt): its generator's samples are scored.")
    Path checkpoint;

    @Option(
        names = "--images",
        required = true,
        description =
            "Generated images to score: a folder of image files (PNG/JPEG/...) or an .npz/.npy"
                + " array uint8 [N, H, W, C] ('arr_0', as 'samegan sample --format npz' writes).")
    Path images;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--reference",
      required = true,
      completionCandidates = DataSets.Names.class,
      description =
          "Real images: DATASET[:train|test] (default split: train), or FILE.npz with FID"
              + " statistics in pytorch-fid's layout (mu, sigma; then FD only). Data sets:"
              + " ${COMPLETION-CANDIDATES}.")
  String reference;

  @Option(
      names = "--save-stats",
      description =
          "Also write the generated images' statistics to this .npz in pytorch-fid's layout (mu,"
              + " sigma float64).")
  Path saveStats;

  @Option(
      names = "--save-reference-stats",
      description =
          "Also write the real images' statistics to this .npz in pytorch-fid's layout (mu,"
              + " sigma float64), to score against later with --reference FILE.npz.")
  Path saveReferenceStats;

  @Option(
      names = "--float-pixels",
      description =
          "Checkpoint only: score the generator's float outputs instead of the 8-bit images"
              + " 'samegan sample' would write.")
  boolean floatPixels;

  @Option(names = "--features", description = "Feature network: " + FeatureNetworks.HELP + ".")
  String features;

  @Option(
      names = "--n",
      defaultValue = "10000",
      description = "Samples on each side (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--out", required = true, description = "Report file (JSON).")
  Path out;

  @Option(
      names = "--batch",
      defaultValue = "250",
      description = "Images per batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of the latent noise and of KID's subsets (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--kid-subsets",
      defaultValue = "100",
      description = "KID subsets of min(n, 1000) rows (default: ${DEFAULT-VALUE}).")
  int kidSubsets;

  @Mixin SharedOptions.DataDir dataDir;

  @Override
  public Integer call() throws Exception {
    if (n < 2) {
      throw new IllegalArgumentException("--n must be >= 2, found " + n);
    }
    if (batch < 1 || batch > 4096) {
      throw new IllegalArgumentException("--batch must be between 1 and 4096, found " + batch);
    }
    if (kidSubsets < 1) {
      throw new IllegalArgumentException("--kid-subsets must be >= 1, found " + kidSubsets);
    }
    if (features == null || features.isBlank()) {
      throw new IllegalArgumentException("Pass --features " + FeatureNetworks.HELP);
    }
    PrintWriter console = spec.commandLine().getOut();
    List<String> notes = new ArrayList<>();
    Path referenceStats = isStatisticsFile(reference) ? Path.of(reference) : null;
    if (referenceStats != null && saveReferenceStats != null) {
      throw new IllegalArgumentException(
          "--save-reference-stats needs a data set as --reference; "
              + reference
              + " already is a statistics file");
    }
    if (source.checkpoint == null && floatPixels) {
      throw new IllegalArgumentException("--float-pixels applies to --checkpoint only");
    }
    DataSplits.Spec ref = referenceStats == null ? DataSplits.Spec.parse(reference, "train") : null;

    // The generated side: a generator, a folder or an array file, streamed.
    Iterator<INDArray> generated = null;
    String generatedName;
    ImageShape shape;
    int nFake = n;
    ImageBatches files = null;
    try {
      if (source.checkpoint != null) {
        Path file =
            Files.isDirectory(source.checkpoint)
                ? source.checkpoint.resolve("checkpoints").resolve("last.ckpt")
                : source.checkpoint;
        if (!Files.exists(file)) {
          throw new CheckpointException("Checkpoint not found: " + file);
        }
        Checkpoints.Loaded cp = Checkpoints.read(file);
        RunConfig config = RunConfig.fromCheckpoint(file, cp);
        Gan gan = config.buildGan();
        Checkpoints.loadWeights(file, gan.parameters());
        shape = config.shape();
        SampleStream samples = new SampleStream(gan, seed, batch, Long.MAX_VALUE, (Integer) null);
        generated =
            floatPixels
                ? samples
                : Stream.generate(() -> ImageBytes.quantize(samples.next())).iterator();
        if (floatPixels) {
          notes.add("generated images scored as float outputs (--float-pixels), not 8-bit images");
        }
        generatedName = "step-" + cp.step() + " of " + file;
      } else {
        shape =
            referenceStats == null
                ? null // the reference data set's shape, learnt below
                : ImageBatches.storedShape(source.images);
        generatedName = "images in " + source.images;
      }

      // The real side: a data set, or statistics from a file.
      ImageDataset real = null;
      if (ref != null) {
        console.printf("Loading reference '%s' (%s split)...%n", ref.dataset(), ref.split());
        console.flush();
        real = DataSplits.load(ref.dataset(), ref.split(), dataDir.path);
        ImageShape realShape = DataSets.shapeOf(real);
        if (shape == null) {
          shape = realShape;
        } else if (!shape.equals(realShape)) {
          throw new SameGanException(
              "The checkpoint generates "
                  + shape
                  + " images but '"
                  + ref.dataset()
                  + "' has "
                  + realShape
                  + "; evaluate against the data set the model was trained on");
        }
      }
      if (source.images != null) {
        files = ImageBatches.open(source.images, shape, batch);
        generated = files;
        if (files.count() < nFake) {
          notes.add(
              "only "
                  + files.count()
                  + " images in "
                  + source.images
                  + "; n_fake lowered from "
                  + n);
          nFake = files.count();
        }
      }
      if (nFake < 2) {
        throw new SameGanException("Need at least 2 generated images, found " + nFake);
      }

      FeatureExtractor fx = FeatureNetworks.load(features, shape);
      console.printf(
          "Feature network: %s; preprocessing: %s%n", fx.description(), fx.preprocessing());
      console.flush();

      long t0 = System.nanoTime();
      CollectedFeatures realFeatures;
      int nReal;
      if (real != null) {
        nReal = n;
        if (real.size() < nReal) {
          notes.add(
              ref.dataset()
                  + " "
                  + ref.split()
                  + " has "
                  + real.size()
                  + " images; n_real lowered from "
                  + n);
          nReal = real.size();
        }
        BatchIterator realIt =
            BatchIterator.builder(real, Math.min(batch, real.size()))
                .seed(seed)
                .dropLast(false)
                .build();
        realFeatures =
            FeatureCollector.builder(
                    fx, ref.dataset(), DataSplits.describe(ref.dataset(), ref.split()), nReal)
                .build()
                .collect(Stream.generate(realIt::next).iterator());
        if (saveReferenceStats != null) {
          PytorchFidStatistics.write(realFeatures.statistics(), saveReferenceStats);
          console.printf("Wrote the real images' statistics to %s%n", saveReferenceStats);
        }
      } else {
        realFeatures =
            CollectedFeatures.ofStatistics(referenceStatistics(referenceStats, fx, notes));
        nReal = (int) Math.min(Integer.MAX_VALUE, realFeatures.count());
      }
      long t1 = System.nanoTime();
      console.printf(
          Locale.ROOT,
          "Real features: %s in %.1f s%n",
          real != null ? nReal + " images" : "statistics from " + referenceStats,
          (t1 - t0) / 1e9);
      console.flush();
      CollectedFeatures fakeFeatures =
          FeatureCollector.builder(fx, "generated", generatedName, nFake)
              .build()
              .collect(generated);
      long t2 = System.nanoTime();
      console.printf(
          Locale.ROOT, "Generated features: %d images in %.1f s%n", nFake, (t2 - t1) / 1e9);
      console.flush();
      if (saveStats != null) {
        PytorchFidStatistics.write(fakeFeatures.statistics(), saveStats);
        console.printf("Wrote the generated images' statistics to %s%n", saveStats);
      }
      if (files != null && files.resized() > 0) {
        notes.add(files.resized() + " generated images were resized (bilinear) to " + shape);
      }
      return score(console, realFeatures, fakeFeatures, notes, t0, t2);
    } finally {
      if (files != null) {
        files.close();
      }
    }
  }

  /** Whether {@code --reference} names a statistics file rather than a data set. */
  static boolean isStatisticsFile(String reference) {
    return reference.toLowerCase(Locale.ROOT).endsWith(".npz");
  }

  /**
   * Reads reference statistics in pytorch-fid's layout: those SameGAN wrote must come from this
   * feature network and preprocessing; those another tool wrote record neither, which a note says.
   */
  private static FeatureStatistics referenceStatistics(
      Path file, FeatureExtractor fx, List<String> notes) {
    if (!Files.isRegularFile(file)) {
      throw new SameGanException(
          "Statistics file not found: "
              + file
              + "; write one with 'samegan evaluate ... --save-reference-stats "
              + file
              + "' or pytorch-fid's --save-stats");
    }
    FeatureStatistics s = PytorchFidStatistics.read(file, fx.dimension());
    if (PytorchFidStatistics.recordsKey(s)) {
      if (!s.key().featureNetwork().equals(fx.description())
          || !s.key().preprocessing().equals(fx.preprocessing())) {
        throw new StatisticsMismatchException(
            file
                + " holds statistics of "
                + s.key().featureNetwork()
                + " ("
                + s.key().preprocessing()
                + ") but --features gives "
                + fx.description()
                + " ("
                + fx.preprocessing()
                + "); pass the feature network the file was made with");
      }
      return s;
    }
    notes.add(
        file.getFileName()
            + " does not record its feature network or N (pytorch-fid layout): FD assumes it"
            + " was made with "
            + fx.description()
            + ", "
            + fx.preprocessing());
    return s.withKey(
        new StatisticsKey(
            file.getFileName().toString(),
            "pytorch-fid statistics",
            fx.description(),
            fx.preprocessing()));
  }

  private int score(
      PrintWriter console,
      CollectedFeatures realFeatures,
      CollectedFeatures fakeFeatures,
      List<String> notes,
      long t0,
      long t2)
      throws java.io.IOException {
    MetricOptions options =
        MetricOptions.builder()
            .kid(kidSubsets, KernelInceptionDistance.DEFAULT_SUBSET_SIZE)
            .seed(seed)
            .build();
    MetricReport report = MetricEvaluator.evaluate(realFeatures, fakeFeatures, options);
    if (realFeatures.hasProbabilities()
        && realFeatures.probabilities().length >= options.classifierScoreSplits()) {
      ClassifierScore.Result own =
          ClassifierScore.withSplits(options.classifierScoreSplits())
              .compute(realFeatures.probabilities());
      notes.add(
          String.format(
              Locale.ROOT,
              "classifier score of the real images themselves: %.4f +- %.4f",
              own.mean(),
              own.std()));
    }
    long t3 = System.nanoTime();
    if (!notes.isEmpty()) {
      notes.addAll(0, report.notes());
      report =
          new MetricReport(
              report.protocol(),
              report.frechetDistance(),
              report.kid(),
              report.classifierScore(),
              report.precisionRecall(),
              report.densityCoverage(),
              notes);
    }
    console.print(report.toTable());
    console.printf(
        Locale.ROOT, "Scores in %.1f s; total %.1f s%n", (t3 - t2) / 1e9, (t3 - t0) / 1e9);
    report.writeJson(out);
    console.printf("Wrote %s%n", out);
    return 0;
  }
}
