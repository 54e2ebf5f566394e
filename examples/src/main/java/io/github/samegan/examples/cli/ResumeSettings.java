package io.github.samegan.examples.cli;

import io.github.samegan.core.SameGanException;
import io.github.samegan.data.augment.AugmentPipeline;
import io.github.samegan.data.registry.DatasetEntry;
import io.github.samegan.examples.runs.DataSets;
import io.github.samegan.losses.LossRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * What {@code samegan train --resume} does with the training settings saved in a checkpoint's
 * metadata: a setting left out takes the saved value; a setting given with the saved value is fine;
 * a setting given with another value is refused, unless {@code --allow-changed} names it and it may
 * change at all. Allowed changes are kept in the metadata ({@value #HISTORY_KEY}) as a history, so
 * a checkpoint never misreports how its run was trained.
 */
final class ResumeSettings {
  /** The metadata key of the history of allowed changes. */
  static final String HISTORY_KEY = "resume_changes";

  /**
   * A training setting: its flag, metadata key, and whether {@code --allow-changed} may name it.
   */
  enum Setting {
    DATASET("dataset", "dataset", false, "the run's images"),
    MODEL("model", "model", false, "the networks' architecture"),
    LOSS("loss", "loss", false, "the graphs the run trains"),
    EMA("ema", "ema", false, "the generator average the checkpoint holds"),
    DIFFAUGMENT("diffaugment", "diffaugment", false, "the graphs the run trains"),
    ADA("ada", "ada", false, "the graphs the run trains and the p it adapts"),
    OPTIMIZER("optimizer", "optimizer", false, "the optimizer state the checkpoint holds"),
    BATCH("batch", "batch", true, null),
    SEED("seed", "seed", true, null),
    G_LR("g-lr", "g_lr", true, null),
    D_LR("d-lr", "d_lr", true, null),
    BETA1("beta1", "beta1", true, null),
    BETA2("beta2", "beta2", true, null),
    N_CRITIC("n-critic", "n_critic", true, null),
    AUGMENT("augment", "augment", true, null);

    final String name;
    final String key;
    final boolean changeable;
    final String fixedBy;

    Setting(String name, String key, boolean changeable, String fixedBy) {
      this.name = name;
      this.key = key;
      this.changeable = changeable;
      this.fixedBy = fixedBy;
    }

    String flag() {
      return "--" + name;
    }
  }

  private final Map<String, String> saved;
  private final Set<Setting> allowed;
  private final Set<String> allowedLossFlags;
  private final List<String> changes = new ArrayList<>();

  /**
   * @param saved the checkpoint's metadata
   * @param allowChanged the names given to {@code --allow-changed} (empty for none)
   * @throws IllegalArgumentException for a name that is no setting, or one that cannot change
   */
  ResumeSettings(Map<String, String> saved, List<String> allowChanged) {
    this.saved = saved;
    this.allowed = new LinkedHashSet<>();
    this.allowedLossFlags = new LinkedHashSet<>();
    parseAllowed(allowChanged);
  }

  /** The settings {@code --allow-changed} may name: the training settings, then the loss flags. */
  static String changeableNames() {
    return Arrays.stream(Setting.values())
            .filter(s -> s.changeable)
            .map(s -> s.name)
            .collect(Collectors.joining(", "))
        + " and the loss flags ("
        + lossFlagNames().stream().collect(Collectors.joining(", "))
        + ")";
  }

  /** The loss flags without their dashes, e.g. {@code gp-weight}. */
  private static List<String> lossFlagNames() {
    return LossRegistry.standard().options().stream()
        .map(o -> o.flag().replaceFirst("^--", ""))
        .toList();
  }

  private void parseAllowed(List<String> names) {
    for (String raw : names) {
      String name = raw.strip().toLowerCase(Locale.ROOT).replaceFirst("^--", "");
      if (name.isEmpty()) {
        continue;
      }
      if (lossFlagNames().contains(name)) {
        allowedLossFlags.add("--" + name);
        continue;
      }
      Setting s =
          Arrays.stream(Setting.values())
              .filter(x -> x.name.equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--allow-changed: unknown setting '"
                              + raw.strip()
                              + "'; settings that may change when a run is resumed: "
                              + changeableNames()));
      if (!s.changeable) {
        throw new IllegalArgumentException(
            "--allow-changed "
                + s.name
                + ": "
                + s.flag()
                + " cannot change when a run is resumed (it fixes "
                + s.fixedBy
                + "); start a new run with another --out. Settings that may change: "
                + changeableNames());
      }
      allowed.add(s);
    }
  }

  /**
   * Checks a loss flag given on the command line ({@code --gp-weight}, {@code --clip}, ...) against
   * the run's saved value: the same value is fine; another is refused unless {@code
   * --allow-changed} names the flag (the change is then recorded).
   *
   * @param flag the flag, e.g. {@code --gp-weight}
   * @param given its value as given
   * @param old the run's saved value
   * @return whether the value changes
   * @throws SameGanException when a changed value is not allowed
   */
  boolean resolveLossFlag(String flag, String given, String old) {
    if (given.equalsIgnoreCase(old)) {
      return false;
    }
    String name = flag.replaceFirst("^--", "");
    if (!allowedLossFlags.contains(flag)) {
      throw new SameGanException(
          "The run being resumed used "
              + flag
              + " "
              + old
              + " but "
              + given
              + " was given; pass "
              + flag
              + " "
              + old
              + " or leave "
              + flag
              + " out to continue it as it was trained; or add --allow-changed "
              + name
              + " to train on with "
              + given
              + " (the change is recorded in the checkpoint)");
    }
    changes.add(flag + " " + old + " -> " + given);
    return true;
  }

  /**
   * The value to train with: the saved one when the flag was not given, the given one when it
   * equals the saved one, or when it differs and {@code --allow-changed} names the setting (the
   * change is then recorded).
   *
   * @param s the setting
   * @param given the value given on the command line, or null when the flag was not given
   * @param same whether a given value and a saved one mean the same
   * @return the value to use: null when neither is known (an older checkpoint without this setting,
   *     and no flag), or when the run had none (no augmentation)
   * @throws SameGanException when a changed value is not allowed
   */
  String resolve(Setting s, String given, BiPredicate<String, String> same) {
    String old = saved.get(s.key);
    if (s == Setting.SEED && old == null) {
      old =
          saved.get("initSeed"); // checkpoints before "seed" was saved trained with their init seed
    }
    if (given == null) {
      return old;
    }
    boolean known = old != null || hasNone(s);
    if (!known || same.test(given, old)) {
      return given;
    }
    if (!allowed.contains(s)) {
      throw new SameGanException(refusal(s, old, given));
    }
    changes.add(s.flag() + " " + (old == null ? "none" : old) + " -> " + given);
    return given;
  }

  /** Whether a setting may be absent from a run's metadata because the run did without it. */
  private static boolean hasNone(Setting s) {
    return s == Setting.AUGMENT || s == Setting.DIFFAUGMENT || s == Setting.ADA || s == Setting.EMA;
  }

  private static String refusal(Setting s, String saved, String given) {
    String used = saved == null ? "no " + s.flag() + " (" + none(s) + ")" : s.flag() + " " + saved;
    String keep =
        saved == null
            ? "omit " + s.flag()
            : "pass " + s.flag() + " " + saved + " or leave " + s.flag() + " out";
    String change =
        s.changeable
            ? "; or add --allow-changed "
                + s.name
                + " to train on with "
                + given
                + " (the change is recorded in the checkpoint)"
            : "; "
                + s.flag()
                + " cannot change in a resumed run: start a new run with another --out";
    return "The run being resumed used "
        + used
        + " but "
        + given
        + " was given; "
        + keep
        + " to continue it as it was trained"
        + change;
  }

  private static String none(Setting s) {
    return switch (s) {
      case AUGMENT -> "no augmentation";
      case DIFFAUGMENT -> "no DiffAugment";
      case ADA -> "no ADA";
      case EMA -> "no generator EMA";
      default -> "not recorded";
    };
  }

  /** The allowed changes made now, e.g. {@code --batch 64 -> 32}; empty when none. */
  List<String> changes() {
    return List.copyOf(changes);
  }

  /**
   * The history to store: the saved one, plus this resume's changes at {@code step}.
   *
   * @return the metadata entry, or an empty map when no setting ever changed
   */
  Map<String, String> history(long step) {
    String before = saved.get(HISTORY_KEY);
    if (changes.isEmpty()) {
      return before == null ? Map.of() : Map.of(HISTORY_KEY, before);
    }
    String now = "step " + step + ": " + String.join(", ", changes);
    return Map.of(HISTORY_KEY, before == null || before.isBlank() ? now : before + "; " + now);
  }

  /** Numbers that are equal as doubles (so {@code 2e-4} equals {@code 2.0E-4}). */
  static boolean sameNumber(String a, String b) {
    try {
      return Double.compare(Double.parseDouble(a.strip()), Double.parseDouble(b.strip())) == 0;
    } catch (NumberFormatException e) {
      return a.strip().equalsIgnoreCase(b.strip());
    }
  }

  /** Whole numbers that are equal (compared exactly, unlike {@link #sameNumber}). */
  static boolean sameInteger(String a, String b) {
    try {
      return Long.parseLong(a.strip()) == Long.parseLong(b.strip());
    } catch (NumberFormatException e) {
      return sameNumber(a, b);
    }
  }

  /** Names that are equal ignoring case. */
  static boolean sameName(String a, String b) {
    return b != null && a.strip().equalsIgnoreCase(b.strip());
  }

  /**
   * Data set names that find the same data set: the same registry entry (a name and its aliases,
   * e.g. {@code cifar-10} and {@code cifar10}) and, for a parameterised one such as {@code
   * folder:PATH}, the same argument.
   */
  static boolean sameDataset(String a, String b) {
    if (b == null) {
      return false;
    }
    if (sameName(a, b)) {
      return true;
    }
    Optional<DatasetEntry> ea = DataSets.registry().find(a);
    Optional<DatasetEntry> eb = DataSets.registry().find(b);
    if (ea.isEmpty() || eb.isEmpty() || !ea.get().name().equals(eb.get().name())) {
      return false;
    }
    if (ea.get().parameter().isEmpty()) {
      return true;
    }
    return argument(a).equals(argument(b));
  }

  private static String argument(String name) {
    return name.substring(name.indexOf(':') + 1).strip();
  }

  /** Augmentation specs that parse to the same pipeline ({@code none} for a missing one). */
  static boolean sameAugment(String given, String saved) {
    String a = AugmentPipeline.parse(given).spec();
    String b = saved == null ? "none" : AugmentPipeline.parse(saved).spec();
    return a.equals(b);
  }
}
