package io.github.samegan.examples;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import io.github.samegan.losses.Functional;
import io.github.samegan.losses.LossOption;
import io.github.samegan.losses.LossProvider;
import io.github.samegan.losses.LossRegistry;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A loss registered from outside SameGAN (only in these tests, through {@code
 * META-INF/services/io.github.samegan.losses.LossProvider}), so the command-line tests see a flag
 * that no SameGAN code names: the minimax loss with one-sided label smoothing (Salimans et al.
 * 2016, arXiv:1606.03498), D's target for real images being {@code 1 − α}.
 *
 * @param alpha α in [0, 0.5)
 */
public record SmoothedMinimaxLoss(double alpha) implements GanLoss {
  /** {@code --real-label-smoothing α}. */
  public static final LossOption<Double> ALPHA =
      LossOption.builder("realLabelSmoothing", "--real-label-smoothing", Double.class, 0.0)
          .symbol("α")
          .description("D's target for real images is 1 − α")
          .allowed("a number in [0, 0.5)", a -> a >= 0 && a < 0.5)
          .build();

  @Override
  public String name() {
    return "smoothed-minimax";
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    SameDiff sd = ctx.sd();
    SDVariable real = ctx.realLogits();
    return Functional.softplus(sd, real.neg())
        .mul(1 - alpha)
        .add(Functional.softplus(sd, real).mul(alpha))
        .mean()
        .add(Functional.bceWithLogitsZeros(sd, ctx.fakeLogits()));
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    return Functional.bceWithLogitsOnes(ctx.sd(), ctx.fakeLogits());
  }

  /** The provider listed in META-INF/services. */
  public static final class Provider implements LossProvider {
    @Override
    public List<LossRegistry.Entry> losses() {
      return List.of(
          new LossRegistry.Entry(
              "smoothed-minimax",
              "Minimax with one-sided label smoothing (test plugin)",
              o -> new SmoothedMinimaxLoss(o.get(ALPHA)),
              List.of(ALPHA),
              LossRegistry.Recommended.dcgan()));
    }
  }
}
