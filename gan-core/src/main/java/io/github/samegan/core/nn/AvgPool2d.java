package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * Non-overlapping average pooling over NCHW (or NHWC) input: each {@code k×k} window becomes its
 * mean, so {@code [C, H, W] → [C, H/k, W/k]} (H and W must be multiples of k). This is the
 * downsampling of the SN-GAN/BigGAN residual discriminator blocks.
 *
 * <p>Input gradient ({@link #trace}): every input pixel receives {@code 1/k²} of its window's
 * output gradient — a nearest-neighbour upsampling written as a reshape and a broadcast multiply
 * (SameDiff 1.0.0-M2.1's {@code upsampling2d(x, scale)} fails to infer its output shape;
 * docs/internals.md).
 *
 * @param kernel window size and stride k (≥ 2)
 * @param layout the layout of the input and output batches
 */
public record AvgPool2d(int kernel, DataLayout layout) implements Layer {

  /** Validates the window size. */
  public AvgPool2d {
    java.util.Objects.requireNonNull(layout, "layout");
    if (kernel < 2) {
      throw new IllegalArgumentException("AvgPool2d kernel must be >= 2, found " + kernel);
    }
  }

  /** Pooling of NCHW batches. */
  public AvgPool2d(int kernel) {
    this(kernel, DataLayout.NCHW);
  }

  private Pooling2DConfig config() {
    return Pooling2DConfig.builder()
        .kH(kernel)
        .kW(kernel)
        .sH(kernel)
        .sW(kernel)
        .pH(0)
        .pW(0)
        .dH(1)
        .dW(1)
        .paddingMode(PaddingMode.VALID)
        .isNHWC(layout == DataLayout.NHWC)
        .build();
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    return g.sd().cnn().avgPooling2d(x, config());
  }

  @Override
  public boolean providesInputGradient() {
    return true;
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    long[] out = outputShape(inputShape);
    long c = layout.channels(out);
    long h = layout.height(out);
    long w = layout.width(out);
    boolean nchw = layout == DataLayout.NCHW;
    long[] windows = nchw ? new long[] {-1, c, h, 1, w, 1} : new long[] {-1, h, 1, w, 1, c};
    long[] spreadShape =
        nchw ? new long[] {1, 1, 1, kernel, 1, kernel} : new long[] {1, 1, kernel, 1, kernel, 1};
    long[] back =
        nchw
            ? new long[] {-1, c, h * kernel, w * kernel}
            : new long[] {-1, h * kernel, w * kernel, c};
    SDVariable spread =
        g.sd()
            .constant(
                org.nd4j.linalg.factory.Nd4j.ones(g.dtype(), spreadShape)
                    .divi((double) kernel * kernel));
    return new Traced(forward(g, x), dy -> dy.reshape(windows).mul(spread).reshape(back));
  }

  @Override
  public long[] outputShape(long[] s) {
    String name = "AvgPool2d(k" + kernel + ")";
    Shapes.requireRank(name, s, 3);
    long h = layout.height(s);
    long w = layout.width(s);
    if (h % kernel != 0 || w % kernel != 0) {
      throw new IllegalArgumentException(
          name
              + " needs height and width that are multiples of "
              + kernel
              + ", found "
              + Arrays.toString(s));
    }
    return layout.shape(layout.channels(s), h / kernel, w / kernel);
  }

  @Override
  public String kind() {
    return "avgpool";
  }
}
