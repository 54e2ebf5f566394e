package io.github.samegan.examples.cli;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Gan;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.eval.metrics.ClassifierScore;
import io.github.samegan.eval.metrics.CollectedFeatures;
import io.github.samegan.eval.metrics.FeatureCollector;
import io.github.samegan.eval.metrics.FeatureExtractor;
import io.github.samegan.eval.metrics.KernelInceptionDistance;
import io.github.samegan.eval.metrics.MetricEvaluator;
import io.github.samegan.eval.metrics.MetricOptions;
import io.github.samegan.eval.metrics.MetricReport;
import io.github.samegan.examples.runs.DataSets;
import io.github.samegan.examples.runs.DataSplits;
import io.github.samegan.examples.runs.FeatureNetworks;
import io.github.samegan.examples.runs.FolderImages;
import io.github.samegan.examples.runs.RunConfig;
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
 * checkpoint's samples (or a folder of images) against a real data set, in a named feature
 * network's space. Images are generated (or read) and passed through the feature network batch by
 * batch; only the feature rows are kept.
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
        description = "A folder of generated images (PNG/JPEG/...) to score.")
    Path images;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--reference",
      required = true,
      completionCandidates = DataSets.Names.class,
      description =
          "Real images: DATASET[:train|test] (default split: train). Data sets: ${COMPLETION-CANDIDATES}.")
  String reference;

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
    DataSplits.Spec ref = DataSplits.Spec.parse(reference, "train");

    // The generated side: a generator or a folder, streamed.
    Iterator<INDArray> generated;
    String generatedName;
    ImageShape shape;
    int nFake = n;
    FolderImages folder = null;
    if (source.checkpoint != null) {
      Path file =
          Files.isDirectory(source.checkpoint)
              ? source.checkpoint.resolve("checkpoints").resolve("last.ckpt")
              : source.checkpoint;
      if (!Files.exists(file)) {
        throw new CheckpointException("Checkpoint not found: " + file);
      }
      Checkpoints.Loaded cp = Checkpoints.read(file);
      RunConfig config = RunConfig.fromMetadata(file, cp.metadata());
      Gan gan = config.buildGan();
      Checkpoints.loadWeights(file, gan.parameters());
      shape = config.shape();
      Rng z = new Rng(seed);
      generated = Stream.generate(() -> gan.sample(batch, z)).iterator();
      generatedName = "step-" + cp.step() + " of " + file;
    } else {
      console.printf("Reading the reference data set first to learn the image shape...%n");
      shape = null;
      generatedName = "images in " + source.images;
      generated = null;
    }

    console.printf("Loading reference '%s' (%s split)...%n", ref.dataset(), ref.split());
    console.flush();
    ImageDataset real = DataSplits.load(ref.dataset(), ref.split(), dataDir.path);
    ImageShape realShape = DataSets.shapeOf(real);
    if (shape == null) {
      shape = realShape;
      folder = new FolderImages(source.images, shape, batch);
      generated = folder;
      if (folder.count() < nFake) {
        notes.add(
            "only "
                + folder.count()
                + " images in "
                + source.images
                + "; n_fake lowered from "
                + n);
        nFake = folder.count();
      }
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
    if (nFake < 2) {
      throw new SameGanException("Need at least 2 generated images, found " + nFake);
    }
    int nReal = n;
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

    FeatureExtractor fx = FeatureNetworks.load(features, shape);
    console.printf(
        "Feature network: %s; preprocessing: %s%n", fx.description(), fx.preprocessing());
    console.flush();

    long t0 = System.nanoTime();
    BatchIterator realIt =
        BatchIterator.builder(real, Math.min(batch, real.size()))
            .seed(seed)
            .dropLast(false)
            .build();
    CollectedFeatures realFeatures =
        FeatureCollector.builder(
                fx, ref.dataset(), DataSplits.describe(ref.dataset(), ref.split()), nReal)
            .build()
            .collect(Stream.generate(realIt::next).iterator());
    long t1 = System.nanoTime();
    console.printf(Locale.ROOT, "Real features: %d images in %.1f s%n", nReal, (t1 - t0) / 1e9);
    console.flush();
    CollectedFeatures fakeFeatures =
        FeatureCollector.builder(fx, "generated", generatedName, nFake).build().collect(generated);
    long t2 = System.nanoTime();
    console.printf(
        Locale.ROOT, "Generated features: %d images in %.1f s%n", nFake, (t2 - t1) / 1e9);
    console.flush();
    if (folder != null && folder.resized() > 0) {
      notes.add(folder.resized() + " generated images were resized (bilinear) to " + shape);
    }
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
