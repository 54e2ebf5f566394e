package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.loss.LossContext;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Scalar inputs are fed per update from the network's update index (what lazy regularisation
 * needs), and monitored scalars reach {@link StepStats#metrics()}.
 */
class LossInputsTest {

  /** BCE plus a zero-weighted scalar input whose value is monitored. */
  private static final class ScheduledLoss implements io.github.samegan.core.loss.GanLoss {
    private final BceLoss bce = new BceLoss();

    @Override
    public String name() {
      return "scheduled";
    }

    @Override
    public SDVariable discriminatorLoss(LossContext ctx) {
      SDVariable w = ctx.scalarInput("w", k -> 100 + k);
      ctx.monitor("d_weight", w);
      return bce.discriminatorLoss(ctx).add(w.mul(0.0));
    }

    @Override
    public SDVariable generatorLoss(LossContext ctx) {
      SDVariable w = ctx.scalarInput("w", k -> k % 2 == 0 ? 7 : 0);
      ctx.monitor("g_weight", w);
      return bce.generatorLoss(ctx).add(w.mul(0.0));
    }
  }

  @Test
  void scalarInputsFollowEachNetworksUpdateIndexAndAreMonitored() {
    Gan gan =
        Gan.builder(
                TinyModels.generator(false), TinyModels.discriminator(false), new ScheduledLoss())
            .build();
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 4, 1)).nCritic(3).build();
    List<StepStats> stats = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      stats.add(t.step());
    }
    // D updates 0,1,2 | 3,4,5 | 6,7,8: the last critic update of step s has index 3s + 2
    assertThat(stats)
        .extracting(s -> s.metrics().get("d_weight"))
        .containsExactly(102.0, 105.0, 108.0);
    assertThat(stats).extracting(s -> s.metrics().get("g_weight")).containsExactly(7.0, 0.0, 7.0);
    assertThat(stats.get(0).metrics().keySet()).containsExactly("d_weight", "g_weight");
  }
}
