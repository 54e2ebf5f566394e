package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.loss.GanLoss;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every loss can be created by name from typed options, with its recommended settings. */
class LossRegistryTest {
  static final List<String> NAMES = List.of(
      "minimax", "minimax-saturating", "wgan", "wgan-gp", "hinge", "lsgan", "ragan", "ralsgan",
      "rahinge", "r1", "r2", "dragan", "feature-matching");

  @Test
  void listsEveryLossWithADescription() {
    assertThat(LossRegistry.entries()).extracting(LossRegistry.Entry::name).containsAll(NAMES);
    for (LossRegistry.Entry e : LossRegistry.entries()) {
      assertThat(e.description()).isNotBlank().doesNotContain("\n");
    }
  }

  @Test
  void createsEachLossUnderItsOwnName() {
    for (String name : NAMES) {
      GanLoss loss = LossRegistry.create(name);
      assertThat(loss.name()).isEqualTo(name);
      assertThat(LossRegistry.create(name.toUpperCase(java.util.Locale.ROOT), LossOptions.defaults()).name()).isEqualTo(name);
    }
  }

  @Test
  void optionsReachTheLoss() {
    LossOptions o = LossOptions.defaults().withGpWeight(5).withR1Gamma(0.2).withLazyEvery(16).withClip(0.05)
        .withLeastSquaresTargets(-1, 1, 0).withDraganScale(0.25);
    PenalizedLoss gp = (PenalizedLoss) LossRegistry.create("wgan-gp", o);
    assertThat(gp.penalties()).containsExactly(new WganGradientPenalty(5));
    assertThat(gp.base()).isEqualTo(WassersteinLoss.unclipped());
    assertThat(((PenalizedLoss) LossRegistry.create("r1", o)).penalties())
        .containsExactly(ZeroCenteredGradientPenalty.r1(0.2, 16));
    assertThat(((PenalizedLoss) LossRegistry.create("r2", o)).penalties())
        .containsExactly(ZeroCenteredGradientPenalty.r2(0.2, 16));
    assertThat(((PenalizedLoss) LossRegistry.create("dragan", o)).penalties())
        .containsExactly(new DraganPenalty(5, 0.25));
    assertThat(LossRegistry.create("wgan", o)).isEqualTo(new WassersteinLoss(0.05));
    assertThat(LossRegistry.create("lsgan", o)).isEqualTo(new LeastSquaresLoss(-1, 1, 0));
    assertThat(LossRegistry.entry("wgan-gp").options()).containsExactly(LossOptions.Field.GP_WEIGHT);
    assertThat(LossOptions.Field.R1_GAMMA.flag()).isEqualTo("--r1-gamma");
  }

  @Test
  void defaultsAreThePapersSettings() {
    LossOptions d = LossOptions.defaults();
    assertThat(d.gpWeight()).isEqualTo(10);
    assertThat(d.r1Gamma()).isEqualTo(10);
    assertThat(d.clip()).isEqualTo(0.01);
    LossRegistry.Recommended gp = LossRegistry.entry("wgan-gp").recommended();
    assertThat(gp).isEqualTo(new LossRegistry.Recommended("adam", 1e-4, 1e-4, 0.0, 0.9, 5));
    LossRegistry.Recommended hinge = LossRegistry.entry("hinge").recommended();
    assertThat(hinge.discriminatorLr()).isEqualTo(4e-4);
    assertThat(hinge.generatorLr()).isEqualTo(1e-4);
    assertThat(LossRegistry.entry("wgan").recommended().optimizer()).isEqualTo("rmsprop");
    assertThat(LossRegistry.entry("wgan").recommended().nCritic()).isEqualTo(5);
    assertThat(gp.discriminatorOptimizer().updater()).isInstanceOf(org.nd4j.linalg.learning.config.Adam.class);
  }

  @Test
  void unknownNamesAndBadOptionsAreExplained() {
    assertThatThrownBy(() -> LossRegistry.create("wgangp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'wgangp'").hasMessageContaining("wgan-gp").hasMessageContaining("hinge");
    assertThatThrownBy(() -> LossOptions.defaults().withGpWeight(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpWeight").hasMessageContaining("found -1.0");
    assertThatThrownBy(() -> LossOptions.defaults().withLazyEvery(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 1000]").hasMessageContaining("found 0");
    assertThatThrownBy(() -> LossOptions.defaults().withClip(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found NaN");
    assertThatThrownBy(() -> LossOptions.defaults().withLeastSquaresTargets(1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a != b");
  }
}
