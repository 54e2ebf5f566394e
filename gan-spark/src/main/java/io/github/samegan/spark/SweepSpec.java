package io.github.samegan.spark;

import io.github.samegan.losses.LossRegistry;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The trainings of a sweep: a list of {@link SweepSetting}s, given one by one ({@link #of}) or as
 * the Cartesian product of value lists ({@link #grid()}).
 *
 * <pre>{@code
 * SweepSpec spec = SweepSpec.grid()
 *     .models("mlp", "dcgan").losses("minimax", "hinge").datasets("shapes")
 *     .generatorLrs(1e-4, 2e-4).seeds(1, 2, 3).steps(2000).batchSize(64)
 *     .build(); // 2 x 2 x 1 x 2 x 3 = 24 settings
 * }</pre>
 *
 * <p>An axis left empty takes the loss's recommended value ({@code LossRegistry.Recommended}:
 * learning rates and n-critic), so a loss unknown to the driver's {@code LossRegistry} needs its
 * learning rates and n-critic given. Two settings with the same {@link SweepSetting#id()} are
 * refused.
 *
 * @param settings the trainings, in order, at least one
 */
public record SweepSpec(List<SweepSetting> settings) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Copies the list and refuses an empty one or duplicate settings. */
  public SweepSpec {
    Objects.requireNonNull(settings, "settings");
    settings = List.copyOf(settings);
    if (settings.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one setting, found none");
    }
    Set<String> ids = new HashSet<>();
    for (SweepSetting s : settings) {
      if (!ids.add(s.id())) {
        throw new IllegalArgumentException("the sweep lists the same setting twice: " + s);
      }
    }
  }

  /** A sweep of the given settings. */
  public static SweepSpec of(List<SweepSetting> settings) {
    return new SweepSpec(settings);
  }

  /** A grid builder (see the class comment). */
  public static Grid grid() {
    return new Grid();
  }

  /** The number of settings. */
  public int size() {
    return settings.size();
  }

  /** Builds the Cartesian product of its axes; models, losses and data sets are required. */
  public static final class Grid {
    private List<String> models = List.of();
    private List<String> losses = List.of();
    private List<String> datasets = List.of();
    private List<Double> generatorLrs = List.of();
    private List<Double> discriminatorLrs = List.of();
    private List<Integer> nCritics = List.of();
    private List<Long> seeds = List.of(1L);
    private List<String> augments = List.of(SweepSetting.NO_AUGMENT);
    private long steps = 1000;
    private int batchSize = 64;

    private Grid() {}

    /** Model names (gan-models' {@code ModelRegistry}). */
    public Grid models(String... names) {
      this.models = List.of(names);
      return this;
    }

    /** Loss names (gan-losses' {@code LossRegistry}). */
    public Grid losses(String... names) {
      this.losses = List.of(names);
      return this;
    }

    /** Data set names (gan-data's {@code DatasetRegistry}). */
    public Grid datasets(String... names) {
      this.datasets = List.of(names);
      return this;
    }

    /** Generator learning rates; none: each loss's recommended one. */
    public Grid generatorLrs(double... lrs) {
      this.generatorLrs = boxed(lrs);
      return this;
    }

    /** Discriminator learning rates; none: each loss's recommended one. */
    public Grid discriminatorLrs(double... lrs) {
      this.discriminatorLrs = boxed(lrs);
      return this;
    }

    /** n-critic values; none: each loss's recommended one. */
    public Grid nCritics(int... values) {
      List<Integer> l = new ArrayList<>();
      for (int v : values) {
        l.add(v);
      }
      this.nCritics = List.copyOf(l);
      return this;
    }

    /** Seeds (default: 1). */
    public Grid seeds(long... values) {
      List<Long> l = new ArrayList<>();
      for (long v : values) {
        l.add(v);
      }
      this.seeds = List.copyOf(l);
      return this;
    }

    /**
     * Augmentations of the real images: gan-data's {@code AugmentPipeline} specs such as {@code
     * "hflip,crop:4"}, or {@code "none"} (the default, the only value). A malformed spec fails its
     * runs (a {@code failed} row naming it), not the sweep.
     */
    public Grid augments(String... specs) {
      this.augments = List.of(specs);
      return this;
    }

    /** Training steps of every run (default 1000). */
    public Grid steps(long steps) {
      this.steps = steps;
      return this;
    }

    /** Batch size of every run (default 64). */
    public Grid batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    private static List<Double> boxed(double[] values) {
      List<Double> l = new ArrayList<>();
      for (double v : values) {
        l.add(v);
      }
      return List.copyOf(l);
    }

    /**
     * The product of the axes.
     *
     * @throws IllegalArgumentException if models, losses or data sets are empty, an axis left empty
     *     needs the recommendation of a loss the registry does not know, or a value is out of range
     */
    public SweepSpec build() {
      requireAxis(models, "models");
      requireAxis(losses, "losses");
      requireAxis(datasets, "datasets");
      requireAxis(seeds, "seeds");
      requireAxis(augments, "augments");
      List<SweepSetting> out = new ArrayList<>();
      for (String model : models) {
        for (String loss : losses) {
          List<Double> gLrs = generatorLrs;
          List<Double> dLrs = discriminatorLrs;
          List<Integer> critics = nCritics;
          if (gLrs.isEmpty() || dLrs.isEmpty() || critics.isEmpty()) {
            LossRegistry.Recommended rec = recommended(loss);
            gLrs = gLrs.isEmpty() ? List.of(rec.generatorLr()) : gLrs;
            dLrs = dLrs.isEmpty() ? List.of(rec.discriminatorLr()) : dLrs;
            critics = critics.isEmpty() ? List.of(rec.nCritic()) : critics;
          }
          for (String dataset : datasets) {
            for (double g : gLrs) {
              for (double d : dLrs) {
                for (int c : critics) {
                  for (String augment : augments) {
                    for (long seed : seeds) {
                      out.add(
                          new SweepSetting(
                              model, loss, dataset, g, d, c, seed, steps, batchSize, augment));
                    }
                  }
                }
              }
            }
          }
        }
      }
      return new SweepSpec(out);
    }

    private static LossRegistry.Recommended recommended(String loss) {
      LossRegistry registry = LossRegistry.standard();
      if (!registry.names().contains(loss)) {
        throw new IllegalArgumentException(
            "unknown loss '"
                + loss
                + "' (known: "
                + String.join(", ", registry.names())
                + "); give generatorLrs, discriminatorLrs and nCritics to sweep a loss the"
                + " driver does not know");
      }
      return registry.entry(loss).recommended();
    }

    private static void requireAxis(List<?> axis, String name) {
      if (axis.isEmpty()) {
        throw new IllegalArgumentException(
            "the grid needs at least one of " + name + ", found none");
      }
    }
  }
}
