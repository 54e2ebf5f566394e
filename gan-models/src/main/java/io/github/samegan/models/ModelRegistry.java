package io.github.samegan.models;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.registry.NamedEntries;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Named architectures, so that a command line or a config file can say {@code --model dcgan}.
 *
 * <p>A registry is immutable. {@link #standard()} holds the built-in architectures (docs/models.md)
 * and those of every {@link ModelProvider} listed in {@code META-INF/services}; {@link #builder()}
 * composes another.
 */
public final class ModelRegistry {

  /**
   * One registered architecture.
   *
   * @param name the identifier used on the command line
   * @param description one line for {@code samegan models}
   * @param factory builds the pair for an image shape (throws IllegalArgumentException for shapes
   *     it cannot handle); {@code null} for a conditional architecture
   * @param conditionalFactory builds the pair for an image shape and a number of classes; {@code
   *     null} for an unconditional architecture
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
     * A class-conditional architecture: {@code conditionalFactory} builds it for an image shape and
     * a number of classes.
     */
    public static Entry conditional(
        String name,
        String description,
        BiFunction<ImageShape, Integer, Architecture> conditionalFactory) {
      return new Entry(
          name,
          description,
          null,
          Objects.requireNonNull(conditionalFactory, "conditionalFactory"));
    }

    /** Validates the name and that exactly one factory is given. */
    public Entry {
      if (name == null || name.isBlank() || name.contains(" ")) {
        throw new IllegalArgumentException(
            "Model name must be non-blank without spaces, found '" + name + "'");
      }
      if ((factory == null) == (conditionalFactory == null)) {
        throw new IllegalArgumentException(
            "Model '" + name + "' needs exactly one of factory and conditionalFactory");
      }
    }

    /** Whether this architecture needs class labels. */
    public boolean isConditional() {
      return conditionalFactory != null;
    }
  }

  /**
   * The number of values of the {@code infogan} model's categorical code (10, as the paper's MNIST
   * model).
   */
  public static final int INFOGAN_CODES = 10;

  private static final Object STANDARD_LOCK = new Object();
  private static ModelRegistry standard;

  private final Map<String, Entry> entries;

  private ModelRegistry(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /**
   * The built-in architectures followed by those of every {@link ModelProvider} found by {@link
   * ServiceLoader} (on the thread's context class loader), built once and cached.
   *
   * @throws IllegalStateException if a provider cannot be loaded or its models clash with others
   *     (the message names the provider)
   */
  public static ModelRegistry standard() {
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
   * Builds an architecture of {@link #standard()} for an image shape.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or a shape the
   *     architecture cannot handle
   */
  public static Architecture create(String name, ImageShape shape) {
    return standard().architecture(name, shape, 0);
  }

  /**
   * Builds an architecture of {@link #standard()} for an image shape and a number of classes.
   *
   * @throws IllegalArgumentException as {@link #architecture}
   */
  public static Architecture create(String name, ImageShape shape, int numClasses) {
    return standard().architecture(name, shape, numClasses);
  }

  /** All architectures, in registration order. */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /** The names of all architectures, in registration order. */
  public List<String> names() {
    return entries.values().stream().map(Entry::name).toList();
  }

  /**
   * Builds a named architecture for an image shape and a number of classes (0 for an unconditional
   * model; a conditional one needs at least 2).
   *
   * @throws IllegalArgumentException for an unknown name, a conditional model without classes or
   *     classes for an unconditional model
   */
  public Architecture architecture(String name, ImageShape shape, int numClasses) {
    Entry e = entry(name);
    if (e.isConditional()) {
      if (numClasses < 2) {
        throw new IllegalArgumentException(
            "Model '"
                + e.name()
                + "' is class-conditional: it needs a labelled data set with at least 2 classes,"
                + " found "
                + numClasses);
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
   * The entry of a name (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public Entry entry(String name) {
    return NamedEntries.lookup(entries, name, "model", "models");
  }

  /** Builds a {@link ModelRegistry}; names are unique (case-insensitive). */
  public static final class Builder {
    private final NamedEntries<Entry> entries = new NamedEntries<>("model", "models", Entry::name);

    private Builder() {}

    /**
     * Adds an architecture.
     *
     * @throws IllegalArgumentException if one of that name is already added
     */
    public Builder add(Entry entry) {
      entries.add(entry);
      return this;
    }

    /** Adds architectures in order. */
    public Builder addAll(Collection<Entry> more) {
      more.forEach(this::add);
      return this;
    }

    /** Adds SameGAN's architectures (docs/models.md). */
    public Builder addBuiltIns() {
      return addAll(builtIns());
    }

    /**
     * Adds the architectures of every {@link ModelProvider} listed in {@code
     * META-INF/services/io.github.samegan.models.ModelProvider} visible to {@code loader}.
     *
     * @throws IllegalStateException naming the provider if it cannot be loaded or its models clash
     */
    public Builder addDiscovered(ClassLoader loader) {
      entries.addDiscovered(ModelProvider.class, loader, ModelProvider::models, () -> {});
      return this;
    }

    /** The registry. */
    public ModelRegistry build() {
      return new ModelRegistry(entries.toMap());
    }
  }

  private static List<Entry> builtIns() {
    List<Entry> l = new ArrayList<>();
    l.add(
        new Entry(
            "dcgan",
            "Reference DCGAN (Radford et al. 2015): z=128, deconv 256→128→64, BN, conv D",
            s -> {
              Dcgan d = Dcgan.reference(s);
              return new Architecture(d.generator(), d.discriminator());
            }));
    l.add(
        new Entry(
            "resnet-sngan",
            "ResNet SN-GAN (Miyato et al. 2018) CIFAR config: G 3 up-blocks w=256, D 4 blocks w=128 + spectral norm",
            s -> {
              ResNetSnGan r = ResNetSnGan.reference(s);
              return new Architecture(r.generator(), r.discriminator());
            }));
    l.add(
        new Entry(
            "resnet-sngan-small",
            "ResNet SN-GAN as resnet-sngan with G and D width 64 (about 16x cheaper; for CPU experiments)",
            s -> {
              ResNetSnGan r = ResNetSnGan.small(s);
              return new Architecture(r.generator(), r.discriminator());
            }));
    l.add(
        new Entry(
            "resnet-sngan-attn",
            "SAGAN-style resnet-sngan (Zhang et al. 2019): spectrally normalised self-attention at half the side (16x16) in G and D",
            s -> {
              ResNetSnGan r = ResNetSnGan.reference(s).withSelfAttention();
              return new Architecture(r.generator(), r.discriminator());
            }));
    l.add(
        new Entry(
            "resnet-sngan-small-attn",
            "resnet-sngan-small with self-attention at half the side (16x16) in G and D (spectral norm in both)",
            s -> {
              ResNetSnGan r = ResNetSnGan.small(s).withSelfAttention();
              return new Architecture(r.generator(), r.discriminator());
            }));
    for (String base : List.of("resnet-sngan", "resnet-sngan-small")) {
      l.add(
          new Entry(
              base + "-attn-g-nosn",
              base
                  + "-attn without spectral norm in G's attention (SameGAN's "
                  + base
                  + "-attn before it had it; its older checkpoints load as this)",
              s -> {
                ResNetSnGan r =
                    (base.equals("resnet-sngan") ? ResNetSnGan.reference(s) : ResNetSnGan.small(s))
                        .withSelfAttention(false);
                return new Architecture(r.generator(), r.discriminator());
              }));
    }
    l.add(
        Entry.conditional(
            "cdcgan",
            "Conditional DCGAN: class embedding (128) concatenated to z, projection discriminator",
            (s, k) -> Dcgan.reference(s).conditional(k, 128)));
    l.add(
        Entry.conditional(
            "cdcgan-cbn",
            "Conditional DCGAN with class-conditional batch norm in G (Miyato & Koyama 2018; no embedding on z), projection discriminator",
            (s, k) -> Dcgan.reference(s).conditional(k, 0, true)));
    l.add(
        Entry.conditional(
            "acgan",
            "AC-GAN (Odena et al. 2017): conditional DCGAN G (class embedding 128) + DCGAN D with a K-class head",
            (s, k) -> Dcgan.reference(s).auxiliaryClassifier(k, 128)));
    l.add(
        new Entry(
            "infogan",
            "InfoGAN (Chen et al. 2016): DCGAN G with a 10-way categorical code + DCGAN D with a Q head; no labels needed",
            s -> Dcgan.reference(s).infoGan(INFOGAN_CODES, 16)));
    l.add(
        Entry.conditional(
            "cresnet-sngan",
            "Conditional ResNet SN-GAN: class embedding (128) concatenated to z, projection discriminator",
            (s, k) -> ResNetSnGan.reference(s).conditional(k, 128)));
    l.add(
        Entry.conditional(
            "cresnet-sngan-cbn",
            "Projection cGAN (Miyato & Koyama 2018): ResNet SN-GAN G with class-conditional batch norm, projection D",
            (s, k) -> ResNetSnGan.reference(s).conditional(k, 0, true)));
    l.add(
        Entry.conditional(
            "biggan",
            "BigGAN (Brock et al. 2019), StudioGAN's CIFAR config: hierarchical z (80), shared embedding, linear CBN, attention, projection D; --ortho-weight 1e-4",
            (s, k) -> BigGan.reference(s).conditional(k)));
    l.add(
        Entry.conditional(
            "biggan-small",
            "biggan with G and D at 64 channels (g_conv_dim 16, d_conv_dim 32; for CPU experiments)",
            (s, k) -> BigGan.small(s).conditional(k)));
    l.add(
        new Entry(
            "ebgan",
            "EBGAN (Zhao et al. 2016): DCGAN G + auto-encoder D (w=32, code 64) scoring by squared reconstruction error; --loss ebgan",
            s -> AutoEncoderGan.ebganReference(s).ebgan()));
    l.add(
        new Entry(
            "began",
            "BEGAN (Berthelot et al. 2017): decoder-shaped G (z=64) + auto-encoder D (w=32, code 64) with L1 error; --loss began",
            s -> AutoEncoderGan.beganReference(s).began()));
    l.add(
        new Entry(
            "mlp",
            "Fully connected GAN (Goodfellow et al. 2014): z=64, 2×256 hidden, LeakyReLU",
            s -> {
              MlpGan m = MlpGan.reference(s);
              return new Architecture(m.generator(), m.discriminator());
            }));
    return l;
  }

  private String conditionalNames() {
    StringBuilder b = new StringBuilder();
    for (Entry e : entries.values()) {
      if (e.isConditional()) {
        b.append(b.length() == 0 ? "" : ", ").append(e.name());
      }
    }
    return b.toString();
  }
}
