package io.github.samegan.examples.cli;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.io.CsvLogs;
import io.github.samegan.core.train.Gan;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.detect.DetectionEvaluator;
import io.github.samegan.detect.DetectionReport;
import io.github.samegan.detect.Detector;
import io.github.samegan.detect.DetectorAugmentation;
import io.github.samegan.detect.DetectorFiles;
import io.github.samegan.detect.DetectorTrainer;
import io.github.samegan.detect.ImageSets;
import io.github.samegan.examples.runs.ClassifierProgress;
import io.github.samegan.examples.runs.DataSets;
import io.github.samegan.examples.runs.FolderImages;
import io.github.samegan.examples.runs.RunConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samegan detect train|eval|score}: CNNDetection-style real-vs-generated detectors (see
 * docs/detection.md).
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description =
        "Real-vs-generated image detection (CNNDetection style): train a detector, evaluate it, score images.",
    subcommands = {DetectCommand.Train.class, DetectCommand.Eval.class, DetectCommand.Score.class})
final class DetectCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing command: choose 'detect train', 'detect eval' or 'detect score'");
  }

  /** {@code --threshold auto|VALUE}: null for auto. */
  static Double parseThreshold(String text) {
    if (text.equalsIgnoreCase("auto")) {
      return null;
    }
    try {
      double t = Double.parseDouble(text);
      if (t >= 0 && t <= 1) {
        return t;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--threshold must be 'auto' or a probability in [0, 1], found '" + text + "'");
  }

  /** {@code --blur 1,2,3} / {@code --jpeg 95,75} lists; {@code none} for an empty sweep. */
  static double[] parseList(String flag, String text) {
    if (text.isBlank() || text.equalsIgnoreCase("none")) {
      return new double[0];
    }
    try {
      return Arrays.stream(text.split(","))
          .mapToDouble(s -> Double.parseDouble(s.trim()))
          .toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          flag + " takes comma-separated numbers or 'none', found '" + text + "'");
    }
  }

  private static void requireCount(String flag, int n, int min) {
    if (n < min) {
      throw new IllegalArgumentException(flag + " must be >= " + min + ", found " + n);
    }
  }

  /** {@code samegan detect train}. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Train a real-vs-generated detector: a small ResNet on real images against generated ones, with",
        "CNNDetection's augmentation (Gaussian blur sigma in [0, 3] and JPEG quality in [30, 100], each with",
        "probability 0.5, random crop and flip). A validation split of each set is held out; the decision",
        "threshold is chosen there (--threshold auto) or fixed. Writes OUT/detector.zip, OUT/validation.json",
        "and OUT/train-log.csv."
      })
  static final class Train implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--real",
        required = true,
        completionCandidates = DataSets.Names.class,
        description =
            "Real images: DATASET[:train|test] (default split: train). Data sets: ${COMPLETION-CANDIDATES}.")
    String real;

    @Mixin SharedOptions.Fakes fakes;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(
        names = "--n",
        defaultValue = "10000",
        description =
            "Most images per class; generated ones are spread over the generators (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(
        names = "--steps",
        defaultValue = "1000",
        description = "Training steps (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(
        names = "--batch",
        defaultValue = "64",
        description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
        names = "--lr",
        defaultValue = "1e-3",
        description = "Adam learning rate, decayed linearly to 0 (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
        names = "--arch",
        defaultValue = Detector.SMALL,
        description =
            "Network: resnet:widths=a,b,c;blocks=n (blocks = residual blocks per stage, the depth; default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(
        names = "--threshold",
        defaultValue = "auto",
        description =
            "auto (best balanced accuracy on the validation split) or a probability (default: ${DEFAULT-VALUE}).")
    String threshold;

    @Option(
        names = "--val-fraction",
        defaultValue = "0.1",
        description = "Fraction of each set held out (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(
        names = "--blur-prob",
        defaultValue = "0.5",
        description = "Probability of the blur augmentation (default: ${DEFAULT-VALUE}).")
    double blurProb;

    @Option(
        names = "--jpeg-prob",
        defaultValue = "0.5",
        description = "Probability of the JPEG augmentation (default: ${DEFAULT-VALUE}).")
    double jpegProb;

    @Option(
        names = "--crop",
        defaultValue = "4",
        description = "Random-crop padding in pixels, 0 = none (default: ${DEFAULT-VALUE}).")
    int crop;

    @Option(names = "--no-flip", description = "No random horizontal flips.")
    boolean noFlip;

    @Option(
        names = "--seed",
        defaultValue = "0",
        description =
            "Seed of weights, samples, split and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin SharedOptions.DataDir dataDir;

    @Option(
        names = "--progress-every",
        defaultValue = "50",
        description = "Print progress every N steps (default: ${DEFAULT-VALUE}).")
    int progressEvery;

    @Override
    public Integer call() throws Exception {
      requireCount("--n", n, 2);
      Double fixed = parseThreshold(threshold);
      DetectSources.requireUsable(fakes.args);
      DetectorAugmentation augmentation =
          new DetectorAugmentation(blurProb, jpegProb, crop, !noFlip);
      PrintWriter console = spec.commandLine().getOut();
      ClassifierProgress progress = new ClassifierProgress(console, steps, progressEvery);
      ImageDataset realSet = DetectSources.real(real, "train", dataDir.path, console);
      ImageShape shape = DataSets.shapeOf(realSet);
      int perFake = (Math.min(n, realSet.size()) + fakes.args.size() - 1) / fakes.args.size();
      List<InMemoryImageDataset> fakeSets = new ArrayList<>();
      for (int i = 0; i < fakes.args.size(); i++) {
        fakeSets.add(
            DetectSources.fakes(fakes.args.get(i), shape, perFake, 250, seed * 1000 + i, console));
      }
      DetectorTrainer.Builder b =
          DetectorTrainer.builder(realSet, fakeSets)
              .realName(DetectSources.describe(real, "train"))
              .architecture(arch)
              .steps(steps)
              .batch(batch)
              .learningRate(lr)
              .augmentation(augmentation)
              .validationFraction(valFraction)
              .maxPerClass(n)
              .seed(seed);
      if (fixed != null) {
        b.threshold(fixed);
      }
      DetectorTrainer trainer = b.build();
      Files.createDirectories(out);
      Path log = out.resolve("train-log.csv");
      DetectorTrainer.Result r;
      try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
        w.write("step,loss,batch_accuracy,ms\n");
        console.printf(
            Locale.ROOT,
            "Training %s on %s %s against %d generator(s), %d steps of batch %d,"
                + " augmentation %s%n",
            arch,
            realSet.name(),
            shape,
            fakes.args.size(),
            steps,
            batch,
            augmentation.spec());
        console.flush();
        r =
            b.progress(
                    s -> {
                      progress.accept(s);
                      try {
                        w.write(
                            String.format(
                                Locale.ROOT,
                                "%d,%.6f,%.4f,%.1f%n",
                                s.step(),
                                s.loss(),
                                s.accuracy(),
                                s.millis()));
                      } catch (IOException e) {
                        throw new UncheckedIOException("Cannot write " + log, e);
                      }
                    })
                .build()
                .train();
      }
      console.printf("Trained on %d real and %d generated images.%n", r.trainReal(), r.trainFake());
      Path file = out.resolve(DetectorFiles.FILE_NAME);
      DetectorFiles.save(file, r.detector());
      if (r.validation() != null) {
        console.println("Validation split:");
        console.print(r.validation().toTable());
        r.validation().writeJson(out.resolve("validation.json"));
      }
      console.printf("Threshold used: %s%n", r.detector().info().thresholdSummary());
      console.printf("Saved %s (use it with: samegan detect eval --detector %s ...)%n", file, out);
      return 0;
    }
  }

  /** {@code samegan detect eval}. */
  @Command(
      name = "eval",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Evaluate a detector like the CNNDetection paper: AP, ROC AUC, accuracy on real and on generated images,",
        "per generator and overall, as they are and under Gaussian blur and JPEG re-compression (applied to real",
        "and generated images alike). Prints a table and writes JSON."
      })
  static final class Eval implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin SharedOptions.Detector detector;

    @Option(
        names = "--real",
        required = true,
        description = "Real images: DATASET[:train|test] (default split: test).")
    String real;

    @Mixin SharedOptions.Fakes fakes;

    @Option(
        names = "--n",
        defaultValue = "2000",
        description = "Images per set: real, and each generator (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(
        names = "--out",
        defaultValue = "detect-eval.json",
        description = "Report file (JSON; default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
        names = "--blur",
        defaultValue = "1,2,3",
        description = "Blur sigmas to sweep, or 'none' (default: ${DEFAULT-VALUE}).")
    String blur;

    @Option(
        names = "--jpeg",
        defaultValue = "95,75,50,30",
        description = "JPEG qualities to sweep, or 'none' (default: ${DEFAULT-VALUE}).")
    String jpeg;

    @Option(
        names = "--threshold",
        description = "Use this threshold instead of the detector's stored one.")
    Double threshold;

    @Option(
        names = "--seed",
        defaultValue = "1",
        description =
            "Seed of the real subset and the generated samples (default: ${DEFAULT-VALUE}; train uses 0).")
    long seed;

    @Option(
        names = "--batch",
        defaultValue = "250",
        description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin SharedOptions.DataDir dataDir;

    @Override
    public Integer call() throws Exception {
      requireCount("--n", n, 1);
      DetectSources.requireUsable(fakes.args);
      PrintWriter console = spec.commandLine().getOut();
      Detector d = DetectorFiles.load(detector.path);
      if (threshold != null) {
        d =
            d.withThreshold(
                threshold,
                "given: --threshold "
                    + threshold
                    + " (stored: "
                    + d.info().thresholdSummary()
                    + ")");
      }
      DetectionEvaluator.Builder eb =
          DetectionEvaluator.builder(d)
              .batch(batch)
              .blurSigmas(parseList("--blur", blur))
              .jpegQualities(
                  Arrays.stream(parseList("--jpeg", jpeg))
                      .mapToInt(
                          q -> {
                            if (q != Math.rint(q)) {
                              throw new IllegalArgumentException(
                                  "--jpeg takes whole-number qualities, found " + q);
                            }
                            return (int) q;
                          })
                      .toArray());
      console.printf("Detector: %s%n", d.describe());
      ImageDataset all = DetectSources.real(real, "test", dataDir.path, console);
      d.requireShape(all.info(), "the real set '" + all.name() + "'");
      List<String> notes = new ArrayList<>();
      ImageDataset realSet = ImageSets.atMost(all, n, seed);
      if (realSet.size() < n) {
        notes.add("only " + realSet.size() + " real images; fewer than --n " + n);
      }
      List<InMemoryImageDataset> fakeSets = new ArrayList<>();
      for (int i = 0; i < fakes.args.size(); i++) {
        InMemoryImageDataset f =
            DetectSources.fakes(
                fakes.args.get(i), d.inputShape(), n, batch, seed * 1000 + 500 + i, console);
        if (f.size() < n) {
          notes.add("only " + f.size() + " images in " + f.name() + "; fewer than --n " + n);
        }
        fakeSets.add(f);
      }
      long t0 = System.nanoTime();
      DetectionReport report = eb.build().evaluate(realSet, fakeSets, notes);
      console.print(report.toTable());
      console.printf(Locale.ROOT, "Scored in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      report.writeJson(out);
      console.printf("Wrote %s%n", out);
      return 0;
    }
  }

  /** {@code samegan detect score}. */
  @Command(
      name = "score",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Score images with a detector: P(generated) per image (CSV) and the detection rate at its threshold."
      })
  static final class Score implements Callable<Integer> {
    @Spec CommandSpec spec;

    static final class Source {
      @Option(
          names = "--images",
          required = true,
          description = "A folder of images of the detector's size.")
      Path images;

      @Option(
          names = "--checkpoint",
          required = true,
          description = "A checkpoint (.ckpt or run folder) whose samples are scored.")
      Path checkpoint;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin SharedOptions.Detector detector;

    @Option(
        names = "--n",
        defaultValue = "1000",
        description = "Samples to draw from --checkpoint (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(
        names = "--out",
        defaultValue = "scores.csv",
        description = "Per-image CSV (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
        names = "--seed",
        defaultValue = "2",
        description = "Latent noise seed for --checkpoint (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--batch",
        defaultValue = "250",
        description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws Exception {
      requireCount("--n", n, 1);
      requireCount("--batch", batch, 1);
      PrintWriter console = spec.commandLine().getOut();
      Detector d = DetectorFiles.load(detector.path);
      List<String> names = new ArrayList<>();
      List<Double> p = new ArrayList<>();
      String what;
      if (source.images != null) {
        FolderImages folder =
            FolderImages.strict(
                source.images,
                d.inputShape(),
                batch,
                "the detector takes " + d.inputShape() + " images only");
        while (folder.hasNext()) {
          for (double v : d.probabilityFake(folder.next())) {
            p.add(v);
          }
        }
        folder.files().forEach(f -> names.add(source.images.relativize(f).toString()));
        what = "images in " + source.images;
      } else {
        Path ckpt = DetectSources.checkpointOf(source.checkpoint);
        if (ckpt == null) {
          throw new SameGanException("Checkpoint not found: " + source.checkpoint);
        }
        RunConfig.LoadedRun run = RunConfig.load(ckpt);
        Gan gan = run.gan();
        if (!gan.generator().outputShape().equals(d.inputShape())) {
          throw new SameGanException(
              "The checkpoint generates "
                  + gan.generator().outputShape()
                  + " images but the detector takes "
                  + d.inputShape()
                  + " images");
        }
        Rng z = new Rng(seed);
        for (int done = 0; done < n; done += batch) {
          int b = Math.min(batch, n - done);
          INDArray images = ImageSets.quantize(gan.sample(b, z));
          for (double v : d.probabilityFake(images)) {
            names.add("sample " + p.size() + " (seed " + seed + ")");
            p.add(v);
          }
        }
        what =
            "samples of "
                + run.config().model()
                + "/"
                + run.config().loss()
                + " step "
                + run.checkpoint().step();
      }
      StringBuilder csv = new StringBuilder("index,source,p_fake,verdict\n");
      int caught = 0;
      double sum = 0;
      for (int i = 0; i < p.size(); i++) {
        boolean fake = d.isFake(p.get(i));
        caught += fake ? 1 : 0;
        sum += p.get(i);
        csv.append(i)
            .append(',')
            .append(CsvLogs.quote(names.get(i)))
            .append(',')
            .append(p.get(i))
            .append(',')
            .append(fake ? "generated" : "real")
            .append('\n');
      }
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, csv, StandardCharsets.UTF_8);
      console.printf(Locale.ROOT, "Scored %d %s with %s%n", p.size(), what, d.describe());
      console.printf(
          Locale.ROOT,
          "Detection rate: %.2f%% (%d of %d called generated at threshold %s); mean P(fake) %.4f%n",
          100.0 * caught / p.size(),
          caught,
          p.size(),
          d.threshold(),
          sum / p.size());
      console.printf("Wrote %s%n", out);
      return 0;
    }
  }
}
