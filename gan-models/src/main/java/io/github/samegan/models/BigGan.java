package io.github.samegan.models;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.BatchNorm;
import io.github.samegan.core.nn.DataLayout;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.LinearConditionalBatchNorm;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.SNConv2d;
import io.github.samegan.core.nn.SNDense;
import io.github.samegan.core.nn.SelfAttention;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.models.blocks.ProjectionDiscriminator;
import io.github.samegan.models.blocks.ResBlock;
import io.github.samegan.models.blocks.Upsample2x;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * BigGAN at CIFAR scale (Brock, Donahue &amp; Simonyan 2019, <a
 * href="https://arxiv.org/abs/1809.11096">arXiv:1809.11096</a>), after PyTorch-StudioGAN's {@code
 * big_resnet} with its CIFAR-10 configuration ({@code configs/CIFAR10/BigGAN.yaml}).
 *
 * <p>Generator (C = 4·gConvDim channels throughout, s₀ = side/8, q = z/4): z is split into four
 * chunks {@code z₀ … z₃} (the hierarchical latent); {@code z₀ → SN-dense → [C, s₀, s₀]}, then three
 * up-blocks, block i conditioned on {@code cᵢ = [e_y, z_{i+1}]} where {@code e_y} is the shared
 * class embedding ({@code [K, e]}, one per generator, not per block); a self-attention block after
 * the second up-block (at side/2); then {@code BN → ReLU → SN-conv3×3 → tanh}. An up-block is
 * {@code CBN(c) → ReLU → 2×NN-upsample → SN-conv3×3 → CBN(c) → ReLU → SN-conv3×3} plus the shortcut
 * {@code 2×NN-upsample → SN-conv1×1}, where {@link LinearConditionalBatchNorm} takes its gain
 * {@code 1 + c·W_γ} and bias {@code c·W_β} through spectrally normalised linear maps of c. Every
 * weight of G is spectrally normalised, as in BigGAN.
 *
 * <p>Discriminator (W = 2·dConvDim channels): {@link ResNetSnGan}'s spectrally normalised ResNet
 * body (optimised first block, self-attention at side/2, a down-block, two plain blocks, ReLU,
 * global sum pool) with a projection head ({@link ProjectionDiscriminator}: {@code ψ(φ) + ⟨V_y,
 * φ⟩}, V spectrally normalised as StudioGAN's {@code sn_embedding}), the layout of StudioGAN's
 * 32×32 {@code big_resnet} discriminator.
 *
 * <p>Departures from StudioGAN, all documented in docs/models.md: the self-attention blocks are
 * SAGAN's form ({@link SelfAttention}: keys and queries C/8, values C, biases, no max-pooling)
 * rather than BigGAN's (values C/2, 2×2 max-pooled keys and values, no biases); initialisation is
 * Xavier-uniform (as {@link ResNetSnGan}) rather than orthogonal, and the shared embedding is N(0,
 * 1/e) (rows of unit expected norm, like an orthogonal init).
 *
 * <p>Recommended (StudioGAN's CIFAR-10 BigGAN): hinge loss, Adam 2e-4 for both, β = (0.5, 0.999), 5
 * D steps per G step, batch 64, G EMA 0.9999, plus BigGAN's orthogonal regularisation of G with β =
 * 1e-4 ({@code --ortho-weight 1e-4}); {@code configs/cifar100-biggan.yaml}.
 *
 * <p>Layout: as {@link ResNetSnGan}, both networks run NHWC inside by default ({@link
 * ResNetSnGan#DEFAULT_LAYOUT}); the self-attention blocks run NCHW.
 *
 * @param image image shape: square, side divisible by 8
 * @param latentDim z size, divisible by 4 (one chunk for the dense layer, one per up-block)
 * @param sharedDim size e of the shared class embedding
 * @param gConvDim StudioGAN's {@code g_conv_dim}: G has 4·gConvDim channels
 * @param dConvDim StudioGAN's {@code d_conv_dim}: D has 2·dConvDim channels
 * @param layout the layout of the image batches inside both networks
 */
public record BigGan(
    ImageShape image, int latentDim, int sharedDim, int gConvDim, int dConvDim, DataLayout layout) {

  /** Number of generator up-blocks (32×32 from 4×4). */
  public static final int UP_BLOCKS = 3;

  /** Validates the configuration. */
  public BigGan {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(layout, "layout");
    if (image.height() != image.width() || image.height() % 8 != 0) {
      throw new IllegalArgumentException(
          "BigGAN needs square images with a side divisible by 8 (e.g. 32), found " + image);
    }
    if (latentDim <= 0 || latentDim % (UP_BLOCKS + 1) != 0) {
      throw new IllegalArgumentException(
          "BigGAN's latentDim must be a positive multiple of "
              + (UP_BLOCKS + 1)
              + " (one chunk for the dense layer and one per up-block), found "
              + latentDim);
    }
    if (sharedDim <= 0 || gConvDim < 2 || dConvDim < 4) {
      throw new IllegalArgumentException(
          "BigGAN needs sharedDim >= 1, gConvDim >= 2 and dConvDim >= 4 (self-attention needs 8"
              + " channels), found sharedDim="
              + sharedDim
              + ", gConvDim="
              + gConvDim
              + ", dConvDim="
              + dConvDim);
    }
  }

  /** In the default layout (NHWC inside). */
  public BigGan(ImageShape image, int latentDim, int sharedDim, int gConvDim, int dConvDim) {
    this(image, latentDim, sharedDim, gConvDim, dConvDim, ResNetSnGan.DEFAULT_LAYOUT);
  }

  /**
   * StudioGAN's CIFAR-10 configuration: z = 80, shared embedding 128, g_conv_dim = d_conv_dim = 96
   * (G 384 channels, D 192); registered as {@code biggan}.
   */
  public static BigGan reference(ImageShape image) {
    return new BigGan(image, 80, 128, 96, 96);
  }

  /**
   * A CPU width (registered as {@code biggan-small}): z = 80, shared embedding 128, g_conv_dim 16
   * and d_conv_dim 32, so both networks have 64 channels, as {@code resnet-sngan-small}.
   */
  public static BigGan small(ImageShape image) {
    return new BigGan(image, 80, 128, 16, 32);
  }

  /** The same configuration running its image batches internally in {@code layout}. */
  public BigGan withLayout(DataLayout layout) {
    return new BigGan(image, latentDim, sharedDim, gConvDim, dConvDim, layout);
  }

  /** G's channels, 4·gConvDim. */
  public long generatorChannels() {
    return 4L * gConvDim;
  }

  /** D's channels, 2·dConvDim. */
  public long discriminatorChannels() {
    return 2L * dConvDim;
  }

  /** The size of one latent chunk, z/4. */
  public int chunk() {
    return latentDim / (UP_BLOCKS + 1);
  }

  /** The size of an up-block's conditioning vector: shared embedding plus one z chunk. */
  public long conditionDim() {
    return (long) sharedDim + chunk();
  }

  /** The generator and the projection discriminator for {@code numClasses} classes. */
  public Architecture conditional(int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException(
          "BigGAN is class-conditional: it needs at least 2 classes, found " + numClasses);
    }
    return new Architecture(new BigGanGenerator(this, numClasses), discriminator(numClasses));
  }

  /** The projection discriminator. */
  Discriminator discriminator(int numClasses) {
    long w = discriminatorChannels();
    ResNetSnGan body = new ResNetSnGan(image, latentDim, 8, (int) w, true, layout);
    return new ProjectionDiscriminator(
        "biggan",
        image,
        numClasses,
        body.discriminatorBody(),
        new SNDense(w, 1, true, ResNetSnGan.xavier(1.0)),
        true);
  }

  /**
   * The generator body as a layer chain, with the indices of the layers that read an up-block's
   * conditioning vector mapped to that block's number.
   */
  record Body(List<Layer> layers, Map<Integer, Integer> conditioned) {}

  Body generatorBody() {
    long c = generatorChannels();
    int s = image.height() >> UP_BLOCKS;
    ResNetSnGan.Chain l = new ResNetSnGan.Chain();
    l.add(new SNDense(chunk(), c * s * s, true, ResNetSnGan.xavier(1.0)), null);
    l.add(Reshape.toImage(c, s, s), null); // NCHW, whatever the layout: the dense weights' meaning
    Map<Integer, Integer> conditioned = new HashMap<>();
    for (int i = 0; i < UP_BLOCKS; i++) {
      Layer main =
          Sequential.of(
              new LinearConditionalBatchNorm(c, conditionDim(), layout),
              Activation.relu(),
              new Upsample2x(layout),
              new SNConv2d(c, c, 3, 1, 1, true, ResNetSnGan.xavier(ResNetSnGan.ROOT2), layout),
              new LinearConditionalBatchNorm(c, conditionDim(), layout),
              Activation.relu(),
              new SNConv2d(c, c, 3, 1, 1, true, ResNetSnGan.xavier(ResNetSnGan.ROOT2), layout));
      Layer skip =
          Sequential.of(
              new Upsample2x(layout),
              new SNConv2d(c, c, 1, 1, 0, true, ResNetSnGan.xavier(1.0), layout));
      conditioned.put(l.layers.size(), i);
      l.add(new ResBlock(main, skip), layout);
      if (i == 1) {
        // StudioGAN's attn_g_loc [2]: after the second block, at half the image side
        l.add(new SelfAttention(c, true, ResNetSnGan.xavier(1.0)), DataLayout.NCHW);
      }
    }
    l.add(new BatchNorm(c, 0.1, 1e-4, layout), layout);
    l.add(Activation.relu(), null);
    l.add(
        new SNConv2d(c, image.channels(), 3, 1, 1, true, ResNetSnGan.xavier(1.0), layout), layout);
    l.add(Activation.tanh(), null);
    l.end(DataLayout.NCHW); // images leave G as NCHW
    return new Body(List.copyOf(l.layers), Map.copyOf(conditioned));
  }

  /**
   * BigGAN's generator: shared embedding, hierarchical latent, conditional batch norm per block.
   * Parameters: {@code shared/E} and the body's layers under {@code <index><kind>} as in {@link
   * Sequential}.
   */
  static final class BigGanGenerator implements Generator {
    private final BigGan config;
    private final int numClasses;
    private final Body body;

    BigGanGenerator(BigGan config, int numClasses) {
      this.config = config;
      this.numClasses = numClasses;
      this.body = config.generatorBody();
    }

    @Override
    public long latentDim() {
      return config.latentDim();
    }

    @Override
    public ImageShape outputShape() {
      return config.image();
    }

    @Override
    public int numClasses() {
      return numClasses;
    }

    @Override
    public SDVariable generate(NetGraph g, SDVariable z) {
      throw new IllegalStateException("BigGAN's generator is class-conditional: it needs labels");
    }

    /** Columns {@code [index·q, (index + 1)·q)} of z (as InfoGAN's codes are read from z). */
    private SDVariable chunk(SDVariable z, int index) {
      int q = config.chunk();
      return z.get(SDIndex.all(), SDIndex.interval(index * q, (index + 1) * q));
    }

    @Override
    public SDVariable generate(NetGraph g, SDVariable z, SDVariable labels) {
      Objects.requireNonNull(labels, "labels");
      long e = config.sharedDim();
      SDVariable shared =
          g.sd()
              .mmul(
                  labels,
                  g.scope("shared")
                      .param(
                          "E",
                          new long[] {numClasses, e},
                          Init.normal(1.0 / Math.sqrt(e)),
                          numClasses));
      SDVariable h = chunk(z, 0);
      long[] shape = {config.chunk()};
      List<Layer> layers = body.layers();
      for (int i = 0; i < layers.size(); i++) {
        Layer l = layers.get(i);
        NetGraph scoped = g.scope(i + l.kind());
        Integer block = body.conditioned().get(i);
        if (block != null) {
          scoped = scoped.withLabels(g.sd().concat(1, shared, chunk(z, block + 1)));
        }
        h = l.forward(scoped, h, shape);
        shape = l.outputShape(shape);
      }
      return h;
    }

    @Override
    public String describe() {
      return "biggan conditional generator (z="
          + config.latentDim()
          + ", "
          + numClasses
          + " classes → "
          + config.image()
          + ")";
    }
  }
}
