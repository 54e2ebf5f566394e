package io.github.samegan.examples.runs;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.model.AutoEncoderDiscriminator;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.train.AdaptiveAugment;
import io.github.samegan.core.train.DiffAugment;
import io.github.samegan.core.train.Gan;
import io.github.samegan.losses.AuxiliaryClassifierLoss;
import io.github.samegan.losses.InfoGanContinuousCodes;
import io.github.samegan.losses.InfoGanLoss;
import io.github.samegan.losses.LossOption;
import io.github.samegan.losses.LossOptions;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelRegistry;
import io.github.samegan.models.blocks.AuxiliaryClassifierDiscriminator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the command line needs to rebuild a run's model: saved as checkpoint metadata by {@code
 * samegan train} and read back by {@code sample}, {@code serve} and {@code evaluate}.
 *
 * @param dataset data set name
 * @param model model name
 * @param loss loss name
 * @param shape image shape
 * @param initSeed weight-initialisation seed
 * @param lossOptions the loss's hyper-parameters (values of the options its registry entry
 *     declares)
 * @param modelOptions classes of a conditional model and the generator EMA decay
 * @param diffAugment the {@link DiffAugment} policy of the training graphs, or {@code null} for
 *     none
 * @param ada the {@link AdaptiveAugment} setting ({@link AdaptiveAugment#spec()}), or {@code null}
 *     for none
 */
public record RunConfig(
    String dataset,
    String model,
    String loss,
    ImageShape shape,
    long initSeed,
    LossOptions lossOptions,
    ModelOptions modelOptions,
    String diffAugment,
    String ada) {

  /** Validates the DiffAugment policy and the ADA setting (stored in their canonical forms). */
  public RunConfig {
    diffAugment =
        diffAugment == null || diffAugment.isBlank()
            ? null
            : DiffAugment.parse(diffAugment).policy();
    ada = ada == null || ada.isBlank() ? null : AdaptiveAugment.fromSpec(ada).spec();
  }

  /** A run without DiffAugment or ADA. */
  public RunConfig(
      String dataset,
      String model,
      String loss,
      ImageShape shape,
      long initSeed,
      LossOptions lossOptions,
      ModelOptions modelOptions) {
    this(dataset, model, loss, shape, initSeed, lossOptions, modelOptions, null, null);
  }

  /** An unconditional run without generator EMA. */
  public RunConfig(
      String dataset,
      String model,
      String loss,
      ImageShape shape,
      long initSeed,
      LossOptions lossOptions) {
    this(dataset, model, loss, shape, initSeed, lossOptions, ModelOptions.NONE);
  }

  /** Metadata keys of loss options: {@code loss.<key>} of each {@link LossOption}. */
  static final String LOSS_PREFIX = "loss.";

  /**
   * The metadata entries to store in checkpoints: every loss option that a registered loss declares
   * is stored as {@code loss.<key>} (its default where not set).
   */
  public Map<String, String> toMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("dataset", dataset);
    m.put("model", model);
    m.put("loss", loss);
    m.put("channels", Integer.toString(shape.channels()));
    m.put("height", Integer.toString(shape.height()));
    m.put("width", Integer.toString(shape.width()));
    m.put("initSeed", Long.toString(initSeed));
    for (LossOption<?> o : LossRegistry.standard().options()) {
      m.put(LOSS_PREFIX + o.key(), lossOptions.text(o));
    }
    m.putAll(modelOptions.toMetadata());
    if (diffAugment != null) {
      m.put("diffaugment", diffAugment);
    }
    if (ada != null) {
      m.put("ada", ada);
    }
    return m;
  }

  /** Reads a configuration back from checkpoint metadata ({@code file} names it in errors). */
  public static RunConfig fromMetadata(Path file, Map<String, String> m) {
    try {
      return new RunConfig(
          m.getOrDefault("dataset", "unknown"),
          req(file, m, "model"),
          m.getOrDefault("loss", "minimax"),
          new ImageShape(
              Integer.parseInt(req(file, m, "channels")),
              Integer.parseInt(req(file, m, "height")),
              Integer.parseInt(req(file, m, "width"))),
          Long.parseLong(m.getOrDefault("initSeed", "42")),
          lossOptionsFrom(m),
          ModelOptions.fromMetadata(m),
          m.get("diffaugment"),
          m.get("ada"));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(
          "Checkpoint " + file + " has corrupt metadata: " + e.getMessage(), e);
    }
  }

  /**
   * Models whose generator's attention gained spectral norm (issue 24, as SAGAN) → the registered
   * model that keeps it plain, which their older checkpoints were trained as.
   */
  private static final Map<String, String> PLAIN_G_ATTENTION =
      Map.of(
          "resnet-sngan-attn", "resnet-sngan-attn-g-nosn",
          "resnet-sngan-small-attn", "resnet-sngan-small-attn-g-nosn");

  /**
   * Reads the configuration of a checkpoint from its metadata ({@link #fromMetadata}) and its
   * arrays: a {@code resnet-sngan-attn} or {@code resnet-sngan-small-attn} checkpoint without
   * spectral-norm vectors in G's attention was written before that attention was spectrally
   * normalised, and is read as the {@code -g-nosn} model it was trained as.
   */
  public static RunConfig fromCheckpoint(Path file, Checkpoints.Loaded cp) {
    RunConfig c = fromMetadata(file, cp.metadata());
    String plain = PLAIN_G_ATTENTION.get(c.model().toLowerCase(java.util.Locale.ROOT));
    if (plain != null
        && cp.arrays().keySet().stream()
            .noneMatch(n -> n.startsWith("G/") && n.matches(".*attn/[fgh]/u"))) {
      return new RunConfig(
          c.dataset(),
          plain,
          c.loss(),
          c.shape(),
          c.initSeed(),
          c.lossOptions(),
          c.modelOptions(),
          c.diffAugment(),
          c.ada());
    }
    return c;
  }

  /**
   * Every declared loss option found in the metadata; defaults for the others (older checkpoints).
   */
  private static LossOptions lossOptionsFrom(Map<String, String> m) {
    LossOptions o = LossOptions.defaults();
    for (LossOption<?> option : LossRegistry.standard().options()) {
      String text = m.get(LOSS_PREFIX + option.key());
      if (text != null) {
        o = o.withText(option, text);
      }
    }
    return o;
  }

  private static String req(Path file, Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new CheckpointException(
          "Checkpoint "
              + file
              + " was not written by 'samegan train' (no '"
              + key
              + "' in its metadata);"
              + " load it from Java with Checkpoints.loadWeights(file, gan.parameters()) and your own model");
    }
    return v;
  }

  /**
   * Builds the GAN this configuration describes (freshly initialised). A model whose discriminator
   * has a second, classifying head gets its term added to the loss: AC-GAN's class cross-entropy
   * for a conditional model, InfoGAN's code cross-entropy for an unconditional one.
   */
  public Gan buildGan() {
    return ganBuilder().build();
  }

  /**
   * The builder behind {@link #buildGan()}, for a caller that adds training-only parts first (e.g.
   * {@code samegan train --evade}'s generator terms, which sampling never needs).
   */
  public Gan.Builder ganBuilder() {
    ModelRegistry models = ModelRegistry.standard();
    Architecture a = models.architecture(model, shape, modelOptions.numClasses());
    checkPairing(model, loss, lossOptions, a);
    GanLoss l = LossRegistry.standard().loss(loss, lossOptions);
    if (Discriminator.auxiliaryClasses(a.discriminator()) > 0) {
      // a second head on D: AC-GAN when the model takes the data's labels, else InfoGAN's latent
      // code
      l =
          models.entry(model).isConditional()
              ? new AuxiliaryClassifierLoss(lossOptions.get(AuxiliaryClassifierLoss.WEIGHT)).on(l)
              : new InfoGanLoss(l, lossOptions.get(InfoGanLoss.LAMBDA));
      int codes = lossOptions.get(InfoGanContinuousCodes.CODES);
      if (codes > 0 && a.discriminator() instanceof AuxiliaryClassifierDiscriminator d) {
        l =
            new InfoGanContinuousCodes(
                l,
                codes,
                lossOptions.get(InfoGanContinuousCodes.LAMBDA),
                d.featureSize(),
                INFO_Q_HIDDEN);
      }
    }
    return Gan.builder(a.generator(), a.discriminator(), l)
        .seed(initSeed)
        .generatorEma(modelOptions.emaDecay())
        .emaBatchNorm(modelOptions.emaBnBatches())
        .diffAugment(diffAugment == null ? null : DiffAugment.parse(diffAugment))
        .adaptiveAugment(ada == null ? null : AdaptiveAugment.fromSpec(ada));
  }

  /** The losses that read D's scores as energies (an auto-encoder discriminator's). */
  static final java.util.Set<String> ENERGY_LOSSES = java.util.Set.of("ebgan", "began");

  /** The width of InfoGAN's Q hidden layer for continuous codes (the paper's MNIST Q: 128). */
  public static final int INFO_Q_HIDDEN = 128;

  /**
   * Refuses, before anything is allocated, a model and loss settings that cannot train together: an
   * energy loss ({@code ebgan}, {@code began}) with a discriminator that does not score by energy
   * and an auto-encoder discriminator with any other loss; {@code --ac-weight} for a model without
   * a class head on labels ({@code acgan}); the InfoGAN settings for a model without a code head
   * ({@code infogan}), or more continuous codes than z has entries. The architecture is built for a
   * 32×32 image, which allocates no arrays; a model that cannot take that size is left to the real
   * build.
   *
   * @throws IllegalArgumentException naming the setting, the model and what works
   */
  public static void checkPairing(String model, String loss, LossOptions options) {
    ModelRegistry.Entry e = ModelRegistry.standard().entry(model);
    ImageShape probe = new ImageShape(1, 32, 32);
    Architecture a;
    try {
      a = e.isConditional() ? e.conditionalFactory().apply(probe, 10) : e.factory().apply(probe);
    } catch (IllegalArgumentException cannotProbe) {
      return;
    }
    checkPairing(model, loss, options, a);
  }

  private static void checkPairing(String model, String loss, LossOptions options, Architecture a) {
    boolean energyD = a.discriminator() instanceof AutoEncoderDiscriminator;
    boolean energyLoss = ENERGY_LOSSES.contains(loss.toLowerCase(java.util.Locale.ROOT));
    if (energyD && !energyLoss) {
      throw new IllegalArgumentException(
          "Model '"
              + model
              + "' has an auto-encoder discriminator that scores images by reconstruction energy;"
              + " train it with an energy loss (--loss ebgan or --loss began), not --loss "
              + loss);
    }
    if (energyLoss && !energyD) {
      throw new IllegalArgumentException(
          "--loss "
              + loss
              + " reads the discriminator's scores as reconstruction energies, but model '"
              + model
              + "' has no auto-encoder discriminator; use --model ebgan or --model began");
    }
    boolean head = Discriminator.auxiliaryClasses(a.discriminator()) > 0;
    boolean labels = ModelRegistry.standard().entry(model).isConditional();
    for (LossOption<?> o : LossRegistry.HEAD_OPTIONS) {
      if (options.values().containsKey(o)) {
        boolean ac = o == AuxiliaryClassifierLoss.WEIGHT;
        if (!head || ac != labels) {
          throw new IllegalArgumentException(
              o.flag()
                  + " applies to a model whose discriminator has "
                  + (ac
                      ? "a class head on the data's labels (--model acgan)"
                      : "InfoGAN's code head (--model infogan)")
                  + "; model '"
                  + model
                  + "' has none");
        }
      }
    }
    int codes = options.get(InfoGanContinuousCodes.CODES);
    if (codes >= a.generator().latentDim()) {
      throw new IllegalArgumentException(
          "--info-continuous "
              + codes
              + " must leave z some noise: model '"
              + model
              + "' has z of "
              + a.generator().latentDim()
              + " entries");
    }
  }

  /** A run's model with its checkpoint loaded. */
  public record LoadedRun(Path file, RunConfig config, Checkpoints.Loaded checkpoint, Gan gan) {}

  /**
   * A {@code .ckpt} file, or a run folder's {@code checkpoints/last.ckpt}.
   *
   * @throws CheckpointException if there is no such file
   */
  public static Path resolveCheckpoint(Path checkpointOrRun) {
    Path file =
        Files.isDirectory(checkpointOrRun)
            ? checkpointOrRun.resolve("checkpoints").resolve("last.ckpt")
            : checkpointOrRun;
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException("Checkpoint not found: " + file);
    }
    return file;
  }

  /**
   * Rebuilds the model of a checkpoint written by {@code samegan train} and loads its weights.
   *
   * @param checkpointOrRun a {@code .ckpt} file or a run folder
   */
  public static LoadedRun load(Path checkpointOrRun) throws IOException {
    Path file = resolveCheckpoint(checkpointOrRun);
    Checkpoints.Loaded cp = Checkpoints.read(file);
    RunConfig config = fromCheckpoint(file, cp);
    Gan gan = config.buildGan();
    Checkpoints.loadWeights(file, gan.parameters());
    return new LoadedRun(file, config, cp, gan);
  }
}
