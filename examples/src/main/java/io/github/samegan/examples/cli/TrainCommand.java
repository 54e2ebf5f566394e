package io.github.samegan.examples.cli;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.train.AdaptiveAugment;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Callbacks;
import io.github.samegan.core.train.DiffAugment;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.augment.AugmentPipeline;
import io.github.samegan.examples.cli.ResumeSettings.Setting;
import io.github.samegan.examples.report.ReportCallback;
import io.github.samegan.examples.runs.DataSets;
import io.github.samegan.examples.runs.Evasion;
import io.github.samegan.examples.runs.ModelOptions;
import io.github.samegan.examples.runs.RunCallbacks;
import io.github.samegan.examples.runs.RunConfig;
import io.github.samegan.losses.LossOption;
import io.github.samegan.losses.LossOptions;
import io.github.samegan.losses.LossRegistry;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samegan train}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    modelTransformer = LossFlags.class,
    description = {
      "Train a GAN and write sample grids, a loss log and checkpoints to --out.",
      "Writes OUT/samples/step-NNNNNN.png, OUT/metrics.csv and OUT/checkpoints/last.ckpt",
      "(and OUT/eval.csv with --eval-every, OUT/detection.csv with --detect-every)."
    })
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Read the settings from a recipe file (e.g. configs/cifar10-dcgan.yaml; its keys are these"
              + " flags without '--'); flags given here override it. Every run keeps its resolved"
              + " settings as OUT/config.yaml, a recipe that reruns it.")
  Path configFile;

  @Option(
      names = "--dataset",
      defaultValue = "shapes",
      completionCandidates = DataSets.Names.class,
      description =
          "Data set: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, embedded, no download).")
  String dataset;

  @Mixin SharedOptions.DataDir dataDir;

  @Option(
      names = "--augment",
      description =
          "Augment the real images, e.g. 'hflip' or 'hflip,translate:0.125@0.2'"
              + " (spec syntax in docs/data.md; default: none).")
  String augment;

  @Option(
      names = "--diffaugment",
      arity = "0..1",
      paramLabel = "POLICY",
      fallbackValue = DiffAugment.DEFAULT_POLICY,
      description =
          "Differentiable augmentation of everything D sees, real and generated (Zhao et al. 2020):"
              + " any of color,translation,cutout (alone: ${FALLBACK-VALUE}; default: off).")
  String diffAugment;

  @Option(
      names = "--ada",
      arity = "0..1",
      paramLabel = "POLICY",
      fallbackValue = AdaptiveAugment.DEFAULT_POLICY,
      description =
          "Adaptive discriminator augmentation (ADA, Karras et al. 2020): everything D sees goes"
              + " through these transforms with a probability p that rises while D over-fits"
              + " (alone: ${FALLBACK-VALUE}; also cutout; default: off; not with --diffaugment).")
  String ada;

  @Option(
      names = "--ada-target",
      paramLabel = "T",
      description = "ADA's target for r_t = E[sign(D(real))], in (0, 1) (default: 0.6).")
  Double adaTarget;

  @Option(
      names = "--ada-interval",
      paramLabel = "N",
      description = "Steps between ADA's adjustments of p (default: 4).")
  Integer adaInterval;

  @Option(
      names = "--ada-kimg",
      paramLabel = "K",
      description =
          "ADA's speed: thousands of real images for p to go from 0 to 1 (default: 500, the paper's;"
              + " short runs need 1 or less).")
  Double adaKimg;

  @Option(
      names = "--model",
      defaultValue = "dcgan",
      description = "Architecture, see 'samegan models' (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--ema",
      defaultValue = "0",
      description =
          "Keep an EMA of the generator's weights with this decay (e.g. 0.999) and sample from it (default: 0, off).")
  double ema;

  @Option(
      names = "--ema-bn-batches",
      defaultValue = "16",
      paramLabel = "K",
      description =
          "With --ema: before the EMA generator samples, re-estimate its batch-norm statistics by"
              + " running it in training mode over K seeded latent batches of 64 (BigGAN's"
              + " standing statistics); 0 = use the training generator's statistics (default:"
              + " ${DEFAULT-VALUE}).")
  int emaBnBatches;

  @Option(
      names = "--loss",
      defaultValue = "minimax",
      description = "Loss, see 'samegan losses' (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(
      names = "--steps",
      defaultValue = "1000",
      description = "Train until this step number (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--out", required = true, description = "Run folder.")
  Path out;

  @Option(
      names = "--resume",
      description =
          "Continue the run in --out from its last checkpoint, with its saved settings"
              + " (a setting given with another value is refused, see --allow-changed).")
  boolean resume;

  @Option(
      names = "--allow-changed",
      split = ",",
      paramLabel = "SETTING",
      description =
          "With --resume: train on with these settings changed from the saved run (any of"
              + " batch, seed, g-lr, d-lr, beta1, beta2, n-critic, augment, or a loss flag such"
              + " as gp-weight); the checkpoint records each change.")
  List<String> allowChanged = new ArrayList<>();

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed for weights, noise and data order (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--optimizer",
      description =
          "adam, sgd or rmsprop (default: the loss's recommendation, see docs/losses.md).")
  String optimizer;

  @Option(
      names = "--g-lr",
      description =
          "Generator learning rate (default: the loss's recommendation, 2e-4 for minimax).")
  Double gLr;

  @Option(
      names = "--d-lr",
      description =
          "Discriminator learning rate (default: the loss's recommendation, 2e-4 for minimax).")
  Double dLr;

  @Option(
      names = "--beta1",
      description = "Adam beta1 (default: the loss's recommendation, 0.5 for minimax).")
  Double beta1;

  @Option(
      names = "--beta2",
      description = "Adam beta2 (default: the loss's recommendation, 0.999 for minimax).")
  Double beta2;

  @Option(
      names = "--n-critic",
      description = "D updates per G update (default: the loss's recommendation, 5 for wgan-gp).")
  Integer nCritic;

  // the loss flags (--gp-weight, --clip, ...) follow here: LossFlags adds one per declared
  // LossOption

  @Option(
      names = "--sample-every",
      defaultValue = "100",
      description = "Write a sample grid every N steps (default: ${DEFAULT-VALUE}).")
  int sampleEvery;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "200",
      description = "Checkpoint every N steps (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(
      names = "--progress-every",
      defaultValue = "10",
      description = "Print progress every N steps (default: ${DEFAULT-VALUE}).")
  int progressEvery;

  @Option(
      names = "--eval-every",
      defaultValue = "0",
      description = "Every N steps write FD/KID to OUT/eval.csv (default: 0, off).")
  int evalEvery;

  @Option(
      names = "--eval-features",
      description = "Feature network for --eval-every: classifier:FILE or inception:FILE.")
  String evalFeatures;

  @Option(
      names = "--eval-n",
      defaultValue = "1000",
      description = "Real and generated samples per evaluation (default: ${DEFAULT-VALUE}).")
  int evalN;

  @Option(
      names = "--detect-every",
      defaultValue = "0",
      description =
          "Every N steps write how often --detector catches the generator to OUT/detection.csv (default: 0, off).")
  int detectEvery;

  @Option(
      names = "--detector",
      split = ",",
      description =
          "Detector for --detect-every: a 'samegan detect train' file or folder; repeat it (or give"
              + " a comma-separated list) to watch several (the first writes OUT/detection.csv, the"
              + " k-th OUT/detection-k.csv).")
  List<Path> detectors = new ArrayList<>();

  @Option(
      names = "--detect-n",
      defaultValue = "500",
      description = "Generated images per detection check (default: ${DEFAULT-VALUE}).")
  int detectN;

  @Option(
      names = "--evade",
      split = ",",
      paramLabel = "DETECTOR[:LAMBDA]",
      description =
          "Detector-aware training: add LAMBDA x the detector's 'fake' score of G's images"
              + " (mean -log P(real), through the frozen detector) to G's loss. A 'samegan detect train'"
              + " folder or file; repeat (or separate with commas) for several detectors (LAMBDA default 1;"
              + " docs/detection.md).")
  List<String> evade = new ArrayList<>();

  @Option(
      names = "--evade-start",
      defaultValue = "0",
      description =
          "With --evade: the detector terms are off up to this step (default: ${DEFAULT-VALUE}).")
  long evadeStart;

  @Option(
      names = "--evade-ramp",
      defaultValue = "0",
      description =
          "With --evade: after --evade-start, ramp LAMBDA up linearly over this many steps (default: ${DEFAULT-VALUE}).")
  long evadeRamp;

  @Option(
      names = "--report",
      description =
          "Keep OUT/report.html (charts, samples, settings) up to date while training,"
              + " rewritten with every sample grid.")
  boolean report;

  /** The loss flags' values, set by {@link #validate()}. */
  private LossOptions lossOptions;

  /** The recipe of {@code --config} once applied (then every setting is in the fields). */
  private TrainRecipe recipe;

  @Override
  public Integer call() throws Exception {
    if (configFile != null && recipe == null) {
      return withRecipe(TrainRecipe.read(configFile, spec));
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException(
          "--out "
              + out
              + " is a file, not a folder: a run folder holds samples/, metrics.csv and"
              + " checkpoints/; choose a new folder name for --out");
    }
    PrintWriter console = spec.commandLine().getOut();
    Path ckptDir = out.resolve("checkpoints");
    Path last = ckptDir.resolve("last.ckpt");
    RunConfig config;
    ResumeSettings resumed = null;
    long resumedAt = 0;
    if (resume) {
      if (!Files.exists(last)) {
        throw new SameGanException(
            "Nothing to resume: " + last + " does not exist; drop --resume to start a new run");
      }
      Checkpoints.Loaded savedCheckpoint = Checkpoints.read(last);
      if (steps < savedCheckpoint.step()) {
        throw new SameGanException(
            "--steps "
                + steps
                + " is below the step the run being resumed reached ("
                + savedCheckpoint.step()
                + "): --steps is the step to train until, not a number of further steps;"
                + " pass --steps "
                + (savedCheckpoint.step() + steps)
                + " for "
                + steps
                + " more");
      }
      resumedAt = savedCheckpoint.step();
      Map<String, String> savedMeta = savedCheckpoint.metadata();
      config = RunConfig.fromCheckpoint(last, savedCheckpoint);
      resumed = resumeWith(savedMeta, config);
      // the loss flags that --allow-changed let change (the saved values otherwise)
      config =
          new RunConfig(
              config.dataset(),
              config.model(),
              config.loss(),
              config.shape(),
              config.initSeed(),
              lossOptions,
              // how the EMA samples does not change training: a given value applies on resume
              given("--ema-bn-batches", "") == null
                  ? config.modelOptions()
                  : config.modelOptions().withEmaBnBatches(emaBnBatches),
              config.diffAugment(),
              config.ada());
    } else {
      if (!allowChanged.isEmpty()) {
        throw new IllegalArgumentException(
            "--allow-changed applies only with --resume (a new run has nothing to change)");
      }
      if (Files.exists(last)) {
        throw new SameGanException(
            out
                + " already holds a run ("
                + last
                + "); pass --resume to continue it or choose another --out");
      }
      config = null;
    }

    if (!resume) {
      validate();
    }
    console.printf("Loading data set '%s'...%n", dataset);
    console.flush();
    ImageDataset data = DataSets.load(dataset, dataDir.path, 32);
    ImageShape shape = DataSets.shapeOf(data);
    if (data.size() < batch) {
      throw new IllegalArgumentException(
          "--batch " + batch + " is larger than the data set (" + data.size() + " images)");
    }
    if (config == null) {
      config =
          new RunConfig(
              dataset,
              model,
              loss,
              shape,
              seed,
              lossOptions,
              ModelOptions.forTraining(model, dataset, data.numClasses(), ema)
                  .withEmaBnBatches(emaBnBatches),
              diffAugment,
              adaSpec());
    } else if (!config.shape().equals(shape)) {
      throw new SameGanException(
          "The checkpoint was trained on "
              + config.shape()
              + " images but '"
              + dataset
              + "' has "
              + shape);
    }
    LossRegistry.Recommended rec = LossRegistry.standard().entry(loss).recommended();
    String opt = optimizer != null ? optimizer : rec.optimizer();
    double gLrValue = gLr != null ? gLr : rec.generatorLr();
    double dLrValue = dLr != null ? dLr : rec.discriminatorLr();
    double b1 = beta1 != null ? beta1 : rec.beta1();
    double b2 = beta2 != null ? beta2 : rec.beta2();
    int critic = nCritic != null ? nCritic : rec.nCritic();
    Evasion evasion = evasion(resume ? last : null);
    Gan.Builder ganBuilder = config.ganBuilder();
    List<io.github.samegan.detect.Detector> evaded = evasion.addTo(ganBuilder);
    Gan gan = ganBuilder.build();
    BatchIterator it =
        BatchIterator.builder(data, batch)
            .seed(seed)
            .augment(augment == null ? null : AugmentPipeline.parse(augment).withSeed(seed))
            .build();
    Files.createDirectories(out);
    TrainRecipe.write(
        out.resolve("config.yaml"),
        resolvedSettings(opt, gLrValue, dLrValue, b1, b2, critic, config));
    PrintStream progressOut =
        new PrintStream(new WriterOutputStream(console), true, StandardCharsets.UTF_8);
    GanTrainer.Builder tb =
        GanTrainer.builder(gan, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
            .generatorOptimizer(Optimizer.parse(opt, gLrValue, b1, b2))
            .discriminatorOptimizer(Optimizer.parse(opt, dLrValue, b1, b2))
            .nCritic(critic)
            .seed(seed + 1)
            .metadata(config.toMetadata())
            .metadata(
                Map.of(
                    "batch",
                    Integer.toString(batch),
                    "optimizer",
                    opt,
                    "g_lr",
                    Double.toString(gLrValue),
                    "d_lr",
                    Double.toString(dLrValue),
                    "n_critic",
                    Integer.toString(critic)))
            .metadata(augment == null ? Map.of() : Map.of("augment", augment))
            .metadata(
                Map.of(
                    "seed", Long.toString(seed),
                    "beta1", Double.toString(b1),
                    "beta2", Double.toString(b2)))
            .metadata(resumed == null ? Map.of() : resumed.history(resumedAt))
            .metadata(evasion.toMetadata(evaded))
            .callback(Callbacks.progress(progressOut, progressEvery))
            .callback(Callbacks.csvLog(out.resolve("metrics.csv")))
            .callback(Callbacks.sampleGrid(out.resolve("samples"), sampleEvery, 64, seed + 2))
            .callback(Callbacks.checkpoints(ckptDir, checkpointEvery, 0))
            .callback(
                RunCallbacks.evaluation(
                    evalEvery, evalFeatures, evalN, data, dataset, shape, out, progressOut));
    for (var watch : RunCallbacks.detection(detectEvery, detectors, detectN, out, progressOut)) {
      tb.callback(watch);
    }
    GanTrainer trainer =
        tb.callback(ReportCallback.duringTraining(report, out, sampleEvery, progressOut)).build();
    if (resume) {
      trainer.restore(last);
      console.printf("Resumed %s at step %d%n", last, trainer.currentStep());
      if (!resumed.changes().isEmpty()) {
        console.printf(
            "Changed from the saved run (--allow-changed; recorded in the checkpoint): %s%n",
            String.join(", ", resumed.changes()));
      }
    }
    console.printf(
        Locale.ROOT,
        "Training %s (G %,d params, D %,d params) with %s on %s %s, batch %d, to step %d%n",
        model,
        gan.generatorParameterCount(),
        gan.discriminatorParameterCount(),
        loss,
        dataset,
        shape,
        batch,
        steps);
    if (evasion.isOn()) {
      console.printf(
          "Evading %d detector(s): %s; G's loss gains LAMBDA x mean -log P(real) under each"
              + " (metrics.csv: evade_I, evade_I_weight, evade_I_p_fake)%n",
          evaded.size(), evasion.describe());
      for (int i = 0; i < evaded.size(); i++) {
        console.printf("  %s: %s%n", Evasion.termName(i), evaded.get(i).describe());
      }
    }
    console.flush();
    trainer.fit(steps);
    console.printf(
        "Done at step %d. Samples: %s  Loss log: %s  Checkpoint: %s%n",
        trainer.currentStep(), out.resolve("samples"), out.resolve("metrics.csv"), last);
    return 0;
  }

  /**
   * The {@code --evade} settings: as given for a new run; for a resumed one the saved settings,
   * which a given {@code --evade} must repeat exactly (the detectors are part of G's objective).
   */
  private Evasion evasion(Path resumedFrom) throws java.io.IOException {
    Evasion given = Evasion.parse(evade, evadeStart, evadeRamp);
    if (!given.isOn()
        && (spec.commandLine().getParseResult().hasMatchedOption("--evade-start")
            || spec.commandLine().getParseResult().hasMatchedOption("--evade-ramp"))) {
      throw new IllegalArgumentException("--evade-start and --evade-ramp need --evade DETECTOR");
    }
    if (resumedFrom == null) {
      return given;
    }
    Evasion saved = Evasion.fromMetadata(resumedFrom, Checkpoints.read(resumedFrom).metadata());
    if (given.isOn() && !given.equals(saved)) {
      throw new SameGanException(
          "--evade "
              + given.describe()
              + " differs from the run being resumed ("
              + (saved.isOn() ? saved.describe() : "no --evade")
              + "); drop --evade to keep the saved detectors, or start a new run");
    }
    return saved;
  }

  /**
   * Runs this command again with the recipe's settings for every flag not given on the command
   * line.
   */
  private Integer withRecipe(TrainRecipe r) throws Exception {
    List<String> args = r.merge(spec, spec.commandLine().getParseResult());
    CommandLine cl = new CommandLine(new TrainCommand());
    cl.setOut(spec.commandLine().getOut());
    cl.setErr(spec.commandLine().getErr());
    try {
      cl.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException("--config " + r.file() + ": " + e.getMessage(), e);
    }
    TrainCommand withRecipe = cl.getCommand();
    withRecipe.recipe = r;
    return withRecipe.call();
  }

  /** The settings this run trains with, as a recipe ({@link TrainRecipe#write}). */
  private Map<String, Object> resolvedSettings(
      String opt, double gLrValue, double dLrValue, double b1, double b2, int critic, RunConfig c) {
    LossOptions lo = c.lossOptions();
    Map<String, Object> m = new LinkedHashMap<>();
    if (recipe != null && recipe.values().containsKey(TrainRecipe.DESCRIPTION)) {
      m.put(TrainRecipe.DESCRIPTION, recipe.values().get(TrainRecipe.DESCRIPTION));
    }
    m.put("dataset", dataset);
    if (dataDir.path != null) {
      m.put("data-dir", dataDir.path.toString());
    }
    if (augment != null) {
      m.put("augment", augment);
    }
    if (diffAugment != null) {
      m.put("diffaugment", DiffAugment.parse(diffAugment).policy());
    }
    if (c.ada() != null) {
      AdaptiveAugment a = AdaptiveAugment.fromSpec(c.ada());
      m.put("ada", a.policy());
      m.put("ada-target", a.target());
      m.put("ada-interval", a.interval());
      m.put("ada-kimg", a.kimg());
    }
    m.put("model", model);
    m.put("ema", c.modelOptions().emaDecay());
    m.put("ema-bn-batches", c.modelOptions().emaBnBatches());
    m.put("loss", loss);
    m.put("steps", steps);
    m.put("batch", batch);
    m.put("seed", seed);
    m.put("optimizer", opt);
    m.put("g-lr", gLrValue);
    m.put("d-lr", dLrValue);
    m.put("beta1", b1);
    m.put("beta2", b2);
    m.put("n-critic", critic);
    for (LossOption<?> o : LossRegistry.standard().entry(loss).options()) {
      Object v = lo.get(o);
      m.put(o.flag().substring(2), v instanceof Number || v instanceof Boolean ? v : lo.text(o));
    }
    m.put("sample-every", sampleEvery);
    m.put("checkpoint-every", checkpointEvery);
    m.put("progress-every", progressEvery);
    m.put("eval-every", evalEvery);
    if (evalFeatures != null) {
      m.put("eval-features", evalFeatures);
    }
    m.put("eval-n", evalN);
    m.put("detect-every", detectEvery);
    if (!detectors.isEmpty()) {
      m.put("detector", String.join(",", detectors.stream().map(Path::toString).toList()));
    }
    if (!evade.isEmpty()) {
      m.put("evade", String.join(",", evade));
      m.put("evade-start", evadeStart);
      m.put("evade-ramp", evadeRamp);
    }
    m.put("detect-n", detectN);
    m.put("report", report);
    return m;
  }

  private void validate() {
    if (diffAugment != null) {
      DiffAugment.parse(diffAugment);
    }
    if (ada != null && diffAugment != null) {
      throw new IllegalArgumentException(
          "--ada and --diffaugment both augment everything D sees; pass one of them (ADA adapts"
              + " how often it augments, DiffAugment always augments)");
    }
    adaSpec();
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1, found " + steps);
    }
    if (batch < 1 || batch > 4096) {
      throw new IllegalArgumentException("--batch must be between 1 and 4096, found " + batch);
    }
    if (sampleEvery < 1 || checkpointEvery < 1 || progressEvery < 1) {
      throw new IllegalArgumentException(
          "--sample-every, --checkpoint-every and --progress-every must be >= 1");
    }
    if (nCritic != null && (nCritic < 1 || nCritic > 100)) {
      throw new IllegalArgumentException("--n-critic must be between 1 and 100, found " + nCritic);
    }
    lossOptions = LossFlags.options(spec, loss, LossRegistry.standard().entry(loss));
    RunConfig.checkPairing(model, loss, lossOptions);
  }

  /** The ADA setting the flags describe ({@link AdaptiveAugment#spec()}), or null without --ada. */
  private String adaSpec() {
    if (ada == null) {
      if (adaTarget != null || adaInterval != null || adaKimg != null) {
        throw new IllegalArgumentException(
            "--ada-target, --ada-interval and --ada-kimg set ADA's schedule; add --ada to turn ADA"
                + " on");
      }
      return null;
    }
    return AdaptiveAugment.parse(ada)
        .withSchedule(
            adaTarget != null ? adaTarget : AdaptiveAugment.DEFAULT_TARGET,
            adaInterval != null ? adaInterval : AdaptiveAugment.DEFAULT_INTERVAL,
            adaKimg != null ? adaKimg : AdaptiveAugment.DEFAULT_KIMG)
        .spec();
  }

  /**
   * Applies the saved settings of the run being resumed to every setting not given, and refuses a
   * given one with another value unless {@code --allow-changed} names it ({@link ResumeSettings}).
   */
  private ResumeSettings resumeWith(Map<String, String> meta, RunConfig saved) {
    ResumeSettings r = new ResumeSettings(meta, allowChanged);
    dataset =
        orElse(
            r.resolve(Setting.DATASET, given("--dataset", dataset), ResumeSettings::sameDataset),
            dataset);
    model =
        orElse(r.resolve(Setting.MODEL, given("--model", model), ResumeSettings::sameName), model);
    loss = orElse(r.resolve(Setting.LOSS, given("--loss", loss), ResumeSettings::sameName), loss);
    validate();
    LossOptions kept = saved.lossOptions();
    for (LossOption<?> o : LossFlags.given(spec).keySet()) {
      if (r.resolveLossFlag(o.flag(), lossOptions.text(o), kept.text(o))) {
        kept = kept.withText(o, lossOptions.text(o));
      }
    }
    lossOptions = kept;
    r.resolve(
        Setting.EMA,
        given("--ema", Double.toString(ema)),
        (g, s) -> ResumeSettings.sameNumber(g, s == null ? "0" : s));
    if (diffAugment != null) {
      r.resolve(
          Setting.DIFFAUGMENT,
          DiffAugment.parse(diffAugment).policy(),
          (g, s) -> s != null && g.equals(DiffAugment.parse(s).policy()));
    }
    String adaGiven = adaSpec();
    if (adaGiven != null) {
      r.resolve(
          Setting.ADA,
          adaGiven,
          (g, s) -> s != null && g.equals(AdaptiveAugment.fromSpec(s).spec()));
    }
    optimizer = r.resolve(Setting.OPTIMIZER, optimizer, ResumeSettings::sameName);
    String b =
        r.resolve(
            Setting.BATCH, given("--batch", Integer.toString(batch)), ResumeSettings::sameInteger);
    batch = b == null ? batch : Integer.parseInt(b);
    String sd =
        r.resolve(Setting.SEED, given("--seed", Long.toString(seed)), ResumeSettings::sameInteger);
    seed = sd == null ? seed : Long.parseLong(sd);
    gLr = toDouble(r.resolve(Setting.G_LR, text(gLr), ResumeSettings::sameNumber));
    dLr = toDouble(r.resolve(Setting.D_LR, text(dLr), ResumeSettings::sameNumber));
    beta1 = toDouble(r.resolve(Setting.BETA1, text(beta1), ResumeSettings::sameNumber));
    beta2 = toDouble(r.resolve(Setting.BETA2, text(beta2), ResumeSettings::sameNumber));
    String critic =
        r.resolve(
            Setting.N_CRITIC,
            nCritic == null ? null : nCritic.toString(),
            ResumeSettings::sameInteger);
    nCritic = critic == null ? null : Integer.valueOf(critic);
    augment = r.resolve(Setting.AUGMENT, augment, ResumeSettings::sameAugment);
    return r;
  }

  /** {@code value} when the option was given on the command line, else null. */
  private String given(String option, String value) {
    return spec.commandLine().getParseResult().hasMatchedOption(option) ? value : null;
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }

  private static String text(Double d) {
    return d == null ? null : d.toString();
  }

  private static Double toDouble(String s) {
    return s == null ? null : Double.valueOf(s);
  }
}
