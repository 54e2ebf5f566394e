package io.github.samegan.models.blocks;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Traced;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Nearest-neighbour upsampling by 2, {@code [C, H, W] → [C, 2H, 2W]}, written as two
 * concatenations: each pixel next to itself along a new last axis (reshaped, that doubles the
 * columns), then each row next to itself. SameDiff 1.0.0-M2.1's {@code upsampling2d(x, scale)}
 * cannot infer its output shape (docs/internals.md). The earlier form, a broadcast multiply by ones
 * {@code [1, 1, 1, 2, 1, 2]}, differentiated through libnd4j's generic broadcast {@code
 * multiply_bp}: 1.2 s per step at [64, 64, 16, 16] in the ResNet SN-GAN (docs/benchmarks.md).
 *
 * <p>Input gradient ({@link #trace}): each output pixel's gradient summed back over its 2×2 block.
 */
public record Upsample2x() implements Layer {

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    throw new IllegalStateException("Upsample2x needs the per-example input shape");
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x, long[] s) {
    outputShape(s);
    // each pixel twice along a new last axis (interleaved columns), then each row twice
    SDVariable cols = x.reshape(-1, s[0], s[1], s[2], 1);
    SDVariable wide = g.sd().concat(4, cols, cols).reshape(-1, s[0], s[1], 1, 2 * s[2]);
    return g.sd().concat(3, wide, wide).reshape(-1, s[0], 2 * s[1], 2 * s[2]);
  }

  @Override
  public boolean providesInputGradient() {
    return true;
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] s) {
    return new Traced(forward(g, x, s),
        dy -> dy.reshape(-1, s[0], s[1], 2, s[2], 2).sum(3, 5));
  }

  @Override
  public long[] outputShape(long[] s) {
    if (s.length != 3) {
      throw new IllegalArgumentException("Upsample2x expects [C, H, W], found " + java.util.Arrays.toString(s));
    }
    return new long[] {s[0], 2 * s[1], 2 * s[2]};
  }

  @Override
  public String kind() {
    return "up";
  }
}
