package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.engine.Optimizer;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Named losses, so that a command line can say {@code --loss wgan-gp --gp-weight 5}: each entry
 * creates its loss from a {@link LossOptions} record and carries the settings it trains well with
 * ({@link Recommended}), which a command line can apply by default. The catalogue with formulas is
 * docs/losses.md.
 */
public final class LossRegistry {

  /**
   * Training settings a loss is known to work with: one optimizer kind for both networks, their
   * learning rates and betas, and the number of critic updates per generator update.
   *
   * @param optimizer {@code adam} or {@code rmsprop} (see {@link Optimizer#parse})
   * @param discriminatorLr D's learning rate
   * @param generatorLr G's learning rate
   * @param beta1 Adam's β₁ (ignored by RMSProp)
   * @param beta2 Adam's β₂ (ignored by RMSProp)
   * @param nCritic discriminator updates per generator update
   */
  public record Recommended(
      String optimizer, double discriminatorLr, double generatorLr, double beta1, double beta2, int nCritic) {

    /** Validates by building both optimizers once. */
    public Recommended {
      Optimizer.parse(optimizer, discriminatorLr, beta1, beta2);
      Optimizer.parse(optimizer, generatorLr, beta1, beta2);
      if (nCritic < 1 || nCritic > 100) {
        throw new IllegalArgumentException("nCritic must be in [1, 100], found " + nCritic);
      }
    }

    /** The DCGAN setting: Adam(2e-4, 0.5, 0.999) for both, one critic update. */
    public static Recommended dcgan() {
      return new Recommended("adam", 2e-4, 2e-4, 0.5, 0.999, 1);
    }

    /** The discriminator's optimizer. */
    public Optimizer discriminatorOptimizer() {
      return Optimizer.parse(optimizer, discriminatorLr, beta1, beta2);
    }

    /** The generator's optimizer. */
    public Optimizer generatorOptimizer() {
      return Optimizer.parse(optimizer, generatorLr, beta1, beta2);
    }
  }

