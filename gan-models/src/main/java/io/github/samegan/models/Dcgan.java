package io.github.samegan.models;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.model.SequentialGenerator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.BatchNorm;
import io.github.samegan.core.nn.ConditionalBatchNorm;
import io.github.samegan.core.nn.Conv2d;
import io.github.samegan.core.nn.ConvTranspose2d;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.models.blocks.AuxiliaryClassifierDiscriminator;
import io.github.samegan.models.blocks.EmbeddingGenerator;
import io.github.samegan.models.blocks.ProjectionDiscriminator;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference DCGAN (Radford et al. 2015, arXiv:1511.06434) for small images.
 *
 * <p>Generator: {@code z → dense → [8w, s/8, s/8] → BN → ReLU → (deconv k4 s2 p1 → BN → ReLU) ×2 →
 * deconv k4 s2 p1 → tanh}, channel widths 8w → 4w → 2w → C. Discriminator: {@code conv k4 s2 p1 C→w
 * → LReLU(0.2) → conv → BN → LReLU → conv → BN → LReLU → dense → 1}. With the defaults (z = 128, w
 * = 32 so 8w = 256, 32×32×3) the generator has 1,187,907 and the discriminator 663,745 parameters.
 *
 * @param image image shape; height and width must be equal and divisible by 8
 * @param latentDim latent size
 * @param width base width w (generator's first feature map has 8w channels, discriminator's first
 *     conv 2w)
 */
public record Dcgan(ImageShape image, int latentDim, int width) {

  /** Validates the configuration. */
  public Dcgan {
    if (image.height() != image.width() || image.height() % 8 != 0 || image.height() < 8) {
      throw new IllegalArgumentException(
          "DCGAN needs square images with a side divisible by 8 (e.g. 32), found "
              + image
              + "; pad or resize the data (e.g. 28×28 → 32×32)");
    }
    if (latentDim <= 0) {
      throw new IllegalArgumentException("latentDim must be positive, found " + latentDim);
    }
    if (width <= 0) {
      throw new IllegalArgumentException("width must be positive, found " + width);
    }
  }

  /** The reference configuration for an image shape: z = 128, widths 256/128/64. */
  public static Dcgan reference(ImageShape image) {
    return new Dcgan(image, 128, 32);
  }

  /** The generator. */
  public Generator generator() {
    return generator(latentDim, 0);
  }

  /**
   * The generator from a latent of {@code zIn} entries; with {@code cbnClasses > 0} its three batch
   * norms are {@link ConditionalBatchNorm}s over that many classes.
   */
  private SequentialGenerator generator(long zIn, int cbnClasses) {
    int s = image.height() / 8;
    long c0 = 8L * width;
    List<Layer> l = new ArrayList<>();
    l.add(new Dense(zIn, c0 * s * s));
    l.add(Reshape.toImage(c0, s, s));
    l.add(norm(c0, cbnClasses));
    l.add(Activation.relu());
    l.add(new ConvTranspose2d(c0, c0 / 2, 4, 2, 1));
    l.add(norm(c0 / 2, cbnClasses));
    l.add(Activation.relu());
    l.add(new ConvTranspose2d(c0 / 2, c0 / 4, 4, 2, 1));
    l.add(norm(c0 / 4, cbnClasses));
    l.add(Activation.relu());
    l.add(new ConvTranspose2d(c0 / 4, image.channels(), 4, 2, 1));
    l.add(Activation.tanh());
    return new SequentialGenerator("dcgan", zIn, image, Sequential.of(l));
  }

  private static Layer norm(long channels, int cbnClasses) {
    return cbnClasses > 0
        ? new ConditionalBatchNorm(channels, cbnClasses)
        : new BatchNorm(channels);
  }

  /** The discriminator. */
  public Discriminator discriminator() {
    List<Layer> l = discriminatorLayers();
    return new SequentialDiscriminator("dcgan", image, Sequential.of(l));
  }

  /**
   * The class-conditional DCGAN: a class embedding of size {@code embedDim} concatenated to z (the
   * generator's dense layer then has {@code latentDim + embedDim} inputs), and a projection
   * discriminator (Miyato &amp; Koyama 2018) on the flattened last feature map, {@code F =
   * 8w·(s/8)²}.
   */
  public Architecture conditional(int numClasses, int embedDim) {
    return conditional(numClasses, embedDim, false);
  }

