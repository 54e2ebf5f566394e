package io.github.samegan.data.augment;

import io.github.samegan.data.ImageInfo;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The ready-made {@link Augmentation}s. Each works on one CHW float image in [-1, 1] and keeps its
 * shape; geometric ones interpolate bilinearly and fill from outside the image according to a
 * {@link Border}; colour ones work on intensities {@code u = (x + 1) / 2} in [0, 1] (the scale
 * torchvision uses) and clip the result to that range. The {@code toString()} of each is its token
 * in the {@link AugmentPipeline#parse spec syntax}.
 */
public final class Augmentations {

  private Augmentations() {}

  /**
   * Mirrors the image left to right.
   *
   * @return the augmentation {@code hflip}
   */
  public static Augmentation horizontalFlip() {
    return new Flip(true);
  }

  /**
   * Mirrors the image top to bottom.
   *
   * @return the augmentation {@code vflip}
   */
  public static Augmentation verticalFlip() {
    return new Flip(false);
  }

  /**
   * Pads the image by {@code padding} pixels on every side and crops a window of the original size
   * at a uniformly random position: a random shift by up to {@code padding} pixels in each
   * direction (the CIFAR "crop:4" of Zagoruyko and Komodakis).
   *
   * @param padding pixels of padding, in [0, 1024]
   * @param border how the padding is filled
   * @return the augmentation {@code crop:PADDING:BORDER}
   * @throws IllegalArgumentException if {@code padding} is out of range
   */
  public static Augmentation randomCrop(int padding, Border border) {
    check("crop padding", padding, 0, 1024);
    return new Crop(padding, Objects.requireNonNull(border, "border"));
  }

  /**
   * Crops a random window covering a fraction of the image area in {@code [minScale, maxScale]}
   * with aspect ratio (width / height) log-uniform in {@code [minRatio, maxRatio]}, and resizes it
   * bilinearly back to the full size (Szegedy et al. 2015; torchvision's RandomResizedCrop). If no
   * window fits in 10 tries, the central crop of the clamped ratio is used.
   *
   * @param minScale smallest area fraction, in (0, 1]
   * @param maxScale largest area fraction, in [minScale, 1]
   * @param minRatio smallest aspect ratio, in (0, 10]
   * @param maxRatio largest aspect ratio, in [minRatio, 10]
   * @return the augmentation {@code rrc:MIN-MAX:RMIN-RMAX}
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Augmentation randomResizedCrop(
      double minScale, double maxScale, double minRatio, double maxRatio) {
    checkRange("rrc scale", minScale, maxScale, 0, 1, false);
    checkRange("rrc ratio", minRatio, maxRatio, 0, 10, false);
    return new ResizedCrop(minScale, maxScale, minRatio, maxRatio);
  }

  /**
   * Rotates the image about its centre by an angle uniform in {@code [-maxDegrees, maxDegrees]}.
   *
   * @param maxDegrees the largest rotation, in [0, 180]
   * @param border how corners that come from outside the image are filled
   * @return the augmentation {@code rotate:DEG:BORDER}
   * @throws IllegalArgumentException if {@code maxDegrees} is out of range
   */
  public static Augmentation rotate(double maxDegrees, Border border) {
    check("rotate degrees", maxDegrees, 0, 180);
    return new Rotate(maxDegrees, Objects.requireNonNull(border, "border"));
  }

  /**
   * Shifts the image by a whole number of pixels, independently uniform in {@code [-round(f *
   * width), round(f * width)]} horizontally and likewise vertically.
   *
   * @param maxFraction the largest shift as a fraction of the width or height, in [0, 1]
   * @param border how the uncovered pixels are filled
   * @return the augmentation {@code translate:F:BORDER}
   * @throws IllegalArgumentException if {@code maxFraction} is out of range
   */
  public static Augmentation translate(double maxFraction, Border border) {
    check("translate fraction", maxFraction, 0, 1);
    return new Translate(maxFraction, Objects.requireNonNull(border, "border"));
  }

  /**
   * Random colour jitter, applied in this order: brightness (intensities times a factor uniform in
   * {@code [1 - b, 1 + b]}), contrast (blend with the image's mean grey by a factor in {@code [1 -
   * c, 1 + c]}), saturation (blend with each pixel's grey by a factor in {@code [1 - s, 1 + s]})
   * and hue (hue rotated by a fraction of a turn uniform in {@code [-h, h]}). Factors are clipped
   * at 0 below; intensities to [0, 1] after each step. Saturation and hue leave 1-channel images
   * unchanged. Grey is the Rec. 601 luma {@code 0.299 R + 0.587 G + 0.114 B}.
   *
   * @param brightness b, in [0, 10]; 0 disables
   * @param contrast c, in [0, 10]; 0 disables
   * @param saturation s, in [0, 10]; 0 disables
   * @param hue h, in [0, 0.5]; 0 disables
   * @return the augmentation {@code jitter:B:C:S:H}
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Augmentation colorJitter(
      double brightness, double contrast, double saturation, double hue) {
    check("jitter brightness", brightness, 0, 10);
    check("jitter contrast", contrast, 0, 10);
    check("jitter saturation", saturation, 0, 10);
    check("jitter hue", hue, 0, 0.5);
    return new Jitter(brightness, contrast, saturation, hue);
  }

  /**
   * Replaces every channel of an RGB image by its Rec. 601 luma; 1-channel images are unchanged.
   *
   * @return the augmentation {@code gray}
   */
  public static Augmentation grayscale() {
    return new Gray();
  }

  /**
   * Gaussian blur with a standard deviation (in pixels) uniform in {@code [minSigma, maxSigma]},
   * kernel radius {@code ceil(3 sigma)}, reflected at the border.
   *
   * @param minSigma smallest sigma, in [0, 50]
   * @param maxSigma largest sigma, in [minSigma, 50]
   * @return the augmentation {@code blur:MIN-MAX}
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Augmentation gaussianBlur(double minSigma, double maxSigma) {
    checkRange("blur sigma", minSigma, maxSigma, 0, 50, true);
    return new Blur(minSigma, maxSigma);
  }

  /**
   * Re-compresses the image as a JPEG (the JDK's {@code javax.imageio} writer) at a quality uniform
   * among the integers in {@code [minQuality, maxQuality]} and decodes it again, to simulate
   * compression artefacts.
   *
   * @param minQuality lowest quality, in [1, 100]
   * @param maxQuality highest quality, in [minQuality, 100]
   * @return the augmentation {@code jpeg:MIN-MAX}
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Augmentation jpeg(int minQuality, int maxQuality) {
    checkRange("jpeg quality", minQuality, maxQuality, 1, 100, true);
    return new Jpeg(minQuality, maxQuality);
  }

  /**
   * Adds independent Gaussian noise to every value, with a standard deviation uniform in {@code
   * [minStd, maxStd]} on the [0, 1] intensity scale (so twice that in [-1, 1] units), then clips.
   *
   * @param minStd smallest standard deviation, in [0, 1]
   * @param maxStd largest standard deviation, in [minStd, 1]
   * @return the augmentation {@code noise:MIN-MAX}
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Augmentation gaussianNoise(double minStd, double maxStd) {
    checkRange("noise std", minStd, maxStd, 0, 1, true);
    return new Noise(minStd, maxStd);
  }

  /**
   * Cutout (DeVries and Taylor 2017): sets a square of side {@code round(fraction * min(height,
   * width))} (at least 1) at a uniformly random position fully inside the image to 0 (mid-grey) in
   * every channel.
   *
   * @param fraction the side as a fraction of the shorter image side, in (0, 1]
   * @return the augmentation {@code cutout:F}
   * @throws IllegalArgumentException if {@code fraction} is out of range
   */
  public static Augmentation cutout(double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("cutout fraction must be in (0, 1], found " + fraction);
    }
    return new Cutout(fraction);
  }

  /**
   * Random erasing (Zhong et al. 2017): sets a rectangle covering an area fraction uniform in
   * {@code [minArea, maxArea]} with aspect ratio (height / width) log-uniform in {@code [minRatio,
   * maxRatio]}, at a random position inside the image, to 0 in every channel. If no rectangle fits
   * in 10 tries the image is unchanged.
   *
   * @param minArea smallest area fraction, in (0, 1]
   * @param maxArea largest area fraction, in [minArea, 1]
   * @param minRatio smallest aspect ratio, in (0, 10]
   * @param maxRatio largest aspect ratio, in [minRatio, 10]
   * @return the augmentation {@code erase:AMIN-AMAX:RMIN-RMAX}
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Augmentation randomErasing(
      double minArea, double maxArea, double minRatio, double maxRatio) {
    checkRange("erase area", minArea, maxArea, 0, 1, false);
    checkRange("erase ratio", minRatio, maxRatio, 0, 10, false);
    return new Erase(minArea, maxArea, minRatio, maxRatio);
  }

  /**
   * Per-channel normalisation {@code (u - mean[c]) / std[c]} of the intensities {@code u = (x + 1)
   * / 2}, as torchvision's {@code Normalize} after {@code ToTensor}. The result is no longer in
   * [-1, 1], so this belongs at the end of a pipeline feeding a network that expects it; {@code
   * normalize([0.5], [0.5])} is the identity.
   *
   * @param mean one value for all channels, or one per channel
   * @param std one value for all channels, or one per channel, each positive
   * @return the augmentation {@code norm:MEAN:STD} (per-channel values separated by {@code /})
   * @throws IllegalArgumentException if a list is empty, longer than 3 or a std is not positive
   */
  public static Augmentation normalize(double[] mean, double[] std) {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(std, "std");
    if (mean.length < 1 || mean.length > 3 || std.length < 1 || std.length > 3) {
      throw new IllegalArgumentException(
          "norm needs 1 or 3 means and 1 or 3 stds, found " + mean.length + " and " + std.length);
    }
    for (double s : std) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException("norm std must be positive, found " + s);
      }
    }
    for (double m : mean) {
      if (!Double.isFinite(m)) {
        throw new IllegalArgumentException("norm mean must be finite, found " + m);
      }
    }
    return new Normalize(mean.clone(), std.clone());
  }

  /** The probability a spec token without {@code @p} gets: 0.5 for flips, 1 otherwise. */
  static double defaultProbability(Augmentation a) {
    return a instanceof Flip ? 0.5 : 1.0;
  }

  /** Whether an augmentation may produce values outside [-1, 1] (only {@link #normalize}). */
  static boolean leavesPixelRange(Augmentation a) {
    return a instanceof Normalize;
  }

  // ------------------------------------------------------------------ validation and formatting

  private static void check(String what, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(
          what + " must be in [" + num(lo) + ", " + num(hi) + "], found " + v);
    }
  }

  private static void checkRange(
      String what, double min, double max, double lo, double hi, boolean loInclusive) {
    boolean okLo = loInclusive ? min >= lo : min > lo;
    if (!(okLo && max <= hi && min <= max)) {
      throw new IllegalArgumentException(
          what
              + " range must satisfy "
              + num(lo)
              + (loInclusive ? " <= " : " < ")
              + "min <= max <= "
              + num(hi)
              + ", found "
              + num(min)
              + "-"
              + num(max));
    }
  }

  /** Formats a number compactly: {@code 4}, {@code 0.25}, never exponent notation. */
  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  static String range(double min, double max) {
    return min == max ? num(min) : num(min) + "-" + num(max);
  }

  static double uniform(SplittableRandom rng, double min, double max) {
    return min == max ? min : min + (max - min) * rng.nextDouble();
  }

  // ------------------------------------------------------------------ pixel helpers

  /** Mirror index without repeating the edge ({@code numpy.pad(mode="reflect")}). */
  static int reflect(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    int m = Math.floorMod(i, period);
    return m < n ? m : period - m;
  }

  private static float sample(float[] x, int plane, int h, int w, int y, int xx, Border b) {
    if (y >= 0 && y < h && xx >= 0 && xx < w) {
      return x[plane + y * w + xx];
    }
    if (b == Border.ZERO) {
      return 0f;
    }
    return x[plane + reflect(y, h) * w + reflect(xx, w)];
  }

  private static float bilinear(
      float[] x, int plane, int h, int w, double fy, double fx, Border b) {
    int y0 = (int) Math.floor(fy);
    int x0 = (int) Math.floor(fx);
    float ty = (float) (fy - y0);
    float tx = (float) (fx - x0);
    float a = sample(x, plane, h, w, y0, x0, b);
    float c = sample(x, plane, h, w, y0, x0 + 1, b);
    float d = sample(x, plane, h, w, y0 + 1, x0, b);
    float e = sample(x, plane, h, w, y0 + 1, x0 + 1, b);
    return (a * (1 - tx) + c * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty;
  }

  /** Returns the image shifted so that output (y, x) is input (y + dy, x + dx). */
  private static float[] shift(float[] x, ImageInfo info, int dy, int dx, Border b) {
    if (dy == 0 && dx == 0) {
      return x;
    }
    int h = info.height();
    int w = info.width();
    float[] out = new float[x.length];
    for (int c = 0; c < info.channels(); c++) {
      int plane = c * h * w;
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          out[plane + y * w + xx] = sample(x, plane, h, w, y + dy, xx + dx, b);
        }
      }
    }
    return out;
  }

  private static float clip(float v) {
    return v < -1f ? -1f : (v > 1f ? 1f : v);
  }

  private static float clip01(float v) {
    return v < 0f ? 0f : (v > 1f ? 1f : v);
  }

  private static float luma(float r, float g, float b) {
    return 0.299f * r + 0.587f * g + 0.114f * b;
  }

  // ------------------------------------------------------------------ implementations

  private record Flip(boolean horizontal) implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      int h = info.height();
      int w = info.width();
      for (int c = 0; c < info.channels(); c++) {
        int plane = c * h * w;
        if (horizontal) {
          for (int y = 0; y < h; y++) {
            int row = plane + y * w;
            for (int i = 0, j = w - 1; i < j; i++, j--) {
              float t = x[row + i];
              x[row + i] = x[row + j];
              x[row + j] = t;
            }
          }
        } else {
          for (int i = 0, j = h - 1; i < j; i++, j--) {
            for (int xx = 0; xx < w; xx++) {
              float t = x[plane + i * w + xx];
              x[plane + i * w + xx] = x[plane + j * w + xx];
              x[plane + j * w + xx] = t;
            }
          }
        }
      }
      return x;
    }

    @Override
    public String toString() {
      return horizontal ? "hflip" : "vflip";
    }
  }

  private record Crop(int padding, Border border) implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      int dy = rng.nextInt(2 * padding + 1) - padding;
      int dx = rng.nextInt(2 * padding + 1) - padding;
      return shift(x, info, dy, dx, border);
    }

    @Override
    public String toString() {
      return "crop:" + padding + ":" + border;
    }
  }

  private record Translate(double fraction, Border border) implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      int my = (int) Math.round(fraction * info.height());
      int mx = (int) Math.round(fraction * info.width());
      int dy = rng.nextInt(2 * my + 1) - my;
      int dx = rng.nextInt(2 * mx + 1) - mx;
      return shift(x, info, dy, dx, border);
    }

    @Override
    public String toString() {
      return "translate:" + num(fraction) + ":" + border;
    }
  }

  private record ResizedCrop(double minScale, double maxScale, double minRatio, double maxRatio)
      implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      int h = info.height();
      int w = info.width();
      double area = (double) h * w;
      int cw = -1;
      int ch = -1;
      int top = 0;
      int left = 0;
      double logMin = Math.log(minRatio);
      double logMax = Math.log(maxRatio);
      for (int attempt = 0; attempt < 10; attempt++) {
        double target = area * uniform(rng, minScale, maxScale);
        double ratio = Math.exp(uniform(rng, logMin, logMax));
        int tw = (int) Math.round(Math.sqrt(target * ratio));
        int th = (int) Math.round(Math.sqrt(target / ratio));
        if (tw > 0 && th > 0 && tw <= w && th <= h) {
          cw = tw;
          ch = th;
          top = rng.nextInt(h - th + 1);
          left = rng.nextInt(w - tw + 1);
          break;
        }
      }
      if (cw < 0) {
        double in = (double) w / h;
        if (in < minRatio) {
          cw = w;
          ch = Math.max(1, Math.min(h, (int) Math.round(w / minRatio)));
        } else if (in > maxRatio) {
          ch = h;
          cw = Math.max(1, Math.min(w, (int) Math.round(h * maxRatio)));
        } else {
          cw = w;
          ch = h;
        }
        top = (h - ch) / 2;
        left = (w - cw) / 2;
      }
      if (cw == w && ch == h) {
        return x;
      }
      float[] out = new float[x.length];
      double sy = (double) ch / h;
      double sx = (double) cw / w;
      for (int c = 0; c < info.channels(); c++) {
        int plane = c * h * w;
        for (int y = 0; y < h; y++) {
          double fy = Math.min(top + ch - 1, Math.max(top, top + (y + 0.5) * sy - 0.5));
          for (int xx = 0; xx < w; xx++) {
            double fx = Math.min(left + cw - 1, Math.max(left, left + (xx + 0.5) * sx - 0.5));
            out[plane + y * w + xx] = bilinear(x, plane, h, w, fy, fx, Border.REFLECT);
          }
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return "rrc:" + range(minScale, maxScale) + ":" + range(minRatio, maxRatio);
    }
  }

  private record Rotate(double maxDegrees, Border border) implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      double theta = Math.toRadians(uniform(rng, -maxDegrees, maxDegrees));
      if (theta == 0) {
        return x;
      }
      int h = info.height();
      int w = info.width();
      double cos = Math.cos(theta);
      double sin = Math.sin(theta);
      double cy = (h - 1) / 2.0;
      double cx = (w - 1) / 2.0;
      float[] out = new float[x.length];
      for (int c = 0; c < info.channels(); c++) {
        int plane = c * h * w;
        for (int y = 0; y < h; y++) {
          double ry = y - cy;
          for (int xx = 0; xx < w; xx++) {
            double rx = xx - cx;
            double fx = cos * rx + sin * ry + cx;
            double fy = -sin * rx + cos * ry + cy;
            out[plane + y * w + xx] = bilinear(x, plane, h, w, fy, fx, border);
          }
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return "rotate:" + num(maxDegrees) + ":" + border;
    }
  }

  private record Jitter(double brightness, double contrast, double saturation, double hue)
      implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      float fb = (float) Math.max(0, uniform(rng, 1 - brightness, 1 + brightness));
      float fc = (float) Math.max(0, uniform(rng, 1 - contrast, 1 + contrast));
      float fs = (float) Math.max(0, uniform(rng, 1 - saturation, 1 + saturation));
      double fh = uniform(rng, -hue, hue);
      int n = info.height() * info.width();
      int channels = info.channels();
      float[] u = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        u[i] = clip01((x[i] + 1f) * 0.5f * fb);
      }
      if (fc != 1f) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += channels == 3 ? luma(u[i], u[n + i], u[2 * n + i]) : u[i];
        }
        float mean = (float) (sum / n);
        for (int i = 0; i < u.length; i++) {
          u[i] = clip01(mean + fc * (u[i] - mean));
        }
      }
      if (channels == 3 && fs != 1f) {
        for (int i = 0; i < n; i++) {
          float g = luma(u[i], u[n + i], u[2 * n + i]);
          for (int c = 0; c < 3; c++) {
            u[c * n + i] = clip01(g + fs * (u[c * n + i] - g));
          }
        }
      }
      if (channels == 3 && fh != 0) {
        for (int i = 0; i < n; i++) {
          rotateHue(u, i, n, fh);
        }
      }
      for (int i = 0; i < x.length; i++) {
        x[i] = u[i] * 2f - 1f;
      }
      return x;
    }

    private static void rotateHue(float[] u, int i, int n, double shift) {
      float r = u[i];
      float g = u[n + i];
      float b = u[2 * n + i];
      float max = Math.max(r, Math.max(g, b));
      float min = Math.min(r, Math.min(g, b));
      float delta = max - min;
      if (delta <= 0f) {
        return;
      }
      double hh;
      if (max == r) {
        hh = ((g - b) / delta) / 6.0;
      } else if (max == g) {
        hh = ((b - r) / delta + 2) / 6.0;
      } else {
        hh = ((r - g) / delta + 4) / 6.0;
      }
      hh = hh + shift;
      hh -= Math.floor(hh);
      float s = delta / max;
      float v = max;
      double h6 = hh * 6;
      int sector = (int) Math.floor(h6) % 6;
      float f = (float) (h6 - Math.floor(h6));
      float p = v * (1 - s);
      float q = v * (1 - s * f);
      float t = v * (1 - s * (1 - f));
      float nr;
      float ng;
      float nb;
      switch (sector) {
        case 0 -> {
          nr = v;
          ng = t;
          nb = p;
        }
        case 1 -> {
          nr = q;
          ng = v;
          nb = p;
        }
        case 2 -> {
          nr = p;
          ng = v;
          nb = t;
        }
        case 3 -> {
          nr = p;
          ng = q;
          nb = v;
        }
        case 4 -> {
          nr = t;
          ng = p;
          nb = v;
        }
        default -> {
          nr = v;
          ng = p;
          nb = q;
        }
      }
      u[i] = clip01(nr);
      u[n + i] = clip01(ng);
      u[2 * n + i] = clip01(nb);
    }

    @Override
    public String toString() {
      return "jitter:"
          + num(brightness)
          + ":"
          + num(contrast)
          + ":"
          + num(saturation)
          + ":"
          + num(hue);
    }
  }

  private record Gray() implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      if (info.channels() != 3) {
        return x;
      }
      int n = info.height() * info.width();
      for (int i = 0; i < n; i++) {
        float g = luma(x[i], x[n + i], x[2 * n + i]);
        x[i] = g;
        x[n + i] = g;
        x[2 * n + i] = g;
      }
      return x;
    }

    @Override
    public String toString() {
      return "gray";
    }
  }

  private record Blur(double minSigma, double maxSigma) implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      double sigma = uniform(rng, minSigma, maxSigma);
      if (sigma < 1e-3) {
        return x;
      }
      int r = Math.max(1, (int) Math.ceil(3 * sigma));
      float[] k = new float[2 * r + 1];
      double sum = 0;
      for (int j = -r; j <= r; j++) {
        double v = Math.exp(-(j * (double) j) / (2 * sigma * sigma));
        k[j + r] = (float) v;
        sum += v;
      }
      for (int j = 0; j < k.length; j++) {
        k[j] /= (float) sum;
      }
      int h = info.height();
      int w = info.width();
      // Reflected source indices for every tap position, computed once.
      int[] xi = new int[w + 2 * r];
      for (int j = 0; j < xi.length; j++) {
        xi[j] = reflect(j - r, w);
      }
      int[] yi = new int[h + 2 * r];
      for (int j = 0; j < yi.length; j++) {
        yi[j] = reflect(j - r, h) * w;
      }
      float[] tmp = new float[x.length];
      for (int c = 0; c < info.channels(); c++) {
        int plane = c * h * w;
        for (int y = 0; y < h; y++) {
          int row = plane + y * w;
          for (int xx = 0; xx < w; xx++) {
            float acc = 0;
            for (int j = 0; j < k.length; j++) {
              acc += k[j] * x[row + xi[xx + j]];
            }
            tmp[row + xx] = acc;
          }
        }
        float[] acc = new float[w];
        for (int y = 0; y < h; y++) {
          Arrays.fill(acc, 0f);
          for (int j = 0; j < k.length; j++) {
            int src = plane + yi[y + j];
            float kj = k[j];
            for (int xx = 0; xx < w; xx++) {
              acc[xx] += kj * tmp[src + xx];
            }
          }
          System.arraycopy(acc, 0, x, plane + y * w, w);
        }
      }
      return x;
    }

    @Override
    public String toString() {
      return "blur:" + range(minSigma, maxSigma);
    }
  }

  private record Jpeg(int minQuality, int maxQuality) implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      int quality = minQuality + rng.nextInt(maxQuality - minQuality + 1);
      return recompress(x, info, quality);
    }

    @Override
    public String toString() {
      return "jpeg:" + range(minQuality, maxQuality);
    }
  }

  /** Encodes the image as a JPEG of the given quality (1-100) and decodes it again. */
  static float[] recompress(float[] x, ImageInfo info, int quality) {
    int h = info.height();
    int w = info.width();
    int n = h * w;
    int channels = info.channels();
    BufferedImage img =
        new BufferedImage(
            w, h, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    WritableRaster raster = img.getRaster();
    int[] plane = new int[n];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < n; i++) {
        plane[i] = toByte(x[c * n + i]);
      }
      raster.setSamples(0, 0, w, h, c, plane);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
    if (!writers.hasNext() || !readers.hasNext()) {
      throw new IllegalStateException("this JVM has no javax.imageio JPEG codec");
    }
    ImageWriter writer = writers.next();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding in memory failed", e);
    } finally {
      writer.dispose();
    }
    ImageReader reader = readers.next();
    BufferedImage back;
    try (ImageInputStream in =
        new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      reader.setInput(in);
      back = reader.read(0);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG decoding in memory failed", e);
    } finally {
      reader.dispose();
    }
    Raster r = back.getRaster();
    if (r.getNumBands() != channels || r.getWidth() != w || r.getHeight() != h) {
      throw new IllegalStateException(
          "JPEG round trip changed the image from "
              + info
              + " to "
              + r.getNumBands()
              + "x"
              + r.getHeight()
              + "x"
              + r.getWidth());
    }
    for (int c = 0; c < channels; c++) {
      r.getSamples(0, 0, w, h, c, plane);
      for (int i = 0; i < n; i++) {
        x[c * n + i] = (float) (plane[i] / 127.5 - 1.0);
      }
    }
    return x;
  }

  /** The nearest 8-bit pixel of a value in [-1, 1]. */
  static int toByte(float v) {
    long p = Math.round((v + 1.0) * 127.5);
    return (int) Math.max(0, Math.min(255, p));
  }

  private record Noise(double minStd, double maxStd) implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      double std = 2 * uniform(rng, minStd, maxStd);
      if (std == 0) {
        return x;
      }
      for (int i = 0; i < x.length; i += 2) {
        // Box-Muller, so the values do not depend on the JDK's Gaussian algorithm.
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        x[i] = clip((float) (x[i] + std * radius * Math.cos(2 * Math.PI * u2)));
        if (i + 1 < x.length) {
          x[i + 1] = clip((float) (x[i + 1] + std * radius * Math.sin(2 * Math.PI * u2)));
        }
      }
      return x;
    }

    @Override
    public String toString() {
      return "noise:" + range(minStd, maxStd);
    }
  }

  private static void fill(float[] x, ImageInfo info, int top, int left, int eh, int ew) {
    int h = info.height();
    int w = info.width();
    for (int c = 0; c < info.channels(); c++) {
      for (int y = top; y < top + eh; y++) {
        int row = c * h * w + y * w;
        Arrays.fill(x, row + left, row + left + ew, 0f);
      }
    }
  }

  private record Cutout(double fraction) implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      int side = Math.max(1, (int) Math.round(fraction * Math.min(info.height(), info.width())));
      int top = rng.nextInt(info.height() - side + 1);
      int left = rng.nextInt(info.width() - side + 1);
      fill(x, info, top, left, side, side);
      return x;
    }

    @Override
    public String toString() {
      return "cutout:" + num(fraction);
    }
  }

  private record Erase(double minArea, double maxArea, double minRatio, double maxRatio)
      implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      int h = info.height();
      int w = info.width();
      double area = (double) h * w;
      for (int attempt = 0; attempt < 10; attempt++) {
        double target = area * uniform(rng, minArea, maxArea);
        double ratio = Math.exp(uniform(rng, Math.log(minRatio), Math.log(maxRatio)));
        int eh = (int) Math.round(Math.sqrt(target * ratio));
        int ew = (int) Math.round(Math.sqrt(target / ratio));
        if (eh > 0 && ew > 0 && eh <= h && ew <= w) {
          int top = rng.nextInt(h - eh + 1);
          int left = rng.nextInt(w - ew + 1);
          fill(x, info, top, left, eh, ew);
          return x;
        }
      }
      return x;
    }

    @Override
    public String toString() {
      return "erase:" + range(minArea, maxArea) + ":" + range(minRatio, maxRatio);
    }
  }

  private record Normalize(double[] mean, double[] std) implements Augmentation {
    @Override
    public float[] apply(float[] x, ImageInfo info, SplittableRandom rng) {
      int channels = info.channels();
      if ((mean.length != 1 && mean.length != channels)
          || (std.length != 1 && std.length != channels)) {
        throw new IllegalArgumentException(
            toString()
                + " has "
                + mean.length
                + " means and "
                + std.length
                + " stds but the images have "
                + channels
                + " channel(s); give 1 value or "
                + channels);
      }
      int n = info.height() * info.width();
      for (int c = 0; c < channels; c++) {
        float m = (float) mean[mean.length == 1 ? 0 : c];
        float s = (float) std[std.length == 1 ? 0 : c];
        for (int i = c * n; i < (c + 1) * n; i++) {
          x[i] = ((x[i] + 1f) * 0.5f - m) / s;
        }
      }
      return x;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Normalize other
          && Arrays.equals(mean, other.mean)
          && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
      return "norm:" + list(mean) + ":" + list(std);
    }

    private static String list(double[] v) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < v.length; i++) {
        sb.append(i == 0 ? "" : "/").append(num(v[i]));
      }
      return sb.toString();
    }
  }
}
