package io.github.samegan.models.blocks;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Traced;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Global sum pooling {@code [C, H, W] → [C]}, the head of the SN-GAN ResNet discriminator.
 *
 * <p>Input gradient ({@link #trace}): the channel's gradient broadcast to every position.
 */
public record GlobalSumPool() implements Layer {

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    return x.sum(2, 3);
  }

  @Override
  public boolean providesInputGradient() {
    return true;
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] s) {
    SDVariable ones = g.sd().constant(Nd4j.ones(g.dtype(), 1, 1, s[1], s[2]));
    return new Traced(forward(g, x), dy -> dy.reshape(-1, s[0], 1, 1).mul(ones));
  }

  @Override
  public long[] outputShape(long[] s) {
    if (s.length != 3) {
      throw new IllegalArgumentException(
          "GlobalSumPool expects [C, H, W], found " + java.util.Arrays.toString(s));
    }
    return new long[] {s[0]};
  }

  @Override
  public String kind() {
    return "sumpool";
  }
}
