package io.github.samegan.core.nn;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * Transposed 2-D convolution ("deconvolution") over NCHW input; output size {@code (in − 1)·s − 2p
 * + k}. Weights are stored {@code [k, k, out, in]} as SameDiff's deconv2d expects.
 *
 * <p>The bias is a separate {@code biasadd}, not {@code deconv2d}'s third input: with a bias,
 * oneDNN runs the deconvolution as a backward-data convolution followed by its reference bias loop,
 * which added 0.7–6.4 ms per call at the DCGAN generator's shapes at batch 64 (1.2–11.4 ms at 128),
 * against &lt; 1 ms for {@code biasadd} (docs/internals.md). Same parameters, same values.
 *
 * <p>Input gradient ({@link #trace}): {@code conv2d(∂L/∂y, W)} with the same kernel, stride,
 * padding and weight array (read as a convolution from {@code out} to {@code in} channels), which
 * always gives back the input size.
 *
 * @param in input channels
 * @param out output channels
 * @param kernel kernel size
 * @param stride stride
 * @param padding padding removed from each side of the output
 * @param bias whether to add a per-channel bias
 * @param init weight initialiser
 */
public record ConvTranspose2d(
    long in, long out, int kernel, int stride, int padding, boolean bias, Init init)
    implements Layer {

  /** Validates sizes. */
  public ConvTranspose2d {
    if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
      throw new IllegalArgumentException(
          "ConvTranspose2d needs positive channels/kernel/stride and padding >= 0, found in="
              + in
              + ", out="
              + out
              + ", kernel="
              + kernel
              + ", stride="
              + stride
              + ", padding="
              + padding);
    }
  }

  /** Transposed convolution with bias and N(0, 0.02²) weights (DCGAN initialisation). */
  public ConvTranspose2d(long in, long out, int kernel, int stride, int padding) {
    this(in, out, kernel, stride, padding, true, Init.normal(0.02));
  }

  DeConv2DConfig config() {
    return DeConv2DConfig.builder()
        .kH(kernel)
        .kW(kernel)
        .sH(stride)
        .sW(stride)
        .pH(padding)
        .pW(padding)
        .dH(1)
        .dW(1)
        .isSameMode(false)
        .dataFormat(DeConv2DConfig.NCHW)
        .build();
  }

  @Override
  public boolean providesInputGradient() {
    return true;
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    SDVariable y = forward(g, x);
    SDVariable w = g.param("W", new long[] {kernel, kernel, out, in}, init, in * kernel * kernel);
    Conv2DConfig adjoint =
        Conv2DConfig.builder()
            .kH(kernel)
            .kW(kernel)
            .sH(stride)
            .sW(stride)
            .pH(padding)
            .pW(padding)
            .dH(1)
            .dW(1)
            .paddingMode(PaddingMode.VALID)
            .dataFormat(Conv2DConfig.NCHW)
            .build();
    return new Traced(y, dy -> g.sd().cnn().conv2d(dy, w, adjoint));
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    SDVariable w = g.param("W", new long[] {kernel, kernel, out, in}, init, in * kernel * kernel);
    SDVariable b = bias ? g.param("b", new long[] {out}, Init.zeros(), in * kernel * kernel) : null;
    SDVariable y = g.sd().cnn().deconv2d(x, w, config());
    return b == null ? y : g.sd().nn().biasAdd(y, b, true);
  }

  @Override
  public long[] outputShape(long[] s) {
    String name =
        "ConvTranspose2d(" + in + "→" + out + ", k" + kernel + " s" + stride + " p" + padding + ")";
    Shapes.requireRank(name, s, 3);
    Shapes.requireDim(name, "channels", in, s[0], s);
    long h = (s[1] - 1) * stride - 2L * padding + kernel;
    long w = (s[2] - 1) * stride - 2L * padding + kernel;
    return new long[] {out, h, w};
  }

  @Override
  public String kind() {
    return "deconv";
  }
}
