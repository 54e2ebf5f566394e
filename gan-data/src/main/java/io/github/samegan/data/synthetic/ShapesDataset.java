package io.github.samegan.data.synthetic;

import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic, labelled data set of coloured shapes on dark backgrounds, generated in code.
 *
 * <p>Each image shows one anti-aliased {@link Shape} in one {@link Colour} on a plain or gently
 * graded, nearly neutral dark background. Position, size, exact hue and brightness, and the
 * background are jittered per image. The class of an image is {@code shape.ordinal() *
 * Colour.values().length + colour.ordinal()}, with names like {@code "red circle"}: 4 shapes times
 * 4 colours give 16 classes, drawn uniformly at random.
 *
 * <p>Generation is deterministic: image {@code i} depends only on {@code (seed, i)} and the image
 * size, so the same seed gives byte-identical images, and the first {@code n} images are the same
 * whatever the total count. 10,000 images of 32x32 take well under a second.
 */
public final class ShapesDataset {

  /** Default number of images. */
  public static final int DEFAULT_SIZE = 10_000;

  /** Default image height and width. */
  public static final int DEFAULT_IMAGE_SIZE = 32;

  /** Default seed. */
  public static final long DEFAULT_SEED = 42L;

  /** Smallest supported image side. */
  public static final int MIN_IMAGE_SIZE = 16;

  /** Largest supported image side. */
  public static final int MAX_IMAGE_SIZE = 256;

  /** Largest number of images per data set. */
  public static final int MAX_COUNT = 1_000_000;

  /** The shapes drawn, in label order. */
  public enum Shape {
    /** A filled disc. */
    CIRCLE,
    /** A filled axis-aligned square. */
    SQUARE,
    /** A filled equilateral triangle pointing up. */
    TRIANGLE,
    /** A plus-shaped cross. */
    CROSS
  }

  /** The shape colours, in label order. */
  public enum Colour {
    /** Red. */
    RED(225, 45, 40),
    /** Green. */
    GREEN(45, 200, 70),
    /** Blue. */
    BLUE(50, 95, 235),
    /** Yellow. */
    YELLOW(240, 215, 45);

    private final int r;
    private final int g;
    private final int b;

    Colour(int r, int g, int b) {
      this.r = r;
      this.g = g;
      this.b = b;
    }
  }

  /** Triangles are drawn a little larger than their half-extent so their area is comparable. */
  private static final float TRIANGLE_SCALE = 1.2f;

  private static final int NUM_COLOURS = Colour.values().length;
  private static final int NUM_CLASSES = Shape.values().length * NUM_COLOURS;

  private ShapesDataset() {}

  /**
   * Generates {@link #DEFAULT_SIZE} 32x32 images with {@link #DEFAULT_SEED}.
   *
   * @return the data set
   */
  public static InMemoryImageDataset generate() {
    return generate(DEFAULT_SIZE, DEFAULT_IMAGE_SIZE, DEFAULT_SEED);
  }

  /**
   * Generates {@code count} 32x32 images.
   *
   * @param count number of images, in [1, {@value #MAX_COUNT}]
   * @param seed seed; the same seed gives byte-identical images
   * @return the data set
   */
  public static InMemoryImageDataset generate(int count, long seed) {
    return generate(count, DEFAULT_IMAGE_SIZE, seed);
  }

