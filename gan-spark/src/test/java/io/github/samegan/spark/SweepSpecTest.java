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
  void augmentIsASettingThatRoundTripsAndOldPropertiesReadAsNone() {
    SweepSetting plain = new SweepSetting("mlp", "hinge", "shapes", 1e-4, 4e-4, 2, 7, 100, 32);
    SweepSetting flip =
        new SweepSetting("mlp", "hinge", "shapes", 1e-4, 4e-4, 2, 7, 100, 32, "hflip,crop:4");

    assertThat(SweepSetting.fromProperties(flip.toProperties())).isEqualTo(flip);
    assertThat(flip.toProperties()).containsEntry("augment", "hflip,crop:4");
    assertThat(flip.id()).isNotEqualTo(plain.id()).contains("_ahflip-crop-4_");
    assertThat(plain.augment()).isEqualTo("none");
    assertThat(new SweepSetting("mlp", "hinge", "shapes", 1e-4, 4e-4, 2, 7, 100, 32, " NONE "))
        .isEqualTo(plain);
    // A setting.properties written before augment was a setting: no key, read as none, and the
    // id is the one the old code gave it (CRC-32 of the same nine fields), so reruns still skip.
    java.util.Map<String, String> old = new java.util.LinkedHashMap<>(plain.toProperties());
    assertThat(old).doesNotContainKey("augment");
    SweepSetting back = SweepSetting.fromProperties(old);
    assertThat(back).isEqualTo(plain);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(
        ("{model=mlp, loss=hinge, dataset=shapes, g_lr=1.0E-4, d_lr=4.0E-4, n_critic=2, seed=7,"
                + " steps=100, batch=32}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(back.id())
        .isEqualTo(
            "mlp_hinge_shapes_g1.0e-4_d4.0e-4_nc2_s7_b32_t100_"
                + String.format("%08x", crc.getValue()));

    SweepSpec grid =
        SweepSpec.grid()
            .models("mlp")
            .losses("minimax")
            .datasets("shapes")
            .augments("none", "hflip")
            .seeds(1, 2)
            .build();
    assertThat(grid.settings().stream().map(SweepSetting::augment))
        .containsExactly("none", "none", "hflip", "hflip");
  }

  @Test
  void oldResultPropertiesWithoutKidOrDetectionRateReadAsNull() {
    SweepSetting s = new SweepSetting("mlp", "hinge", "shapes", 1e-4, 4e-4, 2, 7, 100, 32);
    java.util.Map<String, String> p = new java.util.LinkedHashMap<>(s.toProperties());
    p.put("steps_done", "100");
    p.put("d_loss", "0.5");
    p.put("g_loss", "1.5");
    p.put("ms_per_step", "2.0");
    p.put("fd", "12.5");

    SweepResult r = SweepResult.skipped(s, p, "file:/x");

    assertThat(r.fd()).isEqualTo(12.5);
    assertThat(r.kid()).isNull();
    assertThat(r.detectionRate()).isNull();
    SweepResult withAll =
        new SweepResult(s, SweepResult.TRAINED, null, 100, 0.5, 1.5, 2.0, 12.5, 0.25, 0.75, "x");
    SweepResult back = SweepResult.skipped(s, withAll.toProperties(), "x");
    assertThat(back.kid()).isEqualTo(0.25);
    assertThat(back.detectionRate()).isEqualTo(0.75);
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
