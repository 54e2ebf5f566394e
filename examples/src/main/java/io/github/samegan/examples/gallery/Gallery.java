package io.github.samegan.examples.gallery;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Callbacks;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.core.train.TrainingCallback;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.examples.report.ReportCallback;
import io.github.samegan.examples.runs.DataSets;
import io.github.samegan.examples.runs.DataSplits;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The example programs, and the plumbing they share: loading the data set (falling back to the
 * embedded one, with a clear message, when the data set is absent), the standard callbacks
 * (progress, loss log, sample grids, checkpoint, report) and the settings recorded with the run.
 */
public final class Gallery {

  /** How an example is run: its {@code runExample}. */
  @FunctionalInterface
  public interface Runner {
    /** Runs the example. */
    ExampleResult run(ExampleSettings settings, PrintStream console);
  }

  /**
   * One example program.
   *
   * @param name the name for {@code samegan example NAME}
   * @param description one line
   * @param mainClass the class with the {@code main}
   * @param defaultSteps steps when the user gives none
   * @param runner runs it
   * @param options the flags it reads beyond the common ones ({@code --model}, {@code
   *     --checkpoint})
   */
  public record Example(
      String name,
      String description,
      Class<?> mainClass,
      long defaultSteps,
      Runner runner,
      List<String> options) {

    /** An example that reads only the common flags. */
    public Example(
        String name, String description, Class<?> mainClass, long defaultSteps, Runner runner) {
      this(name, description, mainClass, defaultSteps, runner, List.of());
    }

    /** Copies the options. */
    public Example {
      options = List.copyOf(options);
    }
  }

  /** All examples, in the order {@code samegan example} lists them. */
  public static final List<Example> EXAMPLES =
      List.of(
          new Example(
              FashionMnistDcgan.NAME,
              "Reference DCGAN on Fashion-MNIST (grey 32×32; Debian ships the data)",
              FashionMnistDcgan.class,
              2000,
              FashionMnistDcgan::runExample),
          new Example(
              ShapesDcgan.NAME,
              "Reference DCGAN on the embedded shapes set (no download)",
              ShapesDcgan.class,
              600,
              ShapesDcgan::runExample),
          new Example(
              Cifar100Dcgan.NAME,
              "Reference DCGAN on CIFAR-100 (50,000 colour 32×32 images, 100 classes)",
              Cifar100Dcgan.class,
              20000,
              Cifar100Dcgan::runExample),
          new Example(
              Cifar100ConditionalDcgan.NAME,
              "Class-conditional DCGAN on CIFAR-100's 100 fine labels, one grid row per class",
              Cifar100ConditionalDcgan.class,
              20000,
              Cifar100ConditionalDcgan::runExample,
              List.of("--model")),
          new Example(
              Cifar100ResNetSnGan.NAME,
              "ResNet SN-GAN on CIFAR-100: hinge, Adam(2e-4, 0, 0.9), 5 critic steps;"
                  + " on a CPU: --model resnet-sngan-small",
              Cifar100ResNetSnGan.class,
              50000,
              Cifar100ResNetSnGan::runExample,
              List.of("--model")),
          new Example(
              Cifar10WganGp.NAME,
              "WGAN-GP on CIFAR-10: layer-norm critic, 5 critic steps, Adam(1e-4, 0, 0.9)",
              Cifar10WganGp.class,
              20000,
              Cifar10WganGp::runExample),
          new Example(
              CustomLossExample.NAME,
              "A GanLoss written in the example: label-smoothed non-saturating loss",
              CustomLossExample.class,
              600,
              CustomLossExample::runExample),
          new Example(
              CustomGeneratorExample.NAME,
              "A Generator written in the example: upsample + conv, no Sequential",
              CustomGeneratorExample.class,
              600,
              CustomGeneratorExample::runExample),
          new Example(
              FashionMnistDetector.NAME,
              "A real-vs-generated detector against a DCGAN trained first (or"
                  + " --checkpoint): AP, accuracies, the generator's detection rate",
              FashionMnistDetector.class,
              500,
              FashionMnistDetector::runExample,
              List.of("--checkpoint")));

  private Gallery() {}

  /** The example with this name. */
  public static Optional<Example> find(String name) {
    return EXAMPLES.stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
  }

  /**
   * Starts an example: loads its data set (the user's {@code --dataset}, else {@code dataset}). If
   * the example's own data set is absent, says so on {@code console} in one line and falls back to
   * the embedded shapes set (same 3×32×32 shape as CIFAR); a data set the user named explicitly
   * must exist.
   *
   * @throws SameGanException if a data set named with {@code --dataset} is absent
   * @throws IllegalArgumentException if the settings name a model or checkpoint the example does
   *     not read
   */
  public static Run start(String example, String dataset, ExampleSettings s, PrintStream console) {
    return start(example, dataset, false, s, console);
  }