  /**
   * The class-conditional DCGAN, optionally with conditional batch norm: with {@code
   * conditionalBatchNorm} the generator's three batch norms become {@link ConditionalBatchNorm}s
   * (per-class γ and β, {@code 2·K·c} parameters each instead of {@code 2c}, c = 8w, 4w, 2w), the
   * categorical conditional batch norm of the projection cGAN (Miyato &amp; Koyama 2018) and
   * BigGAN; with {@code embedDim = 0} the class reaches G only through those layers (registered as
   * {@code cdcgan-cbn}). The discriminator is {@link #conditional(int, int)}'s projection D.
   *
   * @param embedDim size of the class embedding concatenated to z (0 for none; then {@code
   *     conditionalBatchNorm} must be on)
   * @throws IllegalArgumentException if the class would reach G nowhere
   */
  public Architecture conditional(int numClasses, int embedDim, boolean conditionalBatchNorm) {
    Architecture.requireClassPath(embedDim, conditionalBatchNorm);
    String name = conditionalBatchNorm ? "cdcgan-cbn" : "cdcgan";
    List<Layer> l = discriminatorLayers();
    Dense head = (Dense) l.remove(l.size() - 1);
    Discriminator d = new ProjectionDiscriminator(name, image, numClasses, Sequential.of(l), head);
    Generator g =
        new EmbeddingGenerator(
            name,
            numClasses,
            latentDim,
            embedDim,
            generator(latentDim + embedDim, conditionalBatchNorm ? numClasses : 0));
    return new Architecture(g, d);
  }

  /**
   * AC-GAN (Odena, Olah &amp; Shlens 2017, arXiv:1610.09585) on the DCGAN: the generator of {@link
   * #conditional} (class embedding concatenated to z) and the DCGAN discriminator with a second
   * dense head on its flattened last feature map that predicts the class, {@code F·K + K} more
   * parameters ({@code F = 8w·(s/8)²}). Train it with a loss wrapped in gan-losses' {@code
   * AuxiliaryClassifierLoss}.
   */
  public Architecture auxiliaryClassifier(int numClasses, int embedDim) {
    return withClassHead("acgan", numClasses, embedDim);
  }

  /**
   * InfoGAN (Chen et al. 2016, arXiv:1606.03657) on the DCGAN with a categorical latent code of
   * {@code codes} values: the generator of {@link #conditional} conditioned on the code instead of
   * a data label, and the discriminator of {@link #auxiliaryClassifier} whose second head is Q,
   * predicting the code. Train it with gan-losses' {@code InfoGanLoss}; it needs no labels.
   */
  public Architecture infoGan(int codes, int embedDim) {
    return withClassHead("infogan", codes, embedDim);
  }

  /** The embedding-conditioned generator and the discriminator with a K-way second head. */
  private Architecture withClassHead(String name, int k, int embedDim) {
    List<Layer> l = discriminatorLayers();
    Dense head = (Dense) l.remove(l.size() - 1);
    Discriminator d =
        new AuxiliaryClassifierDiscriminator(
            name, image, k, Sequential.of(l), head, new Dense(head.nIn(), k));
    return new Architecture(embeddingGenerator(name, k, embedDim), d);
  }

  private Generator embeddingGenerator(String name, int numClasses, int embedDim) {
    return new EmbeddingGenerator(
        name, numClasses, latentDim, embedDim, generator(latentDim + embedDim, 0));
  }

  private List<Layer> discriminatorLayers() {
    long c1 = 2L * width;
    int s = image.height() / 8;
    List<Layer> l = new ArrayList<>();
    l.add(new Conv2d(image.channels(), c1, 4, 2, 1));
    l.add(Activation.leakyRelu(0.2));
    l.add(new Conv2d(c1, 2 * c1, 4, 2, 1));
    l.add(new BatchNorm(2 * c1));
    l.add(Activation.leakyRelu(0.2));
    l.add(new Conv2d(2 * c1, 4 * c1, 4, 2, 1));
    l.add(new BatchNorm(4 * c1));
    l.add(Activation.leakyRelu(0.2));
    l.add(Reshape.flatten(new long[] {4 * c1, s, s}));
    l.add(new Dense(4 * c1 * s * s, 1));
    return l;
  }
}
