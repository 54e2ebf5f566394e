package io.github.samegan.core.nn;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.samediff.InputGradientConv2dOp;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A {@link Conv2d} whose kernel is spectrally normalised ({@link SpectralNorm}): the kernel {@code
 * [k, k, in, out]} is read as a {@code [k·k·in, out]} matrix (PyTorch's {@code weight.view(out,
 * −1)} up to the order of the input axes, which does not change singular values). Parameters {@code
 * W}, {@code b}; state {@code u: [out]}.
 *
 * <p>Input gradient ({@link #trace}): {@code deconv2d(∂L/∂y, W_SN)}, under the same size condition
 * as {@link Conv2d}.
 *
 * @param in input channels
 * @param out output channels
 * @param kernel kernel size
 * @param stride stride
 * @param padding zero padding
 * @param bias whether to add a per-channel bias
 * @param init weight initialiser
 * @param layout the layout of the input and output batches (as {@link Conv2d})
 */
public record SNConv2d(
    long in,
    long out,
    int kernel,
    int stride,
    int padding,
    boolean bias,
    Init init,
    DataLayout layout)
    implements Layer {

  /** Validates sizes (as {@link Conv2d}). */
  public SNConv2d {
    new Conv2d(in, out, kernel, stride, padding, bias, init, layout);
  }

  /** An NCHW convolution. */
  public SNConv2d(long in, long out, int kernel, int stride, int padding, boolean bias, Init init) {
    this(in, out, kernel, stride, padding, bias, init, DataLayout.NCHW);
  }

  /** With bias and N(0, 0.02²) weights. */
  public SNConv2d(long in, long out, int kernel, int stride, int padding) {
    this(in, out, kernel, stride, padding, true, Init.normal(0.02));
  }

  private Conv2d plain() {
    return new Conv2d(in, out, kernel, stride, padding, bias, init, layout);
  }

  private SDVariable weights(NetGraph g) {
    long[] shape = {kernel, kernel, in, out};
    return SpectralNorm.normalize(g, g.param("W", shape, init, in * kernel * kernel), shape);
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
    return conv(g, x, plain().invertsExactly(inputShape));
  }

  private SDVariable conv(NetGraph g, SDVariable x, boolean invertsExactly) {
    SDVariable w = weights(g);
    SDVariable b = bias ? g.param("b", new long[] {out}, Init.zeros(), in * kernel * kernel) : null;
    return InputGradientConv2dOp.conv2d(g.sd(), x, w, b, plain().config(), invertsExactly);
  }

  @Override
  public boolean providesInputGradient() {
    return true;
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    plain().checkTraceable(inputShape, "snconv");
    SDVariable y = forward(g, x, inputShape);
    SDVariable w = weights(g);
    return new Traced(y, dy -> g.sd().cnn().deconv2d(dy, w, plain().transposedConfig()));
  }

  @Override
  public long[] outputShape(long[] s) {
    return plain().outputShape(s);
  }

  @Override
  public String kind() {
    return "snconv";
  }
}