  /**
   * Starts an example that needs class labels (a class-conditional model), as {@link #start}: the
   * fallback for an absent data set is the embedded shapes set with its 16 classes, and a data set
   * without labels is refused.
   *
   * @throws IllegalArgumentException if the data set has no labels
   */
  public static Run startLabelled(
      String example, String dataset, ExampleSettings s, PrintStream console) {
    return start(example, dataset, true, s, console);
  }

  private static Run start(
      String example, String dataset, boolean labelled, ExampleSettings s, PrintStream console) {
    requireReadOptions(example, s);
    String name = s.datasetOr(dataset);
    ImageDataset data;
    try {
      data = DataSets.load(name, s.dataDir(), 32);
    } catch (SameGanException e) {
      if (s.dataset() != null || name.equals("shapes")) {
        throw e;
      }
      name = "shapes";
      data = DataSets.load(name, s.dataDir(), 32);
      console.println(
          example
              + ": "
              + e.getMessage().replaceAll("[.;]?$", "")
              + ". Falling back to the embedded 'shapes' data set"
              + (labelled ? " (" + data.numClasses() + " classes)" : "")
              + " for now (pass --dataset shapes to skip this message).");
    }
    if (labelled && !data.isLabelled()) {
      throw new IllegalArgumentException(
          example
              + " trains a class-conditional model but data set '"
              + name
              + "' has no labels; use a labelled set ("
              + DataSets.labelledNames()
              + ")");
    }
    if (data.size() < s.batch()) {
      throw new IllegalArgumentException(
          "--batch " + s.batch() + " is larger than the data set (" + data.size() + " images)");
    }
    console.printf(
        Locale.ROOT,
        "%s: %s, %,d images of %s%s, writing to %s%n",
        example,
        name,
        data.size(),
        DataSets.shapeOf(data),
        labelled ? String.format(Locale.ROOT, " in %d classes", data.numClasses()) : "",
        s.out());
    console.flush();
    return new Run(example, name, data, s, console);
  }

  /**
   * Refuses {@code --model} / {@code --checkpoint} for a registered example that does not read it.
   */
  private static void requireReadOptions(String example, ExampleSettings s) {
    List<String> reads =
        find(example).map(Example::options).orElse(List.of("--model", "--checkpoint"));
    for (String flag : List.of("--model", "--checkpoint")) {
      boolean given = flag.equals("--model") ? s.model() != null : s.checkpoint() != null;
      if (given && !reads.contains(flag)) {
        throw new IllegalArgumentException(
            example
                + " does not read "
                + flag
                + "; examples that do: "
                + EXAMPLES.stream()
                    .filter(e -> e.options().contains(flag))
                    .map(Example::name)
                    .collect(Collectors.joining(", ")));
      }
    }
  }

  /** A started example: its data and the plumbing every example shares. */
  public static final class Run {
    private final String example;
    private final String dataset;
    private final ImageDataset data;
    private final ExampleSettings settings;
    private final PrintStream console;
    private StepStats last;

    private Run(
        String example,
        String dataset,
        ImageDataset data,
        ExampleSettings settings,
        PrintStream console) {
      this.example = example;
      this.dataset = dataset;
      this.data = data;
      this.settings = settings;
      this.console = console;
    }

    /** The image shape of the data. */
    public ImageShape shape() {
      return DataSets.shapeOf(data);
    }

    /** The data set's name (the fallback's when the example's own was absent). */
    public String dataset() {
      return dataset;
    }

    /** The training images. */
    public ImageDataset data() {
      return data;
    }

    /** The number of classes of the data (0 when unlabelled). */
    public int numClasses() {
      return data.numClasses();
    }

    /** The class names, indexed by label (empty when unlabelled). */
    public List<String> classNames() {
      return data.classNames();
    }

    /**
     * A split of the data set, for examples that must keep images apart (e.g. evaluate on images a
     * network never saw): {@code "train"} or {@code "test"} — the official test split where there
     * is one, else a fixed 10% held out, with {@code "train"} the rest.
     */
    public ImageDataset split(String split) {
      if (split.equals("train") && DataSplits.hasTestSplit(dataset)) {
        return data;
      }
      return DataSplits.load(dataset, split, settings.dataDir());
    }

    /**
     * Seeded, resumable batches of real images in [−1, 1], with their labels for class-conditional
     * models.
     */
    public BatchSource batches(long seed) {
      BatchIterator it = BatchIterator.builder(data, settings.batch()).seed(seed).build();
      return BatchSource.of(() -> it.next(Batch::new), it::position, it::seek);
    }

    /**
     * How often the standard callbacks write: every {@code steps / 10} steps, at most every 100
     * (progress line, sample grid, report; checkpoints five times as rarely).
     */
    public int every() {
      return (int) Math.min(100, Math.max(1, settings.steps() / 10));
    }

