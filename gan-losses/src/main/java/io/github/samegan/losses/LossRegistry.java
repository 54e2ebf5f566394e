package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Named losses, so that a command line can say {@code --loss minimax}. */
public final class LossRegistry {

  /**
   * One registered loss.
   *
   * @param name the identifier used on the command line
   * @param description one line for {@code samegan losses}
   * @param factory creates the loss with its default hyper-parameters
   */
  public record Entry(String name, String description, Supplier<GanLoss> factory) {}

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    register(new Entry("minimax", "Non-saturating GAN loss (Goodfellow et al. 2014): BCE for D, −log D(G(z)) for G",
        MinimaxLoss::nonSaturating));
    register(new Entry("minimax-saturating", "Literal minimax GAN loss: G minimises log(1 − D(G(z)))",
        MinimaxLoss::saturating));
  }

  private LossRegistry() {}

  /** Adds (or replaces) a loss. */
  public static synchronized void register(Entry entry) {
    ENTRIES.put(entry.name().toLowerCase(Locale.ROOT), entry);
  }

  /** All registered losses, in registration order. */
  public static synchronized List<Entry> entries() {
    return List.copyOf(ENTRIES.values());
  }

  /**
   * Creates a named loss with default hyper-parameters.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static synchronized GanLoss create(String name) {
    Entry e = ENTRIES.get(name.toLowerCase(Locale.ROOT));
    if (e == null) {
      throw new IllegalArgumentException(
          "Unknown loss '" + name + "'; known losses: " + String.join(", ", ENTRIES.keySet()));
    }
    return e.factory().get();
  }
}
