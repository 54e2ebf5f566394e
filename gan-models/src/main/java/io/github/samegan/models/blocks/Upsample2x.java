package io.github.samegan.models.blocks;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.nn.DataLayout;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Traced;
import io.github.samegan.core.samediff.SafeOps;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Nearest-neighbour upsampling by 2, {@code [C, H, W] → [C, 2H, 2W]}: libnd4j's {@code
 * upsampling2d} with both scales given ({@link SafeOps#upsampleNearest2x}; the one-scale overload
 * cannot infer its output shape in SameDiff 1.0.0-M2.1, docs/internals.md). Its forward and
 * backward ops are native loops, ~4× faster than the two concatenations used before and far faster
 * than the broadcast multiply by ones before that (docs/benchmarks.md).
 *
 * <p>Input gradient ({@link #trace}): each output pixel's gradient summed back over its 2×2 block.
 *
 * @param layout the layout of the input and output batches (per-example {@code [H, W, C]} in NHWC)
 */
public record Upsample2x(DataLayout layout) implements Layer {

  /** Requires the layout. */
  public Upsample2x {
    java.util.Objects.requireNonNull(layout, "layout");
  }

  /** Upsampling of NCHW batches. */
  public Upsample2x() {
    this(DataLayout.NCHW);
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    throw new IllegalStateException("Upsample2x needs the per-example input shape");
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x, long[] s) {
    outputShape(s);
    return SafeOps.upsampleNearest2x(g.sd(), x, layout == DataLayout.NCHW);
  }

  @Override
  public boolean providesInputGradient() {
    return true;
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] s) {
    long c = layout.channels(s);
    long h = layout.height(s);
    long w = layout.width(s);
    if (layout == DataLayout.NCHW) {
      return new Traced(forward(g, x, s), dy -> dy.reshape(-1, c, h, 2, w, 2).sum(3, 5));
    }
    return new Traced(forward(g, x, s), dy -> dy.reshape(-1, h, 2, w, 2, c).sum(2, 4));
  }

  @Override
  public long[] outputShape(long[] s) {
    if (s.length != 3) {
      throw new IllegalArgumentException(
          "Upsample2x expects [C, H, W] (NCHW) or [H, W, C] (NHWC), found "
              + java.util.Arrays.toString(s));
    }
    return layout.shape(layout.channels(s), 2 * layout.height(s), 2 * layout.width(s));
  }

  @Override
  public String kind() {
    return "up";
  }
}
