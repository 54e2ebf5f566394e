package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * Non-overlapping average pooling over NCHW input: each {@code k×k} window becomes its mean, so
 * {@code [C, H, W] → [C, H/k, W/k]} (H and W must be multiples of k). This is the downsampling of
 * the SN-GAN/BigGAN residual discriminator blocks.
 *
 * <p>Input gradient ({@link #trace}): every input pixel receives {@code 1/k²} of its window's
 * output gradient — a nearest-neighbour upsampling written as a reshape and a broadcast multiply
 * (SameDiff 1.0.0-M2.1's {@code upsampling2d(x, scale)} fails to infer its output shape;
 * docs/internals.md).
 *
 * @param kernel window size and stride k (≥ 2)
 */
public record AvgPool2d(int kernel) implements Layer {

  /** Validates the window size. */
  public AvgPool2d {
    if (kernel < 2) {
      throw new IllegalArgumentException("AvgPool2d kernel must be >= 2, found " + kernel);
    }
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
        .isNHWC(false)
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
    long c = out[0];
    long h = out[1];
    long w = out[2];
    SDVariable spread =
        g.sd()
            .constant(
                org.nd4j.linalg.factory.Nd4j.ones(g.dtype(), 1, 1, 1, kernel, 1, kernel)
                    .divi((double) kernel * kernel));
    return new Traced(
        forward(g, x),
        dy -> dy.reshape(-1, c, h, 1, w, 1).mul(spread).reshape(-1, c, h * kernel, w * kernel));
  }

  @Override
  public long[] outputShape(long[] s) {
    String name = "AvgPool2d(k" + kernel + ")";
    Shapes.requireRank(name, s, 3);
    if (s[1] % kernel != 0 || s[2] % kernel != 0) {
      throw new IllegalArgumentException(
          name
              + " needs height and width that are multiples of "
              + kernel
              + ", found "
              + Arrays.toString(s));
    }
    return new long[] {s[0], s[1] / kernel, s[2] / kernel};
  }

  @Override
  public String kind() {
    return "avgpool";
  }
}
