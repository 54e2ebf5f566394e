package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.loss.GanLoss;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every loss can be created by name from typed options, with its recommended settings. */
class LossRegistryTest {
  static final List<String> NAMES =
      List.of(
          "minimax",
          "minimax-saturating",
          "wgan",
          "wgan-gp",
          "hinge",
          "lsgan",
          "ragan",
          "ralsgan",
          "rahinge",
          "r1",
          "r2",
          "dragan",
          "feature-matching",
          "ebgan",
          "began");

  @Test
  void listsEveryLossWithADescription() {
    assertThat(LossRegistry.standard().entries())
        .extracting(LossRegistry.Entry::name)
        .containsAll(NAMES);
    assertThat(LossRegistry.builder().addBuiltIns().build().names())
        .containsExactlyElementsOf(NAMES);
    for (LossRegistry.Entry e : LossRegistry.standard().entries()) {
      assertThat(e.description()).isNotBlank().doesNotContain("\n");
    }
  }

  @Test
  void createsEachLossUnderItsOwnName() {
    for (String name : NAMES) {
      GanLoss loss = LossRegistry.create(name);
      assertThat(loss.name()).isEqualTo(name);
      assertThat(
              LossRegistry.create(name.toUpperCase(java.util.Locale.ROOT), LossOptions.defaults())
                  .name())
          .isEqualTo(name);
      assertThat(LossRegistry.standard().loss(name, LossOptions.defaults())).isEqualTo(loss);
    }
  }

  @Test
  void optionsReachTheLoss() {
    LossOptions o =
        LossOptions.defaults()
            .with(TwoSidedGradientPenalty.WEIGHT, 5.0)
            .with(ZeroCenteredGradientPenalty.GAMMA, 0.2)
            .with(ZeroCenteredGradientPenalty.LAZY_EVERY, 16)
            .with(WassersteinLoss.CLIP, 0.05)
            .withText(LeastSquaresLoss.TARGETS, "-1,1,0")
            .with(DraganPenalty.SCALE, 0.25);
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
    assertThat(LossRegistry.standard().entry("wgan-gp").options())
        .containsExactly(TwoSidedGradientPenalty.WEIGHT);
    assertThat(LossRegistry.standard().entry("dragan").options())
        .containsExactly(TwoSidedGradientPenalty.WEIGHT, DraganPenalty.SCALE);
    assertThat(ZeroCenteredGradientPenalty.GAMMA.flag()).isEqualTo("--r1-gamma");
  }

  @Test
  void defaultsAreThePapersSettings() {
    LossOptions d = LossOptions.defaults();
    assertThat(d.get(TwoSidedGradientPenalty.WEIGHT)).isEqualTo(10);
    assertThat(d.get(ZeroCenteredGradientPenalty.GAMMA)).isEqualTo(10);
    assertThat(d.get(ZeroCenteredGradientPenalty.LAZY_EVERY)).isEqualTo(1);
    assertThat(d.get(WassersteinLoss.CLIP)).isEqualTo(0.01);
    assertThat(d.get(LeastSquaresLoss.TARGETS)).isEqualTo(new LeastSquaresLoss.Targets(0, 1, 1));
    assertThat(d.get(DraganPenalty.SCALE)).isEqualTo(0.5);
    LossRegistry.Recommended gp = LossRegistry.standard().entry("wgan-gp").recommended();
    assertThat(gp).isEqualTo(new LossRegistry.Recommended("adam", 1e-4, 1e-4, 0.0, 0.9, 5));
    LossRegistry.Recommended hinge = LossRegistry.standard().entry("hinge").recommended();
    assertThat(hinge.discriminatorLr()).isEqualTo(4e-4);
    assertThat(hinge.generatorLr()).isEqualTo(1e-4);
    assertThat(LossRegistry.standard().entry("wgan").recommended().optimizer())
        .isEqualTo("rmsprop");
    assertThat(LossRegistry.standard().entry("wgan").recommended().nCritic()).isEqualTo(5);
    assertThat(gp.discriminatorOptimizer().updater())
        .isInstanceOf(org.nd4j.linalg.learning.config.Adam.class);
  }

  @Test
  void unknownNamesAndBadOptionsAreExplained() {
    assertThatThrownBy(() -> LossRegistry.create("wgangp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'wgangp'")
        .hasMessageContaining("wgan-gp")
        .hasMessageContaining("hinge");
    assertThatThrownBy(() -> LossOptions.defaults().with(TwoSidedGradientPenalty.WEIGHT, -1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gpWeight")
        .hasMessageContaining("--gp-weight")
        .hasMessageContaining("positive")
        .hasMessageContaining("found -1.0");
    assertThatThrownBy(() -> LossOptions.defaults().with(ZeroCenteredGradientPenalty.LAZY_EVERY, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 1000]")
        .hasMessageContaining("found 0");
    assertThatThrownBy(() -> LossOptions.defaults().with(WassersteinLoss.CLIP, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found NaN");
    assertThatThrownBy(() -> LossOptions.defaults().withText(LeastSquaresLoss.TARGETS, "1,1,0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a != b")
        .hasMessageContaining("found '1,1,0'");
  }
}
