package io.github.samegan.models;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.model.SequentialGenerator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.AvgPool2d;
import io.github.samegan.core.nn.BatchNorm;
import io.github.samegan.core.nn.ConditionalBatchNorm;
import io.github.samegan.core.nn.Conv2d;
import io.github.samegan.core.nn.DataLayout;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Relayout;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.SNConv2d;
import io.github.samegan.core.nn.SNDense;
import io.github.samegan.core.nn.SelfAttention;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.models.blocks.EmbeddingGenerator;
import io.github.samegan.models.blocks.GlobalSumPool;
import io.github.samegan.models.blocks.ProjectionDiscriminator;
import io.github.samegan.models.blocks.ResBlock;
import io.github.samegan.models.blocks.Upsample2x;
import java.util.ArrayList;
import java.util.List;

/**
 * The ResNet GAN of SN-GAN's CIFAR experiments (Miyato et al. 2018, arXiv:1802.05957, appendix B;
 * the residual blocks of Gulrajani et al. 2017).
 *
 * <p>Generator: {@code z → dense → [w, s/8, s/8] → 3 × up-block(w→w) → BN → ReLU → conv3×3 → tanh};
 * an up-block is {@code BN → ReLU → 2×NN-upsample → conv3×3 → BN → ReLU → conv3×3} plus the
 * shortcut {@code 2×NN-upsample → conv1×1}. For sides divisible by 4 but not 8 (28×28) there are
 * two up-blocks from {@code s/4}.
 *
 * <p>Discriminator (all weights spectrally normalised): the optimised first block {@code conv3×3 →
 * ReLU → conv3×3 → avgpool2} + {@code avgpool2 → conv1×1}; a down-block {@code ReLU → conv3×3 →
 * ReLU → conv3×3 → avgpool2} + {@code conv1×1 → avgpool2}; two plain blocks {@code ReLU → conv3×3 →
 * ReLU → conv3×3} + identity; then {@code ReLU → global sum pool → dense → 1}.
 *
 * <p>With the defaults (z = 128, G width 256, D width 128, 32×32×3) G has 4,276,739 and D 1,053,825
 * parameters (closed form in docs/models.md). Initialisation: Xavier-uniform with gain √2 on the
 * residual convolutions and 1 elsewhere, as in the reference code. Recommended: hinge loss, Adam
 * (2e-4, β = (0, 0.9)), n-critic 5 (the paper) or 1 with lr_D = 4e-4 (TTUR).
 *
 * <p>With {@code selfAttention} (SAGAN, Zhang et al. 2019) a {@link SelfAttention} block sits at
 * half the image side in both networks (16×16 for 32×32 images): in G between the last two
 * up-blocks, in D after the first block. Its three 1×1 convolutions are spectrally normalised in D,
 * and in G too unless {@code attentionSnInG} is off: SAGAN applies spectral norm to the generator's
 * layers, attention included (the rest of this G keeps SN-GAN's plain convolutions). It adds {@code
 * 2(C·C/8 + C/8) + C² + C + 1} parameters per network (C = that network's width); spectral norm
 * adds no parameters, only three power-iteration vectors of state.
 *
 * <p>Layout: both networks run their image batches internally as NHWC by default ({@link
 * #DEFAULT_LAYOUT}; {@link #withLayout} for NCHW): G permutes its dense output, reshaped to {@code
 * [w, s, s]} as in NCHW, to channels-last and its output back to NCHW, and D permutes its NCHW
 * input. Parameters, their names and shapes, and the images G makes and D reads are the same in
 * both layouts, so checkpoints load in either; only the speed differs (docs/benchmarks.md). The
 * self-attention blocks run NCHW in either layout.
 *
 * @param image image shape: square, side divisible by 4
 * @param latentDim latent size
 * @param gWidth generator channels
 * @param dWidth discriminator channels
 * @param selfAttention whether both networks get a self-attention block at half the image side
 * @param layout the layout of the image batches inside both networks
 * @param attentionSnInG whether G's attention convolutions are spectrally normalised (SAGAN's
 *     choice; ignored without {@code selfAttention})
 */
