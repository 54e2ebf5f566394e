package io.github.samegan.models;

import io.github.samegan.core.ImageShape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
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
  public record Entry(
      String name,
      String description,
      Function<ImageShape, Architecture> factory,
      BiFunction<ImageShape, Integer, Architecture> conditionalFactory) {

    /** An unconditional architecture. */
    public Entry(String name, String description, Function<ImageShape, Architecture> factory) {
      this(name, description, Objects.requireNonNull(factory, "factory"), null);
    }

    /**
     * A class-conditional architecture: {@code conditionalFactory} builds it for an image shape
     * and a number of classes.
     */
    public static Entry conditional(
        String name, String description, BiFunction<ImageShape, Integer, Architecture> conditionalFactory) {
      return new Entry(name, description, null, Objects.requireNonNull(conditionalFactory, "conditionalFactory"));
    }

    /** Validates the name and that exactly one factory is given. */
    public Entry {
      if (name == null || name.isBlank() || name.contains(" ")) {
        throw new IllegalArgumentException("Model name must be non-blank without spaces, found '" + name + "'");
      }
      if ((factory == null) == (conditionalFactory == null)) {
        throw new IllegalArgumentException("Model '" + name + "' needs exactly one of factory and conditionalFactory");
      }
    }

    /** Whether this architecture needs class labels. */
    public boolean isConditional() {
      return conditionalFactory != null;
    }
  }

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  /** The number of values of the {@code infogan} model's categorical code (10, as the paper's MNIST model). */
  public static final int INFOGAN_CODES = 10;

  static {
    register(new Entry("dcgan", "Reference DCGAN (Radford et al. 2015): z=128, deconv 256→128→64, BN, conv D",
        s -> {
          Dcgan d = Dcgan.reference(s);
          return new Architecture(d.generator(), d.discriminator());
        }));
    register(new Entry("resnet-sngan",
        "ResNet SN-GAN (Miyato et al. 2018) CIFAR config: G 3 up-blocks w=256, D 4 blocks w=128 + spectral norm",
        s -> {
          ResNetSnGan r = ResNetSnGan.reference(s);
          return new Architecture(r.generator(), r.discriminator());
        }));
    register(new Entry("resnet-sngan-small",
        "ResNet SN-GAN as resnet-sngan with G and D width 64 (about 16x cheaper; for CPU experiments)",
        s -> {
          ResNetSnGan r = ResNetSnGan.small(s);
          return new Architecture(r.generator(), r.discriminator());
        }));
    register(new Entry("resnet-sngan-attn",
        "SAGAN-style resnet-sngan (Zhang et al. 2019): self-attention at half the side (16x16) in G and D",
        s -> {
          ResNetSnGan r = ResNetSnGan.reference(s).withSelfAttention();
          return new Architecture(r.generator(), r.discriminator());
        }));
    register(new Entry("resnet-sngan-small-attn",
        "resnet-sngan-small with self-attention at half the side (16x16) in G and D",
        s -> {
          ResNetSnGan r = ResNetSnGan.small(s).withSelfAttention();
          return new Architecture(r.generator(), r.discriminator());
        }));
    register(Entry.conditional("cdcgan",
        "Conditional DCGAN: class embedding (128) concatenated to z, projection discriminator",
        (s, k) -> Dcgan.reference(s).conditional(k, 128)));
    register(Entry.conditional("acgan",
        "AC-GAN (Odena et al. 2017): conditional DCGAN G (class embedding 128) + DCGAN D with a K-class head",
        (s, k) -> Dcgan.reference(s).auxiliaryClassifier(k, 128)));
    register(new Entry("infogan",
        "InfoGAN (Chen et al. 2016): DCGAN G with a 10-way categorical code + DCGAN D with a Q head; no labels needed",
        s -> Dcgan.reference(s).infoGan(INFOGAN_CODES, 16)));
    register(Entry.conditional("cresnet-sngan",
        "Conditional ResNet SN-GAN: class embedding (128) concatenated to z, projection discriminator",
        (s, k) -> ResNetSnGan.reference(s).conditional(k, 128)));
    register(Entry.conditional("cresnet-sngan-cbn",
        "Projection cGAN (Miyato & Koyama 2018): ResNet SN-GAN G with class-conditional batch norm, projection D",
        (s, k) -> ResNetSnGan.reference(s).conditional(k, 0, true)));
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
    return create(name, shape, 0);
  }

  /**
   * Builds a named architecture for an image shape and a number of classes (0 for an
   * unconditional model; a conditional one needs at least 2).
   *
   * @throws IllegalArgumentException for an unknown name, a conditional model without classes or
   *     classes for an unconditional model
   */
  public static synchronized Architecture create(String name, ImageShape shape, int numClasses) {
    Entry e = entry(name);
    if (e.isConditional()) {
      if (numClasses < 2) {
        throw new IllegalArgumentException(
            "Model '" + e.name() + "' is class-conditional: it needs a labelled data set with at least 2 classes,"
                + " found " + numClasses);
      }
      return e.conditionalFactory().apply(shape, numClasses);
    }
    if (numClasses != 0) {
      throw new IllegalArgumentException(
          "Model '" + e.name() + "' is unconditional; conditional models: " + conditionalNames());
    }
    return e.factory().apply(shape);
  }

  /**
   * The registered entry of a name.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static synchronized Entry entry(String name) {
    Entry e = ENTRIES.get(name.toLowerCase(Locale.ROOT));
    if (e == null) {
      throw new IllegalArgumentException(
          "Unknown model '" + name + "'; known models: " + String.join(", ", ENTRIES.keySet()));
    }
    return e;
  }

  private static String conditionalNames() {
    StringBuilder b = new StringBuilder();
    for (Entry e : ENTRIES.values()) {
      if (e.isConditional()) {
        b.append(b.length() == 0 ? "" : ", ").append(e.name());
      }
    }
    return b.toString();
  }
}
