package com.example.gan;

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
 * A loss with its own option, added from outside SameGAN (docs/concepts.md shows this file): hinge
 * with margin m, {@code E[max(0, m − D(x))] + E[max(0, m + D(G(z)))]} for D, {@code −E[D(G(z))]}
 * for G. Registered by {@code META-INF/services/io.github.samegan.losses.LossProvider}.
 *
 * @param margin m &gt; 0
 */
// concepts.md:begin
public record MarginHingeLoss(double margin) implements GanLoss {
  /** {@code --hinge-margin m}, stored in checkpoints as {@code loss.hingeMargin}. */
  public static final LossOption<Double> MARGIN =
      LossOption.positive(
          "hingeMargin", "--hinge-margin", "m", 1.0, "Margin m of the margin-hinge loss");

  @Override
  public String name() {
    return "margin-hinge";
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    SameDiff sd = ctx.sd();
    return Functional.relu(sd, ctx.realLogits().rsub(margin))
        .mean()
        .add(Functional.relu(sd, ctx.fakeLogits().add(margin)).mean());
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    return ctx.fakeLogits().mean().neg();
  }

  /** Lists the loss by name, with its option and recommended settings. */
  public static final class Provider implements LossProvider {
    @Override
    public List<LossRegistry.Entry> losses() {
      return List.of(
          new LossRegistry.Entry(
              "margin-hinge",
              "Hinge loss with margin m (example plugin)",
              o -> new MarginHingeLoss(o.get(MARGIN)),
              List.of(MARGIN),
              LossRegistry.Recommended.dcgan()));
    }
  }
}
// concepts.md:end
