package io.github.samegan.models;

import io.github.samegan.core.ImageShape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Named architectures, so that a command line or a config file can say {@code --model dcgan}.
 * Register a user model with {@link #register}.
 */
public final class ModelRegistry {

  /**
   * One registered architecture.
   *
   * @param name the identifier used on the command line
   * @param description one line for {@code samegan models}
   * @param factory builds the pair for an image shape (throws IllegalArgumentException for shapes
   *     it cannot handle)
   */
  public record Entry(String name, String description, Function<ImageShape, Architecture> factory) {}

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    register(new Entry("dcgan", "Reference DCGAN (Radford et al. 2015): z=128, deconv 256→128→64, BN, conv D",
        s -> {
          Dcgan d = Dcgan.reference(s);
          return new Architecture(d.generator(), d.discriminator());
        }));
    register(new Entry("mlp", "Fully connected GAN (Goodfellow et al. 2014): z=64, 2×256 hidden, LeakyReLU",
        s -> {
          MlpGan m = MlpGan.reference(s);
          return new Architecture(m.generator(), m.discriminator());
        }));
  }

  private ModelRegistry() {}

  /** Adds (or replaces) an architecture. */
  public static synchronized void register(Entry entry) {
    ENTRIES.put(entry.name().toLowerCase(Locale.ROOT), entry);
  }

  /** All registered architectures, in registration order. */
  public static synchronized List<Entry> entries() {
    return List.copyOf(ENTRIES.values());
  }

  /**
   * Builds a named architecture for an image shape.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or a shape the
   *     architecture cannot handle
   */
  public static synchronized Architecture create(String name, ImageShape shape) {
    Entry e = ENTRIES.get(name.toLowerCase(Locale.ROOT));
    if (e == null) {
      throw new IllegalArgumentException(
          "Unknown model '" + name + "'; known models: " + String.join(", ", ENTRIES.keySet()));
    }
    return e.factory().apply(shape);
  }
}
