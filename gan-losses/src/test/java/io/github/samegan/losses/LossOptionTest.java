package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loss options are declared once and read, written and validated from that declaration. */
class LossOptionTest {

  @Test
  void everyBuiltInOptionIsDeclaredOnceWithItsFlagKeyAndDefault() {
    LossRegistry builtIns = LossRegistry.builder().addBuiltIns().build();
    assertThat(builtIns.options())
        .extracting(LossOption::flag)
        .containsExactly(
            "--clip",
            "--gp-weight",
            "--ls-targets",
            "--r1-gamma",
            "--lazy-every",
            "--dragan-scale",
            "--ebgan-margin",
            "--pt-weight",
            "--began-gamma",
            "--began-lambda-k",
            "--history-weight",
            "--ortho-weight",
            "--ac-weight",
            "--info-lambda",
            "--info-continuous",
            "--info-continuous-lambda");
    assertThat(builtIns.options())
        .extracting(LossOption::key)
        .containsExactly(
            "clip",
            "gpWeight",
            "lsTargets",
            "r1Gamma",
            "lazyEvery",
            "draganScale",
            "ebganMargin",
            "ptWeight",
            "beganGamma",
            "beganLambdaK",
            "historyWeight",
            "orthoWeight",
            "acWeight",
            "infoLambda",
            "infoContinuous",
            "infoContinuousLambda");
    assertThat(builtIns.readers(TwoSidedGradientPenalty.WEIGHT))
        .extracting(LossRegistry.Entry::name)
        .containsExactly("wgan-gp", "dragan");
    assertThat(builtIns.readers(ZeroCenteredGradientPenalty.LAZY_EVERY))
        .extracting(LossRegistry.Entry::name)
        .containsExactly("r1", "r2");
    for (LossOption<?> o : builtIns.options()) {
      assertThat(o.description()).isNotBlank().doesNotContain("\n");
      assertThat(roundTrip(o, o.defaultValue())).as(o.flag()).isEqualTo(o.defaultValue());
    }
  }

  private static <T> T roundTrip(LossOption<T> o, Object value) {
    return o.parse(o.format(o.type().cast(value)));
  }

  @Test
  void valuesParseFromTheCommandLineFormatAndWriteBackExactly() {
    assertThat(TwoSidedGradientPenalty.WEIGHT.parse(" 5 ")).isEqualTo(5.0);
    assertThat(TwoSidedGradientPenalty.WEIGHT.format(5.0)).isEqualTo("5.0");
    assertThat(ZeroCenteredGradientPenalty.LAZY_EVERY.parse("16")).isEqualTo(16);
    assertThat(WassersteinLoss.CLIP.parse("0")).isEqualTo(0.0);
    LeastSquaresLoss.Targets chi2 = LeastSquaresLoss.TARGETS.parse("-1,1,0");
    assertThat(chi2).isEqualTo(new LeastSquaresLoss.Targets(-1, 1, 0));
    assertThat(LeastSquaresLoss.TARGETS.format(chi2)).isEqualTo("-1.0,1.0,0.0");
    assertThat(LeastSquaresLoss.TARGETS.parse("-1.0, 1.0, 0.0")).isEqualTo(chi2);
    assertThat(roundTrip(TwoSidedGradientPenalty.WEIGHT, 0.1 + 0.2)).isEqualTo(0.1 + 0.2);
  }

  @Test
  void badValuesAreExplainedWithTheFlagTheValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> TwoSidedGradientPenalty.WEIGHT.parse("abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--gp-weight (gpWeight) must be a positive finite number, found 'abc'");
    assertThatThrownBy(() -> TwoSidedGradientPenalty.WEIGHT.parse("Infinity"))
        .hasMessageContaining("found Infinity");
    assertThatThrownBy(() -> ZeroCenteredGradientPenalty.LAZY_EVERY.parse("2.5"))
        .hasMessage("--lazy-every (lazyEvery) must be an integer in [1, 1000], found '2.5'");
    assertThatThrownBy(() -> ZeroCenteredGradientPenalty.LAZY_EVERY.parse("1001"))
        .hasMessageContaining("[1, 1000]")
        .hasMessageContaining("found 1001");
    assertThatThrownBy(() -> WassersteinLoss.CLIP.parse("-0.1"))
        .hasMessage("--clip (clip) must be a finite number >= 0 (0 = no clipping), found -0.1");
    assertThatThrownBy(() -> LeastSquaresLoss.TARGETS.parse("1,0"))
        .hasMessageContaining("three finite numbers a,b,c")
        .hasMessageContaining("found '1,0'");
    assertThatThrownBy(() -> DraganPenalty.SCALE.parse(null)).hasMessageContaining("found null");
    assertThatThrownBy(() -> new LossOptions(Map.of(DraganPenalty.SCALE, "0.3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--dragan-scale")
        .hasMessageContaining("Double");
  }

  @Test
  void optionsEqualWhenEveryOptionReadsTheSame() {
    LossOptions set = LossOptions.defaults().with(WassersteinLoss.CLIP, 0.05);
    assertThat(set.get(WassersteinLoss.CLIP)).isEqualTo(0.05);
    assertThat(set.get(TwoSidedGradientPenalty.WEIGHT)).isEqualTo(10.0);
    assertThat(set.text(WassersteinLoss.CLIP)).isEqualTo("0.05");
    assertThat(set.with(WassersteinLoss.CLIP, 0.01)).isEqualTo(LossOptions.defaults());
    assertThat(LossOptions.defaults().withText(WassersteinLoss.CLIP, "0.05")).isEqualTo(set);
    assertThat(set).isNotEqualTo(LossOptions.defaults());
  }

  @Test
  void declarationsThemselvesAreChecked() {
    assertThatThrownBy(() -> LossOption.positive("GpWeight", "--x", "λ", 1, "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("camelCase")
        .hasMessageContaining("'GpWeight'");
    assertThatThrownBy(() -> LossOption.positive("x", "-x", "λ", 1, "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found '-x'");
    assertThatThrownBy(() -> LossOption.positive("x", "--x", "λ", -1, "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found -1.0");
    assertThatThrownBy(
            () ->
                LossOption.builder("x", "--x", String.class, "a")
                    .symbol("s")
                    .description("d")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a parser");
    assertThatThrownBy(() -> LossOption.integer("x", "--x", "k", 1, 2, 1, "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min 2 > max 1");
  }
}