public record ResNetSnGan(
    ImageShape image,
    int latentDim,
    int gWidth,
    int dWidth,
    boolean selfAttention,
    DataLayout layout,
    boolean attentionSnInG) {

  /**
   * The internal layout of the models built without one: NHWC, which oneDNN's AVX-512 convolutions
   * take without reordering every activation (−15 % per {@code resnet-sngan-small} step at batch 64
   * in an interleaved A/B; docs/benchmarks.md).
   */
  public static final DataLayout DEFAULT_LAYOUT = DataLayout.NHWC;

  /** Validates the configuration. */
  public ResNetSnGan {
    java.util.Objects.requireNonNull(layout, "layout");
    if (image.height() != image.width() || image.height() % 4 != 0 || image.height() < 8) {
      throw new IllegalArgumentException(
          "The ResNet SN-GAN needs square images with a side divisible by 4 (e.g. 32 or 28), found "
              + image);
    }
    if (latentDim <= 0 || gWidth <= 0 || dWidth <= 0) {
      throw new IllegalArgumentException(
          "latentDim, gWidth and dWidth must be positive, found "
              + latentDim
              + ", "
              + gWidth
              + ", "
              + dWidth);
    }
    if (selfAttention && (gWidth < 8 || dWidth < 8)) {
      throw new IllegalArgumentException(
          "Self-attention needs widths of at least 8 (keys have C/8 channels), found gWidth="
              + gWidth
              + ", dWidth="
              + dWidth);
    }
  }

  /** With spectral norm in G's attention, as SAGAN. */
  public ResNetSnGan(
      ImageShape image,
      int latentDim,
      int gWidth,
      int dWidth,
      boolean selfAttention,
      DataLayout layout) {
    this(image, latentDim, gWidth, dWidth, selfAttention, layout, true);
  }

  /** In the {@linkplain #DEFAULT_LAYOUT default layout}. */
  public ResNetSnGan(
      ImageShape image, int latentDim, int gWidth, int dWidth, boolean selfAttention) {
    this(image, latentDim, gWidth, dWidth, selfAttention, DEFAULT_LAYOUT);
  }

  /** Without self-attention. */
  public ResNetSnGan(ImageShape image, int latentDim, int gWidth, int dWidth) {
    this(image, latentDim, gWidth, dWidth, false);
  }

  /**
   * The same configuration with a self-attention block at half the image side in G and D (SAGAN),
   * spectrally normalised in both, as the paper.
   */
  public ResNetSnGan withSelfAttention() {
    return withSelfAttention(true);
  }

  /**
   * The same configuration with a self-attention block at half the image side in G and D; its
   * convolutions are spectrally normalised in D, and in G when {@code snInG} (SAGAN's choice;
   * {@code false} is the model SameGAN registered as {@code resnet-sngan-attn} before, which its
   * older checkpoints need).
   */
  public ResNetSnGan withSelfAttention(boolean snInG) {
    return new ResNetSnGan(image, latentDim, gWidth, dWidth, true, layout, snInG);
  }

  /** The same configuration running its image batches internally in {@code layout}. */
  public ResNetSnGan withLayout(DataLayout layout) {
    return new ResNetSnGan(image, latentDim, gWidth, dWidth, selfAttention, layout, attentionSnInG);
  }

  /** The SN-GAN CIFAR configuration: z = 128, G width 256, D width 128. */
  public static ResNetSnGan reference(ImageShape image) {
    return new ResNetSnGan(image, 128, 256, 128);
  }

  /**
   * The same blocks at width 64 for both networks (z = 128): convolutions cost about 16× less than
   * {@link #reference}, which makes short runs possible on a CPU (registered as {@code
   * resnet-sngan-small}).
   */
  public static ResNetSnGan small(ImageShape image) {
    return new ResNetSnGan(image, 128, 64, 64);
  }

  /** Number of generator up-blocks: 3 when the side is divisible by 8, else 2. */
  public int upBlocks() {
    return image.height() % 8 == 0 ? 3 : 2;
  }

  /** Xavier-uniform U(±gain·√(6/(fanIn + fanOut))); the last axis of the shape indexes outputs. */
  static Init xavier(double gain) {
    return (rng, type, shape, fanIn) -> {
      long receptive = 1;
      for (int i = 0; i < shape.length - 2; i++) {
        receptive *= shape[i];
      }
      long fanOut = shape[shape.length - 1] * receptive;
      double a = gain * Math.sqrt(6.0 / (fanIn + fanOut));
      return rng.uniform(type, -a, a, shape);
    };
  }

  static final double ROOT2 = Math.sqrt(2);

  /**
   * The generator body from a latent of size {@code zIn} (the conditional variant adds the
   * embedding); with {@code cbnClasses > 0} the up-blocks' batch norms are conditional on that many
   * classes.
   */
  SequentialGenerator generator(String name, long zIn, int cbnClasses) {
    int s = image.height() >> upBlocks();
    long w = gWidth;
    Chain l = new Chain();
    l.add(new Dense(zIn, w * s * s, true, xavier(1.0)), null);
    l.add(Reshape.toImage(w, s, s), null); // NCHW, whatever the layout: the dense weights' meaning
    for (int i = 0; i < upBlocks(); i++) {
      Layer main =
          Sequential.of(
              norm(w, cbnClasses),
              Activation.relu(),
              new Upsample2x(layout),
              new Conv2d(w, w, 3, 1, 1, true, xavier(ROOT2), layout),
              norm(w, cbnClasses),
              Activation.relu(),
              new Conv2d(w, w, 3, 1, 1, true, xavier(ROOT2), layout));
      Layer skip =
          Sequential.of(
              new Upsample2x(layout), new Conv2d(w, w, 1, 1, 0, true, xavier(1.0), layout));
      l.add(new ResBlock(main, skip), layout);
      if (selfAttention && i == upBlocks() - 2) {
        // at half the image side
        l.add(new SelfAttention(w, attentionSnInG, xavier(1.0)), DataLayout.NCHW);
      }
    }
    l.add(new BatchNorm(w, layout), layout);
    l.add(Activation.relu(), null);
    l.add(new Conv2d(w, image.channels(), 3, 1, 1, true, xavier(1.0), layout), layout);
    l.add(Activation.tanh(), null);
    l.end(DataLayout.NCHW); // images leave G as NCHW
    return new SequentialGenerator(name, zIn, image, Sequential.of(l.layers));
  }

  private Layer norm(long channels, int cbnClasses) {
    return cbnClasses > 0
        ? new ConditionalBatchNorm(channels, cbnClasses, layout)
        : new BatchNorm(channels, layout);
  }

  /**
   * A chain of layers that tracks the layout of the batches between them: a layer that needs
   * another layout than the one before it is wrapped in a {@link Relayout}, which keeps its
   * parameter scope, so the parameter names are those of the NCHW model.
   */
  static final class Chain {
    final List<Layer> layers = new ArrayList<>();
    DataLayout current = DataLayout.NCHW;

    /**
     * Adds {@code layer}, which reads and writes {@code want}, or any layout (or vectors) when
     * {@code want} is null.
     */
    void add(Layer layer, DataLayout want) {
      if (want == null || want == current) {
        layers.add(layer);
        return;
      }
      layers.add(Relayout.before(current, want, layer));
      current = want;
    }

    /** Ends the images in {@code want}: a last permutation if needed (no parameters). */
    void end(DataLayout want) {
      if (current != want) {
        layers.add(Relayout.of(current, want));
        current = want;
      }
    }
  }

  /** The generator. */
  public Generator generator() {
    return generator("resnet-sngan", latentDim, 0);
  }

  /** φ: the discriminator up to the pooled features {@code [dWidth]}. */
  Sequential discriminatorBody() {
    long c = image.channels();
    long w = dWidth;
    Chain l = new Chain();
    l.add(
        new ResBlock(
            Sequential.of(
                new SNConv2d(c, w, 3, 1, 1, true, xavier(ROOT2), layout),
                Activation.relu(),
                new SNConv2d(w, w, 3, 1, 1, true, xavier(ROOT2), layout),
                new AvgPool2d(2, layout)),
            Sequential.of(
                new AvgPool2d(2, layout), new SNConv2d(c, w, 1, 1, 0, true, xavier(1.0), layout))),
        layout);
    if (selfAttention) {
      // at half the image side
      l.add(new SelfAttention(w, true, xavier(1.0)), DataLayout.NCHW);
    }
    l.add(
        new ResBlock(
            Sequential.of(
                Activation.relu(),
                new SNConv2d(w, w, 3, 1, 1, true, xavier(ROOT2), layout),
                Activation.relu(),
                new SNConv2d(w, w, 3, 1, 1, true, xavier(ROOT2), layout),
                new AvgPool2d(2, layout)),
            Sequential.of(
                new SNConv2d(w, w, 1, 1, 0, true, xavier(1.0), layout), new AvgPool2d(2, layout))),
        layout);
    for (int i = 0; i < 2; i++) {
      l.add(
          new ResBlock(
              Sequential.of(
                  Activation.relu(),
                  new SNConv2d(w, w, 3, 1, 1, true, xavier(ROOT2), layout),
                  Activation.relu(),
                  new SNConv2d(w, w, 3, 1, 1, true, xavier(ROOT2), layout)),
              null),
          layout);
    }
    l.add(Activation.relu(), null);
    l.add(new GlobalSumPool(layout), layout);
    return Sequential.of(l.layers);
  }

  /** The discriminator (spectral norm throughout). */
  public Discriminator discriminator() {
    List<Layer> l = new ArrayList<>(discriminatorBody().layers());
    l.add(new SNDense(dWidth, 1, true, xavier(1.0)));
    return new SequentialDiscriminator("resnet-sngan", image, Sequential.of(l));
  }

  /**
   * The class-conditional pair: the generator gets a class embedding of size {@code embedDim}
   * concatenated to z, the discriminator a projection (Miyato &amp; Koyama 2018).
   */
  public Architecture conditional(int numClasses, int embedDim) {
    return conditional(numClasses, embedDim, false);
  }

  /**
   * The class-conditional pair, optionally with conditional batch norm: with {@code
   * conditionalBatchNorm} every batch norm of the generator's up-blocks becomes a {@link
   * ConditionalBatchNorm} (per-class γ and β, {@code 2·K·w} parameters each instead of {@code 2w});
   * the final batch norm stays unconditional, as in the projection cGAN's reference generator. With
   * {@code embedDim = 0} the class reaches G only through those layers (Miyato &amp; Koyama 2018,
   * registered as {@code cresnet-sngan-cbn}).
   *
   * @param embedDim size of the class embedding concatenated to z (0 for none; then {@code
   *     conditionalBatchNorm} must be on)
   */
  public Architecture conditional(int numClasses, int embedDim, boolean conditionalBatchNorm) {
    Architecture.requireClassPath(embedDim, conditionalBatchNorm);
    String name = conditionalBatchNorm ? "cresnet-sngan-cbn" : "cresnet-sngan";
    Generator g =
        new EmbeddingGenerator(
            name,
            numClasses,
            latentDim,
            embedDim,
            generator(name, latentDim + embedDim, conditionalBatchNorm ? numClasses : 0));
    Discriminator d =
        new ProjectionDiscriminator(
            name,
            image,
            numClasses,
            discriminatorBody(),
            new SNDense(dWidth, 1, true, xavier(1.0)));
    return new Architecture(g, d);
  }
}
