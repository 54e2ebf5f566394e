package io.github.samegan.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.data.ImageInfo;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AugmentPipelineTest {

  private static final ImageInfo RGB = ImageInfo.rgb(32);
  private static final String EXAMPLE = "hflip,crop:4,jitter:0.2,blur:0.1-2.0@0.5,jpeg:30-100@0.5";

  @Test
  void parsesTheExampleSpecWithDefaultAndExplicitProbabilities() {
    AugmentPipeline p = AugmentPipeline.parse(EXAMPLE);
    List<AugmentPipeline.Step> steps = p.steps();
    assertThat(steps).hasSize(5);
    assertThat(steps.stream().map(AugmentPipeline.Step::probability))
        .containsExactly(0.5, 1.0, 1.0, 0.5, 0.5);
    assertThat(p.spec())
        .isEqualTo("hflip,crop:4:reflect,jitter:0.2:0.2:0.2:0,blur:0.1-2@0.5,jpeg:30-100@0.5");
    assertThat(AugmentPipeline.parse(p.spec())).isEqualTo(p);
    assertThat(p.keepsPixelRange()).isTrue();
  }

  @Test
  void everyOperationParsesAndItsCanonicalSpecRoundTrips() {
    String all =
        "hflip@1,vflip@0.25,crop:2:zero,rrc,rrc:0.3-0.9:0.5-2,rotate:10,translate:0.125:zero,"
            + "jitter:0.4:0.3:0.2:0.1,brightness:0.3,contrast:0.2,saturation:0.5,hue:0.05,gray@0.1,"
            + "blur:1,jpeg:75,noise:0-0.1,cutout,cutout:0.3,erase,erase:0.1-0.2:0.5-2,"
            + "norm:0.49/0.48/0.45:0.25/0.24/0.26";
    AugmentPipeline p = AugmentPipeline.parse(all);
    assertThat(p.steps()).hasSize(21);
    assertThat(AugmentPipeline.parse(p.spec())).isEqualTo(p);
    assertThat(p.keepsPixelRange()).isFalse();
    float[] out = p.apply(AugmentationsTest.randomImage(RGB, 1), RGB, 5);
    assertThat(out).hasSize(RGB.pixels());
    assertThat(AugmentPipeline.parse("none").isEmpty()).isTrue();
    assertThat(AugmentPipeline.parse("  ").isEmpty()).isTrue();
    assertThat(AugmentPipeline.parse("default").spec()).isEqualTo("hflip,crop:4:reflect");
    assertThat(AugmentPipeline.parse("hflip@1,vflip@0.5").spec()).isEqualTo("hflip@1,vflip");
  }

  @Test
  void malformedSpecsAreRejectedNamingTheBadToken() {
    assertThatThrownBy(() -> AugmentPipeline.parse("hflip,blurr:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'blurr:1'")
        .hasMessageContaining("unknown operation 'blurr'")
        .hasMessageContaining("blur, jpeg");
    assertThatThrownBy(() -> AugmentPipeline.parse("hflip,blur:x@0.5"))
        .hasMessageContaining("'blur:x@0.5'")
        .hasMessageContaining("'x' is not a non-negative number");
    assertThatThrownBy(() -> AugmentPipeline.parse("blur:2-1"))
        .hasMessageContaining("'blur:2-1'")
        .hasMessageContaining("minimum above its maximum");
    assertThatThrownBy(() -> AugmentPipeline.parse("jpeg:0-100"))
        .hasMessageContaining("'jpeg:0-100'")
        .hasMessageContaining("jpeg quality");
    assertThatThrownBy(() -> AugmentPipeline.parse("hflip@1.5"))
        .hasMessageContaining("'hflip@1.5'")
        .hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> AugmentPipeline.parse("hflip@often"))
        .hasMessageContaining("'hflip@often'");
    assertThatThrownBy(() -> AugmentPipeline.parse("hflip,,crop:4"))
        .hasMessageContaining("empty operation at position 2");
    assertThatThrownBy(() -> AugmentPipeline.parse("crop"))
        .hasMessageContaining("'crop'")
        .hasMessageContaining("crop:4");
    assertThatThrownBy(() -> AugmentPipeline.parse("crop:4:mirror"))
        .hasMessageContaining("'crop:4:mirror'")
        .hasMessageContaining("'reflect' or 'zero'");
    assertThatThrownBy(() -> AugmentPipeline.parse("crop:2.5"))
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> AugmentPipeline.parse("hflip:3"))
        .hasMessageContaining("'hflip:3'")
        .hasMessageContaining("no arguments");
  }

  @Test
  void theSameSeedEpochAndIndexGiveTheSameImageOnAnyThread() {
    AugmentPipeline p = AugmentPipeline.parse(EXAMPLE + ",noise:0.02,cutout:0.2@0.5").withSeed(9);
    float[] src = AugmentationsTest.randomImage(RGB, 3);
    float[] a = p.augment(src.clone(), RGB, 2, 17);
    float[] b =
        AugmentPipeline.parse(EXAMPLE + ",noise:0.02,cutout:0.2@0.5")
            .withSeed(9)
            .augment(src.clone(), RGB, 2, 17);
    assertThat(b).containsExactly(a);
    assertThat(p.augment(src.clone(), RGB, 3, 17)).isNotEqualTo(a);
    assertThat(p.augment(src.clone(), RGB, 2, 18)).isNotEqualTo(a);
    assertThat(p.withSeed(10).augment(src.clone(), RGB, 2, 17)).isNotEqualTo(a);

    float[][] sequential = new float[64][];
    for (int i = 0; i < 64; i++) {
      sequential[i] = p.augment(src.clone(), RGB, 1, i);
    }
    float[][] parallel = new float[64][];
    IntStream.range(0, 64).parallel().forEach(i -> parallel[i] = p.augment(src.clone(), RGB, 1, i));
    for (int i = 0; i < 64; i++) {
      assertThat(parallel[i]).containsExactly(sequential[i]);
    }
  }

  @Test
  void operationsApplyWithTheirProbabilityWithinFiveSigma() {
    float[] src = AugmentationsTest.randomImage(RGB, 4);
    float[] flipped = Augmentations.horizontalFlip().apply(src.clone(), RGB, null);
    int n = 4000;
    for (double p : new double[] {0.1, 0.3, 0.5, 0.9}) {
      AugmentPipeline pipeline =
          AugmentPipeline.builder().add(Augmentations.horizontalFlip(), p).seed(7).build();
      int applied = 0;
      int unchanged = 0;
      for (int i = 0; i < n; i++) {
        float[] out = pipeline.augment(src.clone(), RGB, i / 1000, i);
        applied += Arrays.equals(out, flipped) ? 1 : 0;
        unchanged += Arrays.equals(out, src) ? 1 : 0;
      }
      assertThat(applied + unchanged).isEqualTo(n);
      double sigma = Math.sqrt(n * p * (1 - p));
      assertThat((double) applied).as("p = %s", p).isBetween(n * p - 5 * sigma, n * p + 5 * sigma);
    }
    // Each step draws independently: two ops at 0.5 are both applied about a quarter of the time.
    AugmentPipeline two = AugmentPipeline.parse("cutout:0.25@0.5,vflip@0.5").withSeed(3);
    float[] vflipped = Augmentations.verticalFlip().apply(src.clone(), RGB, null);
    int both = 0;
    int neither = 0;
    for (int i = 0; i < n; i++) {
      float[] out = two.augment(src.clone(), RGB, 0, i);
      boolean cut = countZeros(out) >= 192;
      boolean flip = cut ? !matchesOutsideZeros(out, src) : Arrays.equals(out, vflipped);
      both += cut && flip ? 1 : 0;
      neither += !cut && Arrays.equals(out, src) ? 1 : 0;
    }
    double sigma = Math.sqrt(n * 0.25 * 0.75);
    assertThat((double) both).isBetween(n * 0.25 - 5 * sigma, n * 0.25 + 5 * sigma);
    assertThat((double) neither).isBetween(n * 0.25 - 5 * sigma, n * 0.25 + 5 * sigma);
    assertThat(AugmentPipeline.parse("hflip@0").augment(src.clone(), RGB, 0, 1))
        .containsExactly(src);
  }

  private static int countZeros(float[] x) {
    int z = 0;
    for (float v : x) {
      z += v == 0f ? 1 : 0;
    }
    return z;
  }

  private static boolean matchesOutsideZeros(float[] out, float[] src) {
    for (int i = 0; i < out.length; i++) {
      if (out[i] != 0f && out[i] != src[i]) {
        return false;
      }
    }
    return true;
  }

  @Test
  void applyRejectsAnImageOfTheWrongLength() {
    assertThatThrownBy(() -> AugmentPipeline.parse("hflip").apply(new float[10], RGB, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3072")
        .hasMessageContaining("10");
  }
}
