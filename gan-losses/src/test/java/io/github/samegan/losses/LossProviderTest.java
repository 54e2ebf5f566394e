package io.github.samegan.losses;

import static io.github.samegan.losses.Reference.DGZ;
import static io.github.samegan.losses.Reference.DX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.example.gan.MarginHingeLoss;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.testing.FixedLogits;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Losses from outside SameGAN: {@link MarginHingeLoss} is listed only in this module's test
 * resources ({@code META-INF/services/io.github.samegan.losses.LossProvider}), and registries are
 * immutable values composed with a builder.
 */
class LossProviderTest {

  @Test
  void standardRegistryFindsProvidersThroughServiceLoader() {
    LossRegistry standard = LossRegistry.standard();
    assertThat(standard.names()).endsWith("margin-hinge").containsAll(LossRegistryTest.NAMES);
    assertThat(standard.entry("Margin-Hinge").options()).containsExactly(MarginHingeLoss.MARGIN);
    assertThat(standard.options()).contains(MarginHingeLoss.MARGIN, TwoSidedGradientPenalty.WEIGHT);
    assertThat(LossRegistry.standard()).isSameAs(standard);
    assertThat(LossRegistry.builder().addBuiltIns().build().names()).doesNotContain("margin-hinge");
  }

  @Test
  void aPluginsOptionReachesItsLoss() {
    GanLoss loss =
        LossRegistry.standard()
            .loss("margin-hinge", LossOptions.defaults().withText(MarginHingeLoss.MARGIN, "2"));
    assertThat(loss).isEqualTo(new MarginHingeLoss(2));
    assertThat(LossRegistry.create("margin-hinge")).isEqualTo(new MarginHingeLoss(1));
    // E[max(0, 2 − dx)] + E[max(0, 2 + dgz)] by hand: dx = [1.3, 2.9, 8.4, 6.3], dgz = [4.8, 1.2,
    // −3.5, 5.9]
    double expected = (0.7 + 0 + 0 + 0) / 4 + (6.8 + 3.2 + 0 + 7.9) / 4;
    assertThat(FixedLogits.evaluate(loss, Phase.DISCRIMINATOR, DX, DGZ).loss())
        .isCloseTo(expected, within(1e-9));
  }

  @Test
  void registriesAreImmutableAndComposedWithABuilder() {
    LossRegistry.Entry mine = new LossRegistry.Entry("mine", "my loss", HingeLoss::new);
    LossRegistry custom =
        LossRegistry.builder().add(mine).addAll(new MarginHingeLoss.Provider().losses()).build();
    assertThat(custom.names()).containsExactly("mine", "margin-hinge");
    assertThat(LossRegistry.standard().names()).doesNotContain("mine");
    assertThatThrownBy(() -> custom.entries().add(mine))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> custom.entry("hinge"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("known losses: mine, margin-hinge");
    assertThat(LossRegistry.builder().addDiscovered(getClass().getClassLoader()).build().names())
        .containsExactly("margin-hinge");
  }

  @Test
  void clashingNamesAndOptionsAreRefused() {
    LossRegistry.Builder b = LossRegistry.builder().addBuiltIns();
    assertThatThrownBy(
            () -> b.add(new LossRegistry.Entry("HINGE", "another hinge", HingeLoss::new)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'HINGE' is registered twice");
    LossOption<Double> otherGp =
        LossOption.positive("gpWeight", "--my-gp", "λ", 1.0, "another weight");
    LossRegistry.Builder clash =
        LossRegistry.builder()
            .addBuiltIns()
            .add(
                new LossRegistry.Entry(
                    "my-gp",
                    "mine",
                    o -> new HingeLoss(),
                    List.of(otherGp),
                    LossRegistry.Recommended.dcgan()));
    assertThatThrownBy(clash::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'my-gp' declares option --my-gp (gpWeight)")
        .hasMessageContaining("'wgan-gp' declares another option --gp-weight (gpWeight)");
    LossOption<Double> sameFlag = LossOption.positive("myClip", "--clip", "c", 1.0, "another clip");
    assertThatThrownBy(
            () ->
                LossRegistry.builder()
                    .addBuiltIns()
                    .add(
                        new LossRegistry.Entry(
                            "x",
                            "x",
                            o -> new HingeLoss(),
                            List.of(sameFlag),
                            LossRegistry.Recommended.dcgan()))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--clip (myClip)");
    assertThatThrownBy(
            () ->
                new LossRegistry.Entry(
                    "x",
                    "x",
                    o -> new HingeLoss(),
                    List.of(WassersteinLoss.CLIP, WassersteinLoss.CLIP),
                    LossRegistry.Recommended.dcgan()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> new LossRegistry.Entry("my loss", "x", HingeLoss::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'my loss'");
  }
}
