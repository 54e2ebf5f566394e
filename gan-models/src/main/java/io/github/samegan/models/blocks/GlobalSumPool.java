package io.github.samegan.models.blocks;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.nn.DataLayout;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Traced;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Global sum pooling {@code [C, H, W] → [C]}, the head of the SN-GAN ResNet discriminator.
 *
 * <p>Input gradient ({@link #trace}): the channel's gradient broadcast to every position.
 *
 * @param layout the layout of the input batches
 */
public record GlobalSumPool(DataLayout layout) implements Layer {

  /** Requires the layout. */
  public GlobalSumPool {
    java.util.Objects.requireNonNull(layout, "layout");
  }

  /** Pooling of NCHW batches. */
  public GlobalSumPool() {
    this(DataLayout.NCHW);
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    return x.sum(layout.spatialAxes());
  }

  @Override
  public boolean providesInputGradient() {
    return true;
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] s) {
    long c = layout.channels(s);
    SDVariable ones = g.sd().constant(Nd4j.ones(g.dtype(), onesShape(s)));
    return new Traced(forward(g, x), dy -> dy.reshape(layout.perChannel(-1, c)).mul(ones));
  }

  /** A batch of one with every position of one channel. */
  private long[] onesShape(long[] s) {
    long h = layout.height(s);
    long w = layout.width(s);
    return layout == DataLayout.NCHW ? new long[] {1, 1, h, w} : new long[] {1, h, w, 1};
  }

  @Override
  public long[] outputShape(long[] s) {
    if (s.length != 3) {
      throw new IllegalArgumentException(
          "GlobalSumPool expects [C, H, W] (NCHW) or [H, W, C] (NHWC), found "
              + java.util.Arrays.toString(s));
    }
    return new long[] {layout.channels(s)};
  }

  @Override
  public String kind() {
    return "sumpool";
  }
}