  /**
   * One registered loss.
   *
   * @param name the identifier used on the command line
   * @param description one line for {@code samegan losses}
   * @param factory creates the loss from the options (reading only {@code options})
   * @param options the option fields this loss reads (a command line may warn about others)
   * @param recommended optimizer settings and n-critic this loss trains well with
   */
  public record Entry(
      String name,
      String description,
      Function<LossOptions, GanLoss> factory,
      Set<LossOptions.Field> options,
      Recommended recommended) {

    /** Validates and copies the components. */
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(factory, "factory");
      options = options.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(options));
      Objects.requireNonNull(recommended, "recommended");
      if (name.isBlank()) {
        throw new IllegalArgumentException("Loss name must be non-blank, found '" + name + "'");
      }
    }

    /** An entry without options, trained with the DCGAN settings. */
    public Entry(String name, String description, java.util.function.Supplier<GanLoss> factory) {
      this(name, description, o -> factory.get(), Set.of(), Recommended.dcgan());
    }

    /** Creates the loss with the given options. */
    public GanLoss create(LossOptions opts) {
      return factory.apply(Objects.requireNonNull(opts, "options"));
    }
  }

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    Recommended dcgan = Recommended.dcgan();
    Recommended wganGp = new Recommended("adam", 1e-4, 1e-4, 0.0, 0.9, 5);
    Recommended ttur = new Recommended("adam", 4e-4, 1e-4, 0.0, 0.9, 1);
    Set<LossOptions.Field> none = Set.of();
    register(new Entry("minimax",
        "Non-saturating GAN loss (Goodfellow et al. 2014): BCE for D, −log D(G(z)) for G",
        o -> MinimaxLoss.nonSaturating(), none, dcgan));
    register(new Entry("minimax-saturating",
        "Literal minimax GAN loss: G minimises log(1 − D(G(z)))",
        o -> MinimaxLoss.saturating(), none, dcgan));
    register(new Entry("wgan",
        "Wasserstein GAN (Arjovsky et al. 2017): critic E[D(G(z))] − E[D(x)], weights clipped to ±c",
        o -> new WassersteinLoss(o.clip()),
        Set.of(LossOptions.Field.CLIP), new Recommended("rmsprop", 5e-5, 5e-5, 0.0, 0.0, 5)));
    register(new Entry("wgan-gp",
        "WGAN with gradient penalty (Gulrajani et al. 2017): λ·E[(‖∇D(x̂)‖ − 1)²] on interpolates",
        o -> PenalizedLoss.of("wgan-gp", WassersteinLoss.unclipped(), new WganGradientPenalty(o.gpWeight())),
        Set.of(LossOptions.Field.GP_WEIGHT), wganGp));
    register(new Entry("hinge",
        "Hinge loss (SN-GAN/BigGAN): E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))], G: −E[D(G(z))]",
        o -> new HingeLoss(), none, ttur));
    register(new Entry("lsgan",
        "Least squares GAN (Mao et al. 2017): ½E[(D(x) − b)²] + ½E[(D(G(z)) − a)²], G: ½E[(D(G(z)) − c)²]",
        o -> new LeastSquaresLoss(o.lsA(), o.lsB(), o.lsC()),
        Set.of(LossOptions.Field.LS_TARGETS), dcgan));
    register(new Entry("ragan",
        "Relativistic average GAN (Jolicoeur-Martineau 2018): real vs. average fake, cross-entropy",
        o -> new RelativisticAverageLoss(RelativisticAverageLoss.Form.STANDARD), none, dcgan));
    register(new Entry("ralsgan",
        "Relativistic average least squares GAN (Jolicoeur-Martineau 2018)",
        o -> new RelativisticAverageLoss(RelativisticAverageLoss.Form.LEAST_SQUARES), none, dcgan));
    register(new Entry("rahinge",
        "Relativistic average hinge GAN (Jolicoeur-Martineau 2018)",
        o -> new RelativisticAverageLoss(RelativisticAverageLoss.Form.HINGE), none, ttur));
    register(new Entry("r1",
        "Non-saturating loss + R1 penalty (Mescheder et al. 2018): (γ/2)·E[‖∇D(x)‖²] on real data",
        o -> PenalizedLoss.of("r1", MinimaxLoss.nonSaturating(),
            ZeroCenteredGradientPenalty.r1(o.r1Gamma(), o.lazyEvery())),
        Set.of(LossOptions.Field.R1_GAMMA, LossOptions.Field.LAZY_EVERY), dcgan));
    register(new Entry("r2",
        "Non-saturating loss + R2 penalty (Mescheder et al. 2018): (γ/2)·E[‖∇D(G(z))‖²] on fakes",
        o -> PenalizedLoss.of("r2", MinimaxLoss.nonSaturating(),
            ZeroCenteredGradientPenalty.r2(o.r1Gamma(), o.lazyEvery())),
        Set.of(LossOptions.Field.R1_GAMMA, LossOptions.Field.LAZY_EVERY), dcgan));
    register(new Entry("dragan",
        "Non-saturating loss + DRAGAN penalty (Kodali et al. 2017) around perturbed real data",
        o -> PenalizedLoss.of("dragan", MinimaxLoss.nonSaturating(),
            new DraganPenalty(o.gpWeight(), o.draganScale())),
        Set.of(LossOptions.Field.GP_WEIGHT, LossOptions.Field.DRAGAN_SCALE), dcgan));
    register(new Entry("feature-matching",
        "Feature matching (Salimans et al. 2016): G matches D's mean last-hidden features of real data",
        o -> new FeatureMatchingLoss(), none, dcgan));
  }

  private LossRegistry() {}

  /** Adds (or replaces) a loss. */
  public static synchronized void register(Entry entry) {
    Objects.requireNonNull(entry, "entry");
    ENTRIES.put(entry.name().toLowerCase(Locale.ROOT), entry);
  }

  /** All registered losses, in registration order. */
  public static synchronized List<Entry> entries() {
    return List.copyOf(ENTRIES.values());
  }

  /**
   * The entry of a named loss.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static synchronized Entry entry(String name) {
    Entry e = name == null ? null : ENTRIES.get(name.toLowerCase(Locale.ROOT));
    if (e == null) {
      throw new IllegalArgumentException(
          "Unknown loss '" + name + "'; known losses: " + String.join(", ", ENTRIES.keySet()));
    }
    return e;
  }

  /**
   * Creates a named loss with default hyper-parameters ({@link LossOptions#defaults()}).
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static GanLoss create(String name) {
    return create(name, LossOptions.defaults());
  }

  /**
   * Creates a named loss with the given hyper-parameters.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static GanLoss create(String name, LossOptions options) {
    return entry(name).create(options);
  }
}
