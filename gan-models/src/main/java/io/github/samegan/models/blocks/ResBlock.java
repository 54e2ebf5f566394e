package io.github.samegan.models.blocks;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Traced;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A residual block {@code y = main(x) + shortcut(x)} (identity shortcut when {@code shortcut} is
 * null), the unit of the SN-GAN / BigGAN generators and discriminators. Parameters live in the
 * scopes {@code main/} and {@code skip/}.
 *
 * <p>Input gradient ({@link #trace}): the sum of both branches' input gradients, available when
 * both branches provide one, so residual critics work with gradient penalties.
 *
 * @param main the residual branch
 * @param shortcut the shortcut branch, or {@code null} for the identity
 */
public record ResBlock(Layer main, Layer shortcut) implements Layer {

  /** Requires the main branch. */
  public ResBlock {
    Objects.requireNonNull(main, "main");
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    throw new IllegalStateException("ResBlock needs the per-example input shape");
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x, long[] inputShape) {
    outputShape(inputShape);
    SDVariable m = main.forward(g.scope("main"), x, inputShape);
    SDVariable s = shortcut == null ? x : shortcut.forward(g.scope("skip"), x, inputShape);
    return m.add(s);
  }

  @Override
  public boolean providesInputGradient() {
    return main.providesInputGradient() && (shortcut == null || shortcut.providesInputGradient());
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    if (!providesInputGradient()) {
      throw new IllegalStateException(Layer.unsupportedInputGradient(this));
    }
    outputShape(inputShape);
    Traced m = main.trace(g.scope("main"), x, inputShape);
    Traced s = shortcut == null ? null : shortcut.trace(g.scope("skip"), x, inputShape);
    SDVariable y = m.output().add(s == null ? x : s.output());
    return new Traced(
        y,
        dy -> {
          SDVariable dm = m.inputGradient(dy);
          return dm.add(s == null ? dy : s.inputGradient(dy));
        });
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    long[] m = main.outputShape(inputShape);
    long[] s = shortcut == null ? inputShape.clone() : shortcut.outputShape(inputShape);
    if (!Arrays.equals(m, s)) {
      throw new IllegalArgumentException(
          "ResBlock: the main branch maps "
              + Arrays.toString(inputShape)
              + " to "
              + Arrays.toString(m)
              + " but the shortcut gives "
              + Arrays.toString(s));
    }
    return m;
  }

  @Override
  public String kind() {
    return "res";
  }
}
