package io.github.samegan.losses;

import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.registry.NamedEntries;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Named losses, so that a command line can say {@code --loss wgan-gp --gp-weight 5}: each entry
 * creates its loss from {@link LossOptions}, declares the {@link LossOption}s it reads and carries
 * the settings it trains well with ({@link Recommended}), which a command line can apply by
 * default. The catalogue with formulas is docs/losses.md.
 *
 * <p>A registry is immutable. {@link #standard()} holds the built-in losses and those of every
 * {@link LossProvider} listed in {@code META-INF/services}; {@link #builder()} composes another.
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
      String optimizer,
      double discriminatorLr,
      double generatorLr,
      double beta1,
      double beta2,
      int nCritic) {

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
   * @param name the identifier used on the command line (case-insensitive, no whitespace)
   * @param description one line for {@code samegan losses}
   * @param factory creates the loss from the options (reading only {@code options})
   * @param options the options this loss reads, each with distinct key and flag (a command line
   *     rejects the others)
   * @param recommended optimizer settings and n-critic this loss trains well with
   */
  public record Entry(
      String name,
      String description,
      Function<LossOptions, GanLoss> factory,
      List<LossOption<?>> options,
      Recommended recommended) {

    /** Validates and copies the components. */
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(factory, "factory");
      options = List.copyOf(options);
      Objects.requireNonNull(recommended, "recommended");
      if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "Loss name must be non-blank without whitespace, found '" + name + "'");
      }
      if (description.contains("\n")) {
        throw new IllegalArgumentException(
            "Loss '" + name + "' needs a one-line description, found '" + description + "'");
      }
      Set<String> seen = new HashSet<>();
      for (LossOption<?> o : options) {
        if (!seen.add(o.key()) || !seen.add(o.flag())) {
          throw new IllegalArgumentException(
              "Loss '"
                  + name
                  + "' lists option "
                  + o.flag()
                  + " ("
                  + o.key()
                  + ") twice or with a key or flag another of its options has; found "
                  + options);
        }
      }
    }

    /** An entry without options, trained with the DCGAN settings. */
    public Entry(String name, String description, Supplier<GanLoss> factory) {
      this(name, description, o -> factory.get(), List.of(), Recommended.dcgan());
    }

    /**
     * Creates the loss with the given options: it reads its own {@link #options()}, and the {@link
     * #COMMON} options add their terms to it (historical averaging when {@link
     * HistoricalAveraging#WEIGHT} is above 0, the generator's orthogonal regularisation when {@link
     * OrthogonalRegularization#WEIGHT} is).
     */
    public GanLoss create(LossOptions opts) {
      Objects.requireNonNull(opts, "options");
      GanLoss loss =
          OrthogonalRegularization.on(
              factory.apply(opts), opts.get(OrthogonalRegularization.WEIGHT));
      return HistoricalAveraging.on(loss, opts.get(HistoricalAveraging.WEIGHT));
    }

    /**
     * Whether this loss reads {@code option}: one of its own, of the {@link #COMMON} or of the
     * {@link #HEAD_OPTIONS}.
     */
    public boolean reads(LossOption<?> option) {
      return options.contains(option) || COMMON.contains(option) || HEAD_OPTIONS.contains(option);
    }
  }

  /**
   * Options every loss reads, whatever its entry declares: {@link HistoricalAveraging#WEIGHT}
   * ({@code --history-weight}) and {@link OrthogonalRegularization#WEIGHT} ({@code
   * --ortho-weight}), whose terms {@link Entry#create} adds to any loss.
   */
  public static final List<LossOption<?>> COMMON =
      List.of(HistoricalAveraging.WEIGHT, OrthogonalRegularization.WEIGHT);

  /**
   * Options every loss reads that configure the term of a discriminator's second head: {@link
   * AuxiliaryClassifierLoss#WEIGHT} ({@code --ac-weight}), {@link InfoGanLoss#LAMBDA} ({@code
   * --info-lambda}) and {@link InfoGanContinuousCodes#CODES} / {@link
   * InfoGanContinuousCodes#LAMBDA} ({@code --info-continuous}, {@code --info-continuous-lambda}).
   * {@link Entry#create} does not apply them: whoever assembles the GAN knows whether the model has
   * such a head and wraps the loss (the command line does so for {@code acgan} and {@code infogan},
   * and refuses them for other models).
   */
  public static final List<LossOption<?>> HEAD_OPTIONS =
      List.of(
          AuxiliaryClassifierLoss.WEIGHT,
          InfoGanLoss.LAMBDA,
          InfoGanContinuousCodes.CODES,
          InfoGanContinuousCodes.LAMBDA);

  private static final Object STANDARD_LOCK = new Object();
  private static LossRegistry standard;

  private final Map<String, Entry> entries;
  private final List<LossOption<?>> options;

  private LossRegistry(Map<String, Entry> entries) {
    this.entries = entries;
    Map<String, LossOption<?>> byKey = new LinkedHashMap<>();
    Map<String, LossOption<?>> byFlag = new LinkedHashMap<>();
    Map<LossOption<?>, String> declaredBy = new LinkedHashMap<>();
    List<Entry> declaring = new java.util.ArrayList<>(entries.values());
    List<LossOption<?>> everyLoss = new ArrayList<>(COMMON);
    everyLoss.addAll(HEAD_OPTIONS);
    declaring.add(
        new Entry(
            "every-loss",
            "the options every loss reads",
            o -> null,
            everyLoss,
            Recommended.dcgan()));
    for (Entry e : declaring) {
      for (LossOption<?> o : e.options()) {
        LossOption<?> sameKey = byKey.putIfAbsent(o.key(), o);
        LossOption<?> sameFlag = byFlag.putIfAbsent(o.flag(), o);
        LossOption<?> clash = sameKey != null && sameKey != o ? sameKey : sameFlag;
        if (clash != null && clash != o) {
          throw new IllegalArgumentException(
              "Loss '"
                  + e.name()
                  + "' declares option "
                  + o.flag()
                  + " ("
                  + o.key()
                  + ") but loss '"
                  + declaredBy.get(clash)
                  + "' declares another option "
                  + clash.flag()
                  + " ("
                  + clash.key()
                  + "); losses that share a setting must list the same LossOption constant,"
                  + " others need their own key and flag");
        }
        declaredBy.putIfAbsent(o, e.name());
      }
    }
    this.options = List.copyOf(declaredBy.keySet());
  }

  /**
   * The built-in losses followed by those of every {@link LossProvider} found by {@link
   * ServiceLoader} (on the thread's context class loader), built once and cached.
   *
   * @throws IllegalStateException if a provider cannot be loaded or its losses clash with others
   *     (the message names the provider)
   */
  public static LossRegistry standard() {
    synchronized (STANDARD_LOCK) {
      if (standard == null) {
        standard =
            builder()
                .addBuiltIns()
                .addDiscovered(Thread.currentThread().getContextClassLoader())
                .build();
      }
      return standard;
    }
  }

  /** An empty builder; see {@link Builder#addBuiltIns()} and {@link Builder#addDiscovered}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a loss of {@link #standard()} with default options ({@link LossOptions#defaults()}).
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static GanLoss create(String name) {
    return standard().loss(name, LossOptions.defaults());
  }

  /**
   * Creates a loss of {@link #standard()} with the given options.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static GanLoss create(String name, LossOptions options) {
    return standard().loss(name, options);
  }

  /** All losses, in registration order. */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /** The names of all losses, in registration order. */
  public List<String> names() {
    return entries.values().stream().map(Entry::name).toList();
  }

  /**
   * The entry of a named loss (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public Entry entry(String name) {
    return NamedEntries.lookup(entries, name, "loss", "losses");
  }

  /**
   * Creates a named loss.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public GanLoss loss(String name, LossOptions options) {
    return entry(name).create(options);
  }

  /** Every option some loss reads, each once, in the order the losses declare them. */
  public List<LossOption<?>> options() {
    return options;
  }

  /** The losses that read {@code option}, in registration order. */
  public List<Entry> readers(LossOption<?> option) {
    return entries.values().stream().filter(e -> e.reads(option)).toList();
  }

  /** Builds a {@link LossRegistry}; names are unique (case-insensitive). */
  public static final class Builder {
    private final NamedEntries<Entry> entries = new NamedEntries<>("loss", "losses", Entry::name);

    private Builder() {}

    /**
     * Adds a loss.
     *
     * @throws IllegalArgumentException if a loss of that name is already added
     */
    public Builder add(Entry entry) {
      entries.add(entry);
      return this;
    }

    /** Adds losses in order. */
    public Builder addAll(Collection<Entry> more) {
      more.forEach(this::add);
      return this;
    }

    /** Adds SameGAN's losses (docs/losses.md). */
    public Builder addBuiltIns() {
      return addAll(builtIns());
    }

    /**
     * Adds the losses of every {@link LossProvider} listed in {@code
     * META-INF/services/io.github.samegan.losses.LossProvider} visible to {@code loader}.
     *
     * @throws IllegalStateException naming the provider if it cannot be loaded or its losses clash
     */
    public Builder addDiscovered(ClassLoader loader) {
      entries.addDiscovered(LossProvider.class, loader, LossProvider::losses, this::build);
      return this;
    }

    /**
     * The registry.
     *
     * @throws IllegalArgumentException if two losses declare different options with the same key or
     *     flag
     */
    public LossRegistry build() {
      return new LossRegistry(entries.toMap());
    }
  }

  private static List<Entry> builtIns() {
    Recommended dcgan = Recommended.dcgan();
    Recommended wganGp = new Recommended("adam", 1e-4, 1e-4, 0.0, 0.9, 5);
    Recommended ttur = new Recommended("adam", 4e-4, 1e-4, 0.0, 0.9, 1);
    LossOption<Double> gpWeight = TwoSidedGradientPenalty.WEIGHT;
    LossOption<Double> gamma = ZeroCenteredGradientPenalty.GAMMA;
    LossOption<Integer> lazy = ZeroCenteredGradientPenalty.LAZY_EVERY;
    List<Entry> l = new ArrayList<>();
    l.add(
        new Entry(
            "minimax",
            "Non-saturating GAN loss (Goodfellow et al. 2014): BCE for D, −log D(G(z)) for G",
            o -> MinimaxLoss.nonSaturating(),
            List.of(),
            dcgan));
    l.add(
        new Entry(
            "minimax-saturating",
            "Literal minimax GAN loss: G minimises log(1 − D(G(z)))",
            o -> MinimaxLoss.saturating(),
            List.of(),
            dcgan));
    l.add(
        new Entry(
            "wgan",
            "Wasserstein GAN (Arjovsky et al. 2017): critic E[D(G(z))] − E[D(x)], weights clipped to ±c",
            o -> new WassersteinLoss(o.get(WassersteinLoss.CLIP)),
            List.of(WassersteinLoss.CLIP),
            new Recommended("rmsprop", 5e-5, 5e-5, 0.0, 0.0, 5)));
    l.add(
        new Entry(
            "wgan-gp",
            "WGAN with gradient penalty (Gulrajani et al. 2017): λ·E[(‖∇D(x̂)‖ − 1)²] on interpolates",
            o ->
                PenalizedLoss.of(
                    "wgan-gp",
                    WassersteinLoss.unclipped(),
                    new WganGradientPenalty(o.get(gpWeight))),
            List.of(gpWeight),
            wganGp));
    l.add(
        new Entry(
            "hinge",
            "Hinge loss (SN-GAN/BigGAN): E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))], G: −E[D(G(z))]",
            o -> new HingeLoss(),
            List.of(),
            ttur));
    l.add(
        new Entry(
            "lsgan",
            "Least squares GAN (Mao et al. 2017): ½E[(D(x) − b)²] + ½E[(D(G(z)) − a)²], G: ½E[(D(G(z)) − c)²]",
            o -> new LeastSquaresLoss(o.get(LeastSquaresLoss.TARGETS)),
            List.of(LeastSquaresLoss.TARGETS),
            dcgan));
    l.add(
        new Entry(
            "ragan",
            "Relativistic average GAN (Jolicoeur-Martineau 2018): real vs. average fake, cross-entropy",
            o -> new RelativisticAverageLoss(RelativisticAverageLoss.Form.STANDARD),
            List.of(),
            dcgan));
    l.add(
        new Entry(
            "ralsgan",
            "Relativistic average least squares GAN (Jolicoeur-Martineau 2018)",
            o -> new RelativisticAverageLoss(RelativisticAverageLoss.Form.LEAST_SQUARES),
            List.of(),
            dcgan));
    l.add(
        new Entry(
            "rahinge",
            "Relativistic average hinge GAN (Jolicoeur-Martineau 2018)",
            o -> new RelativisticAverageLoss(RelativisticAverageLoss.Form.HINGE),
            List.of(),
            ttur));
    l.add(
        new Entry(
            "r1",
            "Non-saturating loss + R1 penalty (Mescheder et al. 2018): (γ/2)·E[‖∇D(x)‖²] on real data",
            o ->
                PenalizedLoss.of(
                    "r1",
                    MinimaxLoss.nonSaturating(),
                    ZeroCenteredGradientPenalty.r1(o.get(gamma), o.get(lazy))),
            List.of(gamma, lazy),
            dcgan));
    l.add(
        new Entry(
            "r2",
            "Non-saturating loss + R2 penalty (Mescheder et al. 2018): (γ/2)·E[‖∇D(G(z))‖²] on fakes",
            o ->
                PenalizedLoss.of(
                    "r2",
                    MinimaxLoss.nonSaturating(),
                    ZeroCenteredGradientPenalty.r2(o.get(gamma), o.get(lazy))),
            List.of(gamma, lazy),
            dcgan));
    l.add(
        new Entry(
            "dragan",
            "Non-saturating loss + DRAGAN penalty (Kodali et al. 2017) around perturbed real data",
            o ->
                PenalizedLoss.of(
                    "dragan",
                    MinimaxLoss.nonSaturating(),
                    new DraganPenalty(o.get(gpWeight), o.get(DraganPenalty.SCALE))),
            List.of(gpWeight, DraganPenalty.SCALE),
            dcgan));
    l.add(
        new Entry(
            "feature-matching",
            "Feature matching (Salimans et al. 2016): G matches D's mean last-hidden features of real data",
            o -> new FeatureMatchingLoss(),
            List.of(),
            dcgan));
    l.add(
        new Entry(
            "ebgan",
            "Energy-based GAN (Zhao et al. 2016): D(x) + max(0, m − D(G(z))) on auto-encoder energies, G + pulling-away term",
            o ->
                new EnergyBasedLoss(
                    o.get(EnergyBasedLoss.MARGIN), o.get(EnergyBasedLoss.PT_WEIGHT)),
            List.of(EnergyBasedLoss.MARGIN, EnergyBasedLoss.PT_WEIGHT),
            dcgan));
    l.add(
        new Entry(
            "began",
            "Boundary equilibrium GAN (Berthelot et al. 2017): L(x) − k_t·L(G(z)) with the k_t balance; M in metrics",
            o ->
                new BoundaryEquilibriumLoss(
                    o.get(BoundaryEquilibriumLoss.GAMMA), o.get(BoundaryEquilibriumLoss.LAMBDA_K)),
            List.of(BoundaryEquilibriumLoss.GAMMA, BoundaryEquilibriumLoss.LAMBDA_K),
            new Recommended("adam", 1e-4, 1e-4, 0.5, 0.999, 1)));
    return l;
  }
}
