package io.github.samegan.examples.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The arguments every example's {@code main} takes. */
class ExampleSettingsTest {
  @Test
  void mainArgumentsOverrideTheExamplesDefaults() {
    ExampleSettings d = ExampleSettings.fromArgs(new String[0], 600, 64, Path.of("runs/x"));
    assertThat(d).isEqualTo(new ExampleSettings(600, 64, Path.of("runs/x"), null, null));
    ExampleSettings s =
        ExampleSettings.fromArgs(
            new String[] {
              "--steps", "5", "--batch", "8", "--out", "o", "--data-dir", "d", "--dataset", "shapes"
            },
            600,
            64,
            Path.of("runs/x"));
    assertThat(s).isEqualTo(new ExampleSettings(5, 8, Path.of("o"), Path.of("d"), "shapes"));
    assertThat(s.datasetOr("cifar10")).isEqualTo("shapes");
    assertThat(s.modelOr("resnet-sngan")).isEqualTo("resnet-sngan");
    ExampleSettings m =
        ExampleSettings.fromArgs(
            new String[] {"--model", "resnet-sngan-small", "--checkpoint", "runs/a"},
            600,
            64,
            Path.of("runs/x"));
    assertThat(m.modelOr("resnet-sngan")).isEqualTo("resnet-sngan-small");
    assertThat(m.checkpoint()).isEqualTo(Path.of("runs/a"));
  }

  @Test
  void badArgumentsNameTheFlagAndTheValue() {
    assertThatThrownBy(
            () -> ExampleSettings.fromArgs(new String[] {"--steps", "many"}, 1, 1, Path.of("o")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--steps")
        .hasMessageContaining("many");
    assertThatThrownBy(
            () -> ExampleSettings.fromArgs(new String[] {"--bogus", "1"}, 1, 1, Path.of("o")))
        .hasMessageContaining("--bogus");
    assertThatThrownBy(
            () -> ExampleSettings.fromArgs(new String[] {"--batch", "0"}, 1, 1, Path.of("o")))
        .hasMessageContaining("--batch")
        .hasMessageContaining("0");
  }
}