    /**
     * Starts a trainer for {@code gan} on this run's real batches ({@link #batches} with seed 1)
     * with the standard callbacks: a progress line, {@code metrics.csv}, sample grids and {@code
     * report.html} every {@link #every()} steps, and {@code checkpoints/last.ckpt}. The optimizers
     * and the number of critic steps set on the returned builder are recorded with the run (shown
     * in its report), together with the data set, the loss and {@code model}.
     *
     * @param model model name recorded with the run (a {@code samegan models} name lets {@code
     *     samegan sample} rebuild it)
     */
    public TrainerBuilder trainer(Gan gan, String model) {
      int every = every();
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("example", example);
      meta.put("dataset", dataset);
      meta.put("model", model);
      meta.put("loss", gan.loss().name());
      ImageShape shape = shape();
      meta.put("channels", Integer.toString(shape.channels()));
      meta.put("height", Integer.toString(shape.height()));
      meta.put("width", Integer.toString(shape.width()));
      meta.put("batch", Integer.toString(settings.batch()));
      if (gan.numClasses() > 0) {
        meta.put("classes", Integer.toString(gan.numClasses()));
      }
      GanTrainer.Builder b =
          GanTrainer.builder(gan, batches(1))
              .metadata(meta)
              .callback(Callbacks.progress(console, every))
              .callback(Callbacks.csvLog(settings.out().resolve("metrics.csv")))
              .callback(Callbacks.sampleGrid(settings.out().resolve("samples"), every, 64, 7))
              .callback(Callbacks.checkpoints(settings.out().resolve("checkpoints"), every * 5, 0))
              .callback(
                  new TrainingCallback() {
                    @Override
                    public void onStep(GanTrainer t, StepStats s) {
                      last = s;
                    }
                  })
              .callback(ReportCallback.duringTraining(true, settings.out(), every, console));
      return new TrainerBuilder(b);
    }

    /** Trains to {@code settings.steps()} and returns what the run produced. */
    public ExampleResult fit(GanTrainer trainer) {
      trainer.fit(settings.steps());
      return new ExampleResult(example, dataset, trainer.currentStep(), last, settings.out());
    }
  }

  /**
   * The part of a trainer an example chooses — optimizers, critic steps, extra callbacks — on top
   * of what {@link Run#trainer} set up. The optimizer settings are recorded with the run.
   */
  public static final class TrainerBuilder {
    private final GanTrainer.Builder builder;
    private Optimizer generator = Optimizer.adam(2e-4, 0.5, 0.999);
    private Optimizer discriminator = Optimizer.adam(2e-4, 0.5, 0.999);
    private int nCritic = 1;

    private TrainerBuilder(GanTrainer.Builder builder) {
      this.builder = builder;
    }

    /** The same optimizer settings for both networks (each keeps its own state). */
    public TrainerBuilder optimizers(Optimizer both) {
      return generatorOptimizer(both).discriminatorOptimizer(both);
    }

    /** The generator's optimizer (default Adam(2e-4, 0.5, 0.999), the DCGAN setting). */
    public TrainerBuilder generatorOptimizer(Optimizer o) {
      builder.generatorOptimizer(o);
      generator = o;
      return this;
    }

    /** The discriminator's optimizer (default Adam(2e-4, 0.5, 0.999)). */
    public TrainerBuilder discriminatorOptimizer(Optimizer o) {
      builder.discriminatorOptimizer(o);
      discriminator = o;
      return this;
    }

    /** Discriminator updates per generator update (default 1). */
    public TrainerBuilder nCritic(int n) {
      builder.nCritic(n);
      nCritic = n;
      return this;
    }

    /** Adds a callback of the example's own. */
    public TrainerBuilder callback(TrainingCallback c) {
      builder.callback(c);
      return this;
    }

    /** Records the optimizer settings and builds the trainer. */
    public GanTrainer build() {
      String g = describe(generator);
      String d = describe(discriminator);
      builder
          .metadata("optimizer", g.equals(d) ? g : "G " + g + ", D " + d)
          .metadata("g_lr", Double.toString(generator.updater().getLearningRate(0, 0)))
          .metadata("d_lr", Double.toString(discriminator.updater().getLearningRate(0, 0)))
          .metadata("n_critic", Integer.toString(nCritic));
      return builder.build();
    }

    /** {@code adam(β1 0.5, β2 0.999)}, or the updater's name for the others. */
    private static String describe(Optimizer o) {
      if (o.updater() instanceof Adam a) {
        return String.format(
            Locale.ROOT, "adam(β1 %s, β2 %s)", number(a.getBeta1()), number(a.getBeta2()));
      }
      return o.updater().getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String number(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
  }

  /**
   * The body of every example's {@code main}: parses the arguments, runs, prints where the results
   * are; a user mistake or a missing data set prints one line and exits with status 2.
   */
  public static void main(String name, String[] args, long steps, Runner runner) {
    try {
      ExampleSettings s =
          ExampleSettings.fromArgs(args, steps, 64, java.nio.file.Path.of("runs", name));
      ExampleResult r = runner.run(s, System.out);
      System.out.println(r.summary());
    } catch (IllegalArgumentException | SameGanException e) {
      System.err.println(name + ": " + e.getMessage());
      System.exit(2);
    }
  }
}