  /**
   * Generates {@code count} square RGB images of side {@code imageSize}.
   *
   * @param count number of images, in [1, {@value #MAX_COUNT}]
   * @param imageSize height and width, in [{@value #MIN_IMAGE_SIZE}, {@value #MAX_IMAGE_SIZE}]
   * @param seed seed; the same seed gives byte-identical images
   * @return the data set, named {@code "shapes"}
   * @throws IllegalArgumentException if {@code count} or {@code imageSize} is out of range
   */
  public static InMemoryImageDataset generate(int count, int imageSize, long seed) {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("count must be in [1, " + MAX_COUNT + "], found " + count);
    }
    if (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE) {
      throw new IllegalArgumentException(
          "imageSize must be in ["
              + MIN_IMAGE_SIZE
              + ", "
              + MAX_IMAGE_SIZE
              + "], found "
              + imageSize);
    }
    if ((long) count * 3 * imageSize * imageSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "count * 3 * imageSize^2 must fit in one array, found "
              + count
              + " images of "
              + imageSize
              + "x"
              + imageSize);
    }
    ImageInfo info = ImageInfo.rgb(imageSize);
    int per = info.pixels();
    byte[] pixels = new byte[count * per];
    int[] labels = new int[count];
    float[] scratch = new float[per];
    for (int i = 0; i < count; i++) {
      SplittableRandom rng = new SplittableRandom(mix64(seed ^ mix64(i + 0x5851F42D4C957F2DL)));
      labels[i] = draw(rng, imageSize, scratch);
      for (int k = 0; k < per; k++) {
        pixels[i * per + k] = (byte) Math.max(0, Math.min(255, Math.round(scratch[k])));
      }
    }
    return InMemoryImageDataset.labelled("shapes", info, pixels, labels, classNames());
  }

  /**
   * Returns the class names, indexed by label: {@code "red circle", "green circle", ..., "yellow
   * cross"}.
   *
   * @return a list of {@link #numClasses()} names
   */
  public static List<String> classNames() {
    List<String> names = new ArrayList<>(NUM_CLASSES);
    for (Shape s : Shape.values()) {
      for (Colour c : Colour.values()) {
        names.add(c.name().toLowerCase() + " " + s.name().toLowerCase());
      }
    }
    return List.copyOf(names);
  }

  /**
   * Returns the number of classes, shapes times colours.
   *
   * @return 16
   */
  public static int numClasses() {
    return NUM_CLASSES;
  }

  /**
   * Returns the label of a shape in a colour.
   *
   * @param shape the shape
   * @param colour the colour
   * @return {@code shape.ordinal() * Colour.values().length + colour.ordinal()}
   */
  public static int label(Shape shape, Colour colour) {
    return shape.ordinal() * NUM_COLOURS + colour.ordinal();
  }

  /**
   * Returns the shape drawn in images with this label.
   *
   * @param label a label in [0, {@link #numClasses()})
   * @return the shape
   */
  public static Shape shapeOf(int label) {
    checkLabel(label);
    return Shape.values()[label / NUM_COLOURS];
  }

  /**
   * Returns the colour of the shape in images with this label.
   *
   * @param label a label in [0, {@link #numClasses()})
   * @return the colour
   */
  public static Colour colourOf(int label) {
    checkLabel(label);
    return Colour.values()[label % NUM_COLOURS];
  }

  private static void checkLabel(int label) {
    if (label < 0 || label >= NUM_CLASSES) {
      throw new IllegalArgumentException(
          "label must be in [0, " + NUM_CLASSES + "), found " + label);
    }
  }

  /** Draws one image into {@code out} (CHW, values 0..255) and returns its label. */
  private static int draw(SplittableRandom rng, int n, float[] out) {
    int label = rng.nextInt(NUM_CLASSES);
    Shape shape = Shape.values()[label / NUM_COLOURS];
    Colour colour = Colour.values()[label % NUM_COLOURS];
    float unit = n / 32f;

    // Background: a dark, nearly neutral tone, plain or with a gentle linear gradient.
    float base = 20 + (float) rng.nextDouble() * 85;
    float tr = base + (float) (rng.nextDouble() * 24 - 12);
    float tg = base + (float) (rng.nextDouble() * 24 - 12);
    float tb = base + (float) (rng.nextDouble() * 24 - 12);
    boolean gradient = rng.nextInt(3) != 0;
    double angle = rng.nextDouble() * 2 * Math.PI;
    float amp = gradient ? 10 + (float) rng.nextDouble() * 25 : 0;
    float gx = (float) Math.cos(angle) * amp / n;
    float gy = (float) Math.sin(angle) * amp / n;

    // Shape colour: the nominal colour with per-channel and brightness jitter.
    float bright = 0.8f + (float) rng.nextDouble() * 0.25f;
    float sr = clamp((colour.r + (float) (rng.nextDouble() * 30 - 15)) * bright);
    float sg = clamp((colour.g + (float) (rng.nextDouble() * 30 - 15)) * bright);
    float sb = clamp((colour.b + (float) (rng.nextDouble() * 30 - 15)) * bright);

    // Size (half-extent) and centre, keeping the shape inside with a margin of one unit.
    float half = (6.5f + (float) rng.nextDouble() * 5.5f) * unit;
    float reach = shape == Shape.TRIANGLE ? half * TRIANGLE_SCALE * 1.16f : half;
    float margin = unit + reach;
    float cx = margin + (float) rng.nextDouble() * (n - 2 * margin);
    float cy = margin + (float) rng.nextDouble() * (n - 2 * margin);
    // A soft highlight: the shape is slightly lighter towards its top-left.
    float shade = 0.12f;

    int plane = n * n;
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        float px = x + 0.5f - cx;
        float py = y + 0.5f - cy;
        float bgShift = gx * (x - n / 2f) + gy * (y - n / 2f);
        float br = tr + bgShift;
        float bg = tg + bgShift;
        float bb = tb + bgShift;
        float d = distance(shape, px, py, half);
        float cover = Math.max(0f, Math.min(1f, 0.5f - d));
        float light = 1f + shade * (-(px + py) / (2f * half));
        int p = y * n + x;
        out[p] = br + cover * (clamp(sr * light) - br);
        out[plane + p] = bg + cover * (clamp(sg * light) - bg);
        out[2 * plane + p] = bb + cover * (clamp(sb * light) - bb);
      }
    }
    return label;
  }

  /** Signed distance in pixels from (px, py), relative to the centre, to the shape's edge. */
  private static float distance(Shape shape, float px, float py, float half) {
    switch (shape) {
      case CIRCLE:
        return (float) Math.sqrt(px * px + py * py) - half;
      case SQUARE:
        return box(px, py, half * 0.85f, half * 0.85f);
      case TRIANGLE:
        return triangle(px, -py, half * TRIANGLE_SCALE);
      case CROSS:
        {
          float arm = half * 0.3f;
          return Math.min(box(px, py, half, arm), box(px, py, arm, half));
        }
      default:
        throw new AssertionError(shape);
    }
  }

  private static float box(float px, float py, float hx, float hy) {
    float dx = Math.abs(px) - hx;
    float dy = Math.abs(py) - hy;
    float ox = Math.max(dx, 0f);
    float oy = Math.max(dy, 0f);
    return (float) Math.sqrt(ox * ox + oy * oy) + Math.min(Math.max(dx, dy), 0f);
  }

  /**
   * Signed distance to an equilateral triangle pointing up (y axis up) with centroid at the origin
   * and vertices at distance {@code 2r / sqrt(3)} (after Inigo Quilez).
   */
  private static float triangle(float px, float py, float r) {
    final float k = (float) Math.sqrt(3.0);
    float x = Math.abs(px) - r;
    float y = py + r / k;
    if (x + k * y > 0f) {
      float nx = (x - k * y) / 2f;
      float ny = (-k * x - y) / 2f;
      x = nx;
      y = ny;
    }
    x -= Math.max(-2f * r, Math.min(x, 0f));
    float len = (float) Math.sqrt(x * x + y * y);
    return y > 0 ? -len : (y < 0 ? len : 0f);
  }

  private static float clamp(float v) {
    return Math.max(0f, Math.min(255f, v));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
