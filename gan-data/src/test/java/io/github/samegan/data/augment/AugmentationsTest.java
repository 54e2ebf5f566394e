package io.github.samegan.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.data.ImageInfo;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each augmentation's effect, checked numerically on small images. */
class AugmentationsTest {

  private static final ImageInfo RGB = ImageInfo.rgb(32);

  /** Values of pixel bytes, uniformly random: a high-frequency, colourful image. */
  static float[] randomImage(ImageInfo info, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[info.pixels()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextInt(256) / 127.5 - 1);
    }
    return x;
  }

  /** A smooth image: gentle gradients, different per channel. */
  static float[] smoothImage(ImageInfo info) {
    int h = info.height();
    int w = info.width();
    float[] x = new float[info.pixels()];
    for (int c = 0; c < info.channels(); c++) {
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          double v = 0.6 * Math.sin((xx + 2 * c) / 9.0) * Math.cos((y - c) / 11.0);
          x[c * h * w + y * w + xx] = (float) (Math.round((v + 1) * 127.5) / 127.5 - 1);
        }
      }
    }
    return x;
  }

  static float[] constant(ImageInfo info, float v) {
    float[] x = new float[info.pixels()];
    Arrays.fill(x, v);
    return x;
  }

  private static float[] apply(Augmentation a, float[] x, ImageInfo info, long seed) {
    return a.apply(x.clone(), info, new SplittableRandom(seed));
  }

  private static float at(float[] x, ImageInfo info, int c, int y, int xx) {
    return x[c * info.height() * info.width() + y * info.width() + xx];
  }

  /** The sum of squared differences between horizontal and vertical neighbours. */
  private static double highFrequencyEnergy(float[] x, ImageInfo info) {
    double e = 0;
    for (int c = 0; c < info.channels(); c++) {
      for (int y = 0; y < info.height(); y++) {
        for (int xx = 0; xx < info.width(); xx++) {
          float v = at(x, info, c, y, xx);
          if (xx + 1 < info.width()) {
            e += Math.pow(v - at(x, info, c, y, xx + 1), 2);
          }
          if (y + 1 < info.height()) {
            e += Math.pow(v - at(x, info, c, y + 1, xx), 2);
          }
        }
      }
    }
    return e;
  }

  private static double meanAbsDiff(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s / a.length;
  }

  /** Finds the integer shift (dy, dx) with output(y, x) = input(y + dy, x + dx) inside. */
  private static int[] findShift(float[] in, float[] out, ImageInfo info, int max) {
    for (int dy = -max; dy <= max; dy++) {
      for (int dx = -max; dx <= max; dx++) {
        boolean ok = true;
        for (int c = 0; c < info.channels() && ok; c++) {
          for (int y = 0; y < info.height() && ok; y++) {
            for (int x = 0; x < info.width() && ok; x++) {
              int sy = y + dy;
              int sx = x + dx;
              if (sy >= 0 && sy < info.height() && sx >= 0 && sx < info.width()) {
                ok = at(out, info, c, y, x) == at(in, info, c, sy, sx);
              }
            }
          }
        }
        if (ok) {
          return new int[] {dy, dx};
        }
      }
    }
    return null;
  }

  @Test
  void flippingTwiceIsTheIdentityAndOnceMirrors() {
    float[] x = randomImage(RGB, 1);
    for (Augmentation flip :
        new Augmentation[] {Augmentations.horizontalFlip(), Augmentations.verticalFlip()}) {
      float[] once = apply(flip, x, RGB, 0);
      assertThat(once).isNotEqualTo(x);
      assertThat(apply(flip, once, RGB, 0)).containsExactly(x);
    }
    float[] h = apply(Augmentations.horizontalFlip(), x, RGB, 0);
    float[] v = apply(Augmentations.verticalFlip(), x, RGB, 0);
    for (int c = 0; c < 3; c++) {
      assertThat(at(h, RGB, c, 5, 0)).isEqualTo(at(x, RGB, c, 5, 31));
      assertThat(at(v, RGB, c, 0, 7)).isEqualTo(at(x, RGB, c, 31, 7));
    }
  }

  @Test
  void cropKeepsTheSizeAndShiftsByAtMostThePadding() {
    float[] x = randomImage(RGB, 2);
    int nonZeroShifts = 0;
    for (long seed = 0; seed < 20; seed++) {
      float[] out = apply(Augmentations.randomCrop(4, Border.ZERO), x, RGB, seed);
      assertThat(out).hasSize(RGB.pixels());
      int[] shift = findShift(x, out, RGB, 4);
      assertThat(shift).as("seed %d", seed).isNotNull();
      if (shift[0] != 0 || shift[1] != 0) {
        nonZeroShifts++;
        // The uncovered border is filled with 0.
        int y = shift[0] > 0 ? 31 : 0;
        if (shift[0] != 0) {
          assertThat(at(out, RGB, 0, y, 10)).isZero();
        }
      }
    }
    assertThat(nonZeroShifts).isGreaterThan(15);
    assertThat(apply(Augmentations.randomCrop(0, Border.REFLECT), x, RGB, 3)).containsExactly(x);
  }

  @Test
  void reflectPaddingMirrorsWithoutRepeatingTheEdge() {
    assertThat(Augmentations.reflect(-1, 5)).isEqualTo(1);
    assertThat(Augmentations.reflect(-2, 5)).isEqualTo(2);
    assertThat(Augmentations.reflect(5, 5)).isEqualTo(3);
    assertThat(Augmentations.reflect(6, 5)).isEqualTo(2);
    assertThat(Augmentations.reflect(13, 5)).isEqualTo(3);
    assertThat(Augmentations.reflect(-7, 1)).isZero();
  }

  @Test
  void translateShiftsByWholePixelsWithinTheFraction() {
    ImageInfo info = new ImageInfo(3, 16, 20);
    float[] x = randomImage(info, 3);
    for (long seed = 0; seed < 10; seed++) {
      float[] out = apply(Augmentations.translate(0.1, Border.ZERO), x, info, seed);
      int[] shift = findShift(x, out, info, 2);
      assertThat(shift).isNotNull();
      assertThat(Math.abs(shift[0])).isLessThanOrEqualTo(2); // round(0.1 * 16)
      assertThat(Math.abs(shift[1])).isLessThanOrEqualTo(2); // round(0.1 * 20)
    }
  }

  @Test
  void resizedCropKeepsTheSizeAndIsTheIdentityAtFullScale() {
    float[] x = randomImage(RGB, 4);
    assertThat(apply(Augmentations.randomResizedCrop(1, 1, 1, 1), x, RGB, 5)).containsExactly(x);
    float[] out = apply(Augmentations.randomResizedCrop(0.25, 0.5, 0.75, 1.33), x, RGB, 6);
    assertThat(out).hasSize(RGB.pixels()).isNotEqualTo(x);
    // Zooming in enlarges structures: neighbouring pixels become more alike.
    assertThat(highFrequencyEnergy(out, RGB)).isLessThan(0.6 * highFrequencyEnergy(x, RGB));
  }

  @Test
  void rotationMovesAPointAlongACircleAboutTheCentre() {
    ImageInfo info = ImageInfo.gray(33);
    float[] x = constant(info, 0);
    x[16 * 33 + 26] = 1; // 10 pixels right of the centre (16, 16)
    for (long seed = 0; seed < 10; seed++) {
      float[] out = apply(Augmentations.rotate(90, Border.ZERO), x, info, seed);
      int best = 0;
      for (int i = 1; i < out.length; i++) {
        if (out[i] > out[best]) {
          best = i;
        }
      }
      double r = Math.hypot(best / 33 - 16, best % 33 - 16);
      assertThat(r).isCloseTo(10, within(1.5));
      assertThat(best % 33).isGreaterThanOrEqualTo(16); // within +-90 degrees of "right"
    }
    float[] flat = constant(RGB, 0.3f);
    float[] rotated = apply(Augmentations.rotate(45, Border.REFLECT), flat, RGB, 1);
    for (float v : rotated) {
      assertThat(v).isCloseTo(0.3f, within(1e-5f));
    }
  }

  @Test
  void blurReducesHighFrequencyEnergyAndKeepsConstantsConstant() {
    ImageInfo info = ImageInfo.gray(16);
    float[] checker = new float[info.pixels()];
    for (int i = 0; i < checker.length; i++) {
      checker[i] = ((i / 16 + i % 16) % 2 == 0) ? 0.8f : -0.8f;
    }
    double before = highFrequencyEnergy(checker, info);
    double weak =
        highFrequencyEnergy(apply(Augmentations.gaussianBlur(0.5, 0.5), checker, info, 0), info);
    double strong =
        highFrequencyEnergy(apply(Augmentations.gaussianBlur(1.5, 1.5), checker, info, 0), info);
    assertThat(weak).isLessThan(0.5 * before);
    assertThat(strong).isLessThan(0.01 * before).isLessThan(weak);
    float[] flat = apply(Augmentations.gaussianBlur(0.1, 2.0), constant(RGB, -0.25f), RGB, 9);
    for (float v : flat) {
      assertThat(v).isCloseTo(-0.25f, within(1e-5f));
    }
  }

  @Test
  void blurWithSigmaZeroIsTheIdentity() {
    float[] img = randomImage(RGB, 3);
    assertThat(apply(Augmentations.gaussianBlur(0, 0), img.clone(), RGB, 0)).containsExactly(img);
  }

  @Test
  void blurImpulseResponseIsANormalisedSampledGaussian() {
    // A unit impulse on a zero background, far from the border: the response is the
    // separable kernel k(i)k(j) with k(i) ∝ exp(-i²/2σ²) over |i| ≤ ceil(3σ), summing to 1.
    ImageInfo info = ImageInfo.gray(33);
    double sigma = 1.5;
    float[] img = new float[info.pixels()];
    img[16 * 33 + 16] = 1f;
    float[] out = apply(Augmentations.gaussianBlur(sigma, sigma), img, info, 0);
    int r = (int) Math.ceil(3 * sigma);
    double norm = 0;
    for (int i = -r; i <= r; i++) {
      norm += Math.exp(-i * i / (2 * sigma * sigma));
    }
    double sum = 0;
    for (int y = 0; y < 33; y++) {
      for (int x = 0; x < 33; x++) {
        int dy = y - 16;
        int dx = x - 16;
        double expected =
            Math.abs(dy) > r || Math.abs(dx) > r
                ? 0
                : Math.exp(-(dy * dy + dx * dx) / (2 * sigma * sigma)) / (norm * norm);
        assertThat((double) out[y * 33 + x]).as("(%d, %d)", y, x).isCloseTo(expected, within(1e-6));
        sum += out[y * 33 + x];
      }
    }
    assertThat(sum).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void jpegAtQuality100IsNearlyLosslessAndAt10IsLossy() {
    float[] smooth = smoothImage(RGB);
    double q100 = meanAbsDiff(smooth, apply(Augmentations.jpeg(100, 100), smooth, RGB, 0));
    assertThat(q100).isLessThan(0.02); // about 1 grey level in 255
    double q10 = meanAbsDiff(smooth, apply(Augmentations.jpeg(10, 10), smooth, RGB, 0));
    assertThat(q10).isGreaterThan(5 * q100);
    float[] detailed = randomImage(RGB, 7);
    double q10detailed = meanAbsDiff(detailed, apply(Augmentations.jpeg(10, 10), detailed, RGB, 0));
    assertThat(q10detailed).isGreaterThan(0.2); // 13 grey levels on average
    ImageInfo gray = ImageInfo.gray(28);
    float[] g = smoothImage(gray);
    assertThat(meanAbsDiff(g, apply(Augmentations.jpeg(95, 100), g, gray, 1))).isLessThan(0.02);
  }

  @Test
  void noiseHasTheRequestedStandardDeviation() {
    ImageInfo info = ImageInfo.rgb(64);
    float[] out = apply(Augmentations.gaussianNoise(0.05, 0.05), constant(info, 0), info, 11);
    double mean = 0;
    for (float v : out) {
      mean += v;
    }
    mean /= out.length;
    double var = 0;
    for (float v : out) {
      var += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(var / (out.length - 1));
    // 0.05 on the [0, 1] scale is 0.1 in [-1, 1] units; 12,288 samples: std error about 0.6%.
    assertThat(std).isCloseTo(0.1, within(0.004));
    assertThat(mean).isCloseTo(0, within(0.005));
  }

  @Test
  void cutoutZeroesExactlyTheRequestedSquare() {
    float[] x = constant(RGB, 0.5f);
    float[] out = apply(Augmentations.cutout(0.25), x, RGB, 3);
    int zeros = 0;
    int minY = 99;
    int maxY = -1;
    int minX = 99;
    int maxX = -1;
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 32; y++) {
        for (int xx = 0; xx < 32; xx++) {
          if (at(out, RGB, c, y, xx) == 0f) {
            zeros++;
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
            minX = Math.min(minX, xx);
            maxX = Math.max(maxX, xx);
          } else {
            assertThat(at(out, RGB, c, y, xx)).isEqualTo(0.5f);
          }
        }
      }
    }
    assertThat(zeros).isEqualTo(3 * 8 * 8);
    assertThat(maxY - minY + 1).isEqualTo(8);
    assertThat(maxX - minX + 1).isEqualTo(8);
  }

  @Test
  void randomErasingZeroesAnAreaInTheRequestedRange() {
    for (long seed = 0; seed < 20; seed++) {
      float[] out =
          apply(Augmentations.randomErasing(0.1, 0.2, 0.5, 2), constant(RGB, 0.5f), RGB, seed);
      long zeros = 0;
      for (float v : out) {
        zeros += v == 0f ? 1 : 0;
      }
      double fraction = zeros / (double) out.length;
      assertThat(fraction).isBetween(0.08, 0.23);
    }
  }

  @Test
  void grayscaleGivesEqualChannelsHoldingTheLuma() {
    float[] x = randomImage(RGB, 5);
    float[] out = apply(Augmentations.grayscale(), x, RGB, 0);
    int n = 32 * 32;
    for (int i = 0; i < n; i++) {
      assertThat(out[i]).isEqualTo(out[n + i]).isEqualTo(out[2 * n + i]);
      assertThat(out[i])
          .isCloseTo(0.299f * x[i] + 0.587f * x[n + i] + 0.114f * x[2 * n + i], within(1e-6f));
    }
  }

  @Test
  void brightnessJitterScalesMeanIntensityWithinTheRequestedRange() {
    float[] grey = constant(RGB, 0f); // intensity 0.5
    double lo = 1;
    double hi = 0;
    for (long seed = 0; seed < 200; seed++) {
      float[] out = apply(Augmentations.colorJitter(0.2, 0, 0, 0), grey, RGB, seed);
      double mean = 0;
      for (float v : out) {
        mean += (v + 1) / 2;
      }
      mean /= out.length;
      assertThat(mean).isBetween(0.5 * 0.8 - 1e-6, 0.5 * 1.2 + 1e-6);
      lo = Math.min(lo, mean);
      hi = Math.max(hi, mean);
    }
    assertThat(lo).isLessThan(0.42);
    assertThat(hi).isGreaterThan(0.58);
  }

  @Test
  void contrastSaturationAndHueJitterBehaveAsDefined() {
    int n = 32 * 32;
    // Contrast: the spread around the mean grey scales by a factor in [0.5, 1.5].
    float[] two = new float[RGB.pixels()];
    for (int i = 0; i < two.length; i++) {
      two[i] = (i % 2 == 0) ? 0.4f : -0.4f;
    }
    for (long seed = 0; seed < 20; seed++) {
      float[] out = apply(Augmentations.colorJitter(0, 0.5, 0, 0), two, RGB, seed);
      float spread = (out[0] - out[1]) / (two[0] - two[1]);
      assertThat(spread).isBetween(0.5f - 1e-5f, 1.5f + 1e-5f);
      assertThat((out[0] + out[1]) / 2).isCloseTo(0f, within(1e-5f));
    }
    // Saturation and hue leave grey pixels grey.
    float[] grey = constant(RGB, 0.2f);
    assertThat(apply(Augmentations.colorJitter(0, 0, 0.9, 0.5), grey, RGB, 3))
        .usingComparatorWithPrecision(1e-5f)
        .containsExactly(grey);
    // Hue rotation keeps each pixel's max and min intensities (HSV value and chroma).
    float[] x = randomImage(RGB, 8);
    float[] out = apply(Augmentations.colorJitter(0, 0, 0, 0.5), x, RGB, 4);
    assertThat(out).isNotEqualTo(x);
    for (int i = 0; i < n; i++) {
      float maxIn = Math.max(x[i], Math.max(x[n + i], x[2 * n + i]));
      float maxOut = Math.max(out[i], Math.max(out[n + i], out[2 * n + i]));
      float minIn = Math.min(x[i], Math.min(x[n + i], x[2 * n + i]));
      float minOut = Math.min(out[i], Math.min(out[n + i], out[2 * n + i]));
      assertThat(maxOut).isCloseTo(maxIn, within(1e-4f));
      assertThat(minOut).isCloseTo(minIn, within(1e-4f));
    }
  }

  @Test
  void normalizeAppliesMeanAndStdPerChannel() {
    float[] x = randomImage(RGB, 6);
    assertThat(apply(Augmentations.normalize(new double[] {0.5}, new double[] {0.5}), x, RGB, 0))
        .usingComparatorWithPrecision(1e-6f)
        .containsExactly(x);
    float[] out =
        apply(
            Augmentations.normalize(new double[] {0.1, 0.2, 0.3}, new double[] {0.5, 0.25, 2}),
            x,
            RGB,
            0);
    int n = 32 * 32;
    assertThat(out[n + 7]).isCloseTo(((x[n + 7] + 1) / 2 - 0.2f) / 0.25f, within(1e-5f));
    assertThatThrownBy(
            () ->
                apply(
                    Augmentations.normalize(new double[] {0.1, 0.2, 0.3}, new double[] {1}),
                    constant(ImageInfo.gray(4), 0),
                    ImageInfo.gray(4),
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 channel");
  }

  @Test
  void factoriesRejectOutOfRangeParametersNamingThem() {
    assertThatThrownBy(() -> Augmentations.gaussianBlur(2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blur sigma")
        .hasMessageContaining("2-1");
    assertThatThrownBy(() -> Augmentations.jpeg(0, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jpeg quality");
    assertThatThrownBy(() -> Augmentations.colorJitter(0, 0, 0, 0.7))
        .hasMessageContaining("hue")
        .hasMessageContaining("0.5");
    assertThatThrownBy(() -> Augmentations.cutout(0)).hasMessageContaining("cutout fraction");
  }
}
