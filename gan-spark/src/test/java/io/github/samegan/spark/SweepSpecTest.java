package io.github.samegan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sweep specs and settings, without Spark. */
class SweepSpecTest {

  @Test
  void aGridIsTheProductOfItsAxesWithRecommendedValuesForEmptyOnes() {
    SweepSpec spec =
        SweepSpec.grid()
            .models("mlp", "dcgan")
            .losses("minimax", "wgan-gp")
            .datasets("shapes")
            .generatorLrs(1e-4, 2e-4)
            .seeds(1, 2, 3)
            .steps(10)
            .batchSize(16)
            .build();

    assertThat(spec.size()).isEqualTo(2 * 2 * 2 * 3);
    assertThat(spec.settings().stream().map(SweepSetting::id).distinct()).hasSize(24);
    SweepSetting wgan =
        spec.settings().stream().filter(s -> s.loss().equals("wgan-gp")).findFirst().orElseThrow();
    assertThat(wgan.nCritic()).isEqualTo(5); // WGAN-GP's recommended n-critic
  }

  @Test
  void settingsRoundTripThroughTheirPropertiesAndKeepTheirId() {
    SweepSetting s = new SweepSetting("mlp", "hinge", "folder:/x y", 1e-4, 4e-4, 2, 7, 100, 32);

    SweepSetting back = SweepSetting.fromProperties(s.toProperties());

    assertThat(back).isEqualTo(s);
    assertThat(back.id()).isEqualTo(s.id()).matches("[A-Za-z0-9._-]+");
    assertThat(s.id())
        .isNotEqualTo(
            new SweepSetting("mlp", "hinge", "folder:/x y", 1e-4, 4e-4, 2, 8, 100, 32).id());
  }

  @Test
  void badSweepsAreRefusedWithTheProblemNamed() {
    assertThatThrownBy(() -> new SweepSetting("mlp", "hinge", "shapes", 0, 1e-4, 1, 1, 10, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("generatorLr")
        .hasMessageContaining("0.0");
    SweepSetting s = new SweepSetting("mlp", "hinge", "shapes", 1e-4, 1e-4, 1, 1, 10, 8);
    assertThatThrownBy(() -> SweepSpec.of(List.of(s, s)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same setting twice");
    assertThatThrownBy(
            () -> SweepSpec.grid().models("mlp").losses("my-loss").datasets("shapes").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown loss 'my-loss'")
        .hasMessageContaining("give generatorLrs");
  }
}
