package io.github.samegan.core.nn;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.samediff.InputGradientConv2dOp;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * 2-D convolution over NCHW (or, with {@link DataLayout#NHWC}, NHWC) input with square kernel,
 * stride and zero padding. Weights are stored {@code [k, k, in, out]} (SameDiff's YXIO), the same
 * array a transposed convolution with the roles of in and out swapped uses — which is how the input
 * gradient is expressed with forward ops.
 *
 * <p>Input gradient ({@link #trace}): {@code deconv2d(∂L/∂y, W)} with the same kernel, stride and
 * padding and the same weight array. The transposed convolution gives back exactly the input size
 * when {@code H + 2p − k} and {@code W + 2p − k} are multiples of the stride (true for the usual k4
 * s2 p1 on even sizes and for k3 s1 p1); otherwise the last rows or columns would be lost, so
 * {@link #trace} refuses such shapes with an {@link IllegalStateException}.
 *
 * @param in input channels
 * @param out output channels
 * @param kernel kernel size
 * @param stride stride
 * @param padding zero padding on each side
 * @param bias whether to add a per-channel bias
 * @param init weight initialiser
 * @param layout the layout of the input and output batches (the weights are the same in both)
 */
public record Conv2d(
    long in,
    long out,
    int kernel,
    int stride,
    int padding,
    boolean bias,
    Init init,
    DataLayout layout)
    implements Layer {

  /** Validates sizes. */
  public Conv2d {
    java.util.Objects.requireNonNull(layout, "layout");
    if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
      throw new IllegalArgumentException(
          "Conv2d needs positive channels/kernel/stride and padding >= 0, found in="
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

  /** An NCHW convolution. */
  public Conv2d(long in, long out, int kernel, int stride, int padding, boolean bias, Init init) {
    this(in, out, kernel, stride, padding, bias, init, DataLayout.NCHW);
  }

  /** Convolution with bias and N(0, 0.02²) weights (DCGAN initialisation). */
  public Conv2d(long in, long out, int kernel, int stride, int padding) {
    this(in, out, kernel, stride, padding, true, Init.normal(0.02));
  }

  Conv2DConfig config() {
    return Conv2DConfig.builder()
        .kH(kernel)
        .kW(kernel)
        .sH(stride)
        .sW(stride)
        .pH(padding)
        .pW(padding)
        .dH(1)
        .dW(1)
        .paddingMode(PaddingMode.VALID)
        .dataFormat(layout.format())
        .build();
  }

  DeConv2DConfig transposedConfig() {
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
        .dataFormat(layout.format())
        .build();
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    return conv(g, x, false);
  }

  /**
   * As {@link #forward(NetGraph, SDVariable)}; knowing the input shape lets G's update skip D's
   * weight gradients.
   */
  @Override
  public SDVariable forward(NetGraph g, SDVariable x, long[] inputShape) {
    return conv(g, x, invertsExactly(inputShape));
  }

  private SDVariable conv(NetGraph g, SDVariable x, boolean invertsExactly) {
    SDVariable w = weights(g);
    SDVariable b = bias ? g.param("b", new long[] {out}, Init.zeros(), in * kernel * kernel) : null;
    return InputGradientConv2dOp.conv2d(g.sd(), x, w, b, config(), invertsExactly);
  }

  /** Whether the transposed convolution of the output gives back exactly this input size. */
  boolean invertsExactly(long[] inputShape) {
    return inputShape != null
        && inputShape.length == 3
        && (layout.height(inputShape) + 2L * padding - kernel) % stride == 0
        && (layout.width(inputShape) + 2L * padding - kernel) % stride == 0;
  }

  private SDVariable weights(NetGraph g) {
    return g.param("W", new long[] {kernel, kernel, in, out}, init, in * kernel * kernel);
  }

  @Override
  public boolean providesInputGradient() {
    return true;
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    checkTraceable(inputShape, "conv");
    SDVariable y = forward(g, x, inputShape);
    SDVariable w = weights(g);
    return new Traced(y, dy -> g.sd().cnn().deconv2d(dy, w, transposedConfig()));
  }

  /** Throws unless the transposed convolution gives back exactly the input size. */
  void checkTraceable(long[] inputShape, String kindName) {
    outputShape(inputShape);
    if (!invertsExactly(inputShape)) {
      throw new IllegalStateException(
          "Block '"
              + kindName
              + "' ("
              + this
              + ") provides its input gradient only when H + 2p − k and W + 2p − k"
              + " are multiples of the stride "
              + stride
              + ", but the input is "
              + Arrays.toString(inputShape)
              + "; choose an image size or padding that fits (e.g. even sizes with k4 s2 p1)");
    }
  }

  @Override
  public long[] outputShape(long[] s) {
    String name =
        "Conv2d(" + in + "→" + out + ", k" + kernel + " s" + stride + " p" + padding + ")";
    Shapes.requireRank(name, s, 3);
    Shapes.requireDim(name, "channels", in, layout.channels(s), s);
    long h = (layout.height(s) + 2L * padding - kernel) / stride + 1;
    long w = (layout.width(s) + 2L * padding - kernel) / stride + 1;
    if (h <= 0 || w <= 0) {
      throw new IllegalArgumentException(
          name + ": input " + java.util.Arrays.toString(s) + " is too small");
    }
    return layout.shape(out, h, w);
  }

  @Override
  public String kind() {
    return "conv";
  }
}
