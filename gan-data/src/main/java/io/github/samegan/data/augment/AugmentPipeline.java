package io.github.samegan.data.augment;

import io.github.samegan.data.ImageAugmenter;
import io.github.samegan.data.ImageInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An immutable, seeded sequence of {@link Augmentation}s, each applied with its own probability.
 *
 * <p><b>Determinism.</b> The random choices for an image depend only on the pipeline's seed, the
 * epoch and the image's index in the data set: {@link #augment} derives a per-image seed from
 * {@code (seed, epoch, index)} and gives each step its own generator derived from that seed and the
 * step's position. The same pipeline therefore produces bit-identical results on any thread, in any
 * order and on every run, so {@link io.github.samegan.data.BatchIterator} keeps its reproducibility
 * and resume guarantees with augmentation and prefetching.
 *
 * <p><b>Spec syntax</b> ({@link #parse}): operations separated by commas, each {@code
 * name[:arg[:arg...]][@probability]}; a range is {@code min-max}, a per-channel list {@code a/b/c}.
 * Probabilities default to 0.5 for {@code hflip} and {@code vflip} and to 1 otherwise.
 *
 * <table>
 *   <caption>Operations</caption>
 *   <tr><th>Token</th><th>Effect (see {@link Augmentations})</th></tr>
 *   <tr><td>{@code hflip}, {@code vflip}</td><td>mirror left-right / top-bottom</td></tr>
 *   <tr><td>{@code crop:PAD[:reflect|zero]}</td><td>pad by PAD pixels, crop back at random</td></tr>
 *   <tr><td>{@code rrc[:SMIN-SMAX[:RMIN-RMAX]]}</td><td>random resized crop (default
 *       0.5-1, 0.75-1.333)</td></tr>
 *   <tr><td>{@code rotate:DEG[:reflect|zero]}</td><td>rotate by up to ±DEG degrees</td></tr>
 *   <tr><td>{@code translate:F[:reflect|zero]}</td><td>shift by up to F × size pixels</td></tr>
 *   <tr><td>{@code jitter:B[:C[:S[:H]]]}</td><td>colour jitter; {@code jitter:X} means B = C = S
 *       = X, H = 0</td></tr>
 *   <tr><td>{@code brightness:B}, {@code contrast:C}, {@code saturation:S}, {@code
 *       hue:H}</td><td>one part of the jitter</td></tr>
 *   <tr><td>{@code gray}</td><td>grayscale (luma in every channel)</td></tr>
 *   <tr><td>{@code blur:SIGMA} or {@code blur:MIN-MAX}</td><td>Gaussian blur, sigma in
 *       pixels</td></tr>
 *   <tr><td>{@code jpeg:Q} or {@code jpeg:MIN-MAX}</td><td>JPEG re-compression, quality
 *       1-100</td></tr>
 *   <tr><td>{@code noise:STD} or {@code noise:MIN-MAX}</td><td>Gaussian noise, std on the [0, 1]
 *       scale</td></tr>
 *   <tr><td>{@code cutout[:F]}</td><td>zero a square of side F × size (default 0.5)</td></tr>
 *   <tr><td>{@code erase[:AMIN-AMAX[:RMIN-RMAX]]}</td><td>random erasing (default 0.02-0.33,
 *       0.3-3.3)</td></tr>
 *   <tr><td>{@code norm:MEAN:STD}</td><td>{@code (u - mean) / std} per channel, e.g. {@code
 *       norm:0.49/0.48/0.45:0.25/0.24/0.26}</td></tr>
 * </table>
 *
 * <p>Example: {@code "hflip,crop:4,jitter:0.2,blur:0.1-2.0@0.5,jpeg:30-100@0.5"}. The words {@code
 * none} (no augmentation) and {@code default} ({@value #DEFAULT_SPEC}) are also accepted.
 */
public final class AugmentPipeline implements ImageAugmenter {

  /**
   * The standard CIFAR augmentation: a horizontal flip half of the time and a random crop with 4
   * pixels of reflected padding. For GAN training note that the generator learns to reproduce
   * whatever the real images show, crop shifts included; flips are always safe, other operations
   * only with a small probability (Karras et al. 2020, "Training Generative Adversarial Networks
   * with Limited Data").
   */
  public static final String DEFAULT_SPEC = "hflip,crop:4";

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private static final List<String> NAMES =
      List.of(
          "hflip",
          "vflip",
          "crop",
          "rrc",
          "rotate",
          "translate",
          "jitter",
          "brightness",
          "contrast",
          "saturation",
          "hue",
          "gray",
          "blur",
          "jpeg",
          "noise",
          "cutout",
          "erase",
          "norm");

  private final List<Step> steps;
  private final long seed;

  /**
   * One operation of a pipeline and the probability with which it is applied.
   *
   * @param op the augmentation
   * @param probability chance of applying it to an image, in [0, 1]
   */
  public record Step(Augmentation op, double probability) {
    /**
     * Validates the step.
     *
     * @param op the augmentation
     * @param probability chance of applying it, in [0, 1]
     * @throws IllegalArgumentException if {@code probability} is not in [0, 1]
     */
    public Step {
      Objects.requireNonNull(op, "op");
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException(
            "probability of " + op + " must be in [0, 1], found " + probability);
      }
    }

    /**
     * Returns the step's spec token, e.g. {@code blur:0.1-2@0.5}; the probability is left out when
     * it is the default for the operation.
     */
    @Override
    public String toString() {
      return op
          + (probability == Augmentations.defaultProbability(op)
              ? ""
              : "@" + Augmentations.num(probability));
    }
  }

  private AugmentPipeline(List<Step> steps, long seed) {
    this.steps = List.copyOf(steps);
    this.seed = seed;
  }

  /**
   * Starts an empty pipeline builder (seed 0).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link AugmentPipeline}. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();
    private long seed;

    private Builder() {}

    /**
     * Appends an augmentation applied to every image.
     *
     * @param op the augmentation
     * @return this builder
     */
    public Builder add(Augmentation op) {
      return add(op, 1.0);
    }

    /**
     * Appends an augmentation applied with probability {@code probability}.
     *
     * @param op the augmentation
     * @param probability in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if {@code probability} is out of range
     */
    public Builder add(Augmentation op, double probability) {
      steps.add(new Step(op, probability));
      return this;
    }

    /**
     * Sets the seed from which every image's random choices are derived.
     *
     * @param seed any value; default 0
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @return the pipeline
     */
    public AugmentPipeline build() {
      return new AugmentPipeline(steps, seed);
    }
  }

  /**
   * Parses a spec such as {@code "hflip,crop:4,jitter:0.2,blur:0.1-2.0@0.5,jpeg:30-100@0.5"} (see
   * the class documentation for the syntax). The pipeline's seed is 0; see {@link #withSeed}.
   *
   * @param spec the spec; {@code none} or blank for no augmentation, {@code default} for {@value
   *     #DEFAULT_SPEC}
   * @return the pipeline
   * @throws IllegalArgumentException naming the offending token if the spec is malformed
   */
  public static AugmentPipeline parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String s = spec.strip();
    if (s.isEmpty() || s.equalsIgnoreCase("none")) {
      return new AugmentPipeline(List.of(), 0);
    }
    if (s.equalsIgnoreCase("default")) {
      s = DEFAULT_SPEC;
    }
    String[] tokens = s.split(",", -1);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i].strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException(
            "augmentation spec '"
                + spec
                + "' has an empty operation at position "
                + (i + 1)
                + " (two commas in a row, or a comma at the start or end); remove it");
      }
      steps.add(parseStep(token, spec));
    }
    return new AugmentPipeline(steps, 0);
  }

  private static Step parseStep(String token, String spec) {
    String body = token;
    double probability = Double.NaN;
    int at = token.indexOf('@');
    if (at >= 0) {
      body = token.substring(0, at);
      String p = token.substring(at + 1).strip();
      if (!isNumber(p)) {
        throw bad(
            token, spec, "the probability after '@' must be a number in [0, 1], found '" + p + "'");
      }
      probability = Double.parseDouble(p);
      if (probability > 1) {
        throw bad(token, spec, "the probability after '@' must be in [0, 1], found " + p);
      }
    }
    String[] parts = body.split(":", -1);
    String name = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
    List<String> args = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      args.add(parts[i].strip());
    }
    Augmentation op;
    try {
      op = build(name, args, token, spec);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("bad augmentation")) {
        throw e;
      }
      throw bad(token, spec, e.getMessage());
    }
    if (Double.isNaN(probability)) {
      probability = Augmentations.defaultProbability(op);
    }
    return new Step(op, probability);
  }

  private static Augmentation build(String name, List<String> a, String token, String spec) {
    return switch (name) {
      case "hflip" -> {
        arity(a, 0, 0, token, spec, "hflip takes no arguments");
        yield Augmentations.horizontalFlip();
      }
      case "vflip" -> {
        arity(a, 0, 0, token, spec, "vflip takes no arguments");
        yield Augmentations.verticalFlip();
      }
      case "gray", "grey", "grayscale" -> {
        arity(a, 0, 0, token, spec, "gray takes no arguments");
        yield Augmentations.grayscale();
      }
      case "crop" -> {
        String usage =
            "crop takes the padding in pixels and optionally a border, e.g. crop:4 or"
                + " crop:4:zero";
        arity(a, 1, 2, token, spec, usage);
        double pad = number(a.get(0), token, spec, usage);
        if (pad != Math.rint(pad)) {
          throw bad(
              token, spec, "crop padding must be a whole number of pixels, found " + a.get(0));
        }
        yield Augmentations.randomCrop((int) pad, border(a, 1, token, spec));
      }
      case "rrc", "resized-crop" -> {
        String usage =
            "rrc takes an area range and an aspect-ratio range, e.g. rrc:0.5-1:0.75-1.33";
        arity(a, 0, 2, token, spec, usage);
        double[] scale = a.size() > 0 ? range(a.get(0), token, spec, usage) : new double[] {0.5, 1};
        double[] ratio =
            a.size() > 1 ? range(a.get(1), token, spec, usage) : new double[] {0.75, 4.0 / 3.0};
        yield Augmentations.randomResizedCrop(scale[0], scale[1], ratio[0], ratio[1]);
      }
      case "rotate" -> {
        String usage =
            "rotate takes the largest angle in degrees, e.g. rotate:15 or rotate:15:zero";
        arity(a, 1, 2, token, spec, usage);
        yield Augmentations.rotate(number(a.get(0), token, spec, usage), border(a, 1, token, spec));
      }
      case "translate" -> {
        String usage =
            "translate takes the largest shift as a fraction of the size, e.g."
                + " translate:0.125";
        arity(a, 1, 2, token, spec, usage);
        yield Augmentations.translate(
            number(a.get(0), token, spec, usage), border(a, 1, token, spec));
      }
      case "jitter" -> {
        String usage =
            "jitter takes brightness[:contrast[:saturation[:hue]]], e.g. jitter:0.2 or"
                + " jitter:0.4:0.4:0.4:0.1";
        arity(a, 1, 4, token, spec, usage);
        double[] v = new double[4];
        for (int i = 0; i < a.size(); i++) {
          v[i] = number(a.get(i), token, spec, usage);
        }
        if (a.size() == 1) {
          v[1] = v[0];
          v[2] = v[0];
        }
        yield Augmentations.colorJitter(v[0], v[1], v[2], v[3]);
      }
      case "brightness", "contrast", "saturation", "hue" -> {
        String usage = name + " takes one strength, e.g. " + name + ":0.2";
        arity(a, 1, 1, token, spec, usage);
        double v = number(a.get(0), token, spec, usage);
        yield switch (name) {
          case "brightness" -> Augmentations.colorJitter(v, 0, 0, 0);
          case "contrast" -> Augmentations.colorJitter(0, v, 0, 0);
          case "saturation" -> Augmentations.colorJitter(0, 0, v, 0);
          default -> Augmentations.colorJitter(0, 0, 0, v);
        };
      }
      case "blur" -> {
        String usage = "blur takes a sigma in pixels or a range, e.g. blur:1 or blur:0.1-2.0";
        arity(a, 1, 1, token, spec, usage);
        double[] r = range(a.get(0), token, spec, usage);
        yield Augmentations.gaussianBlur(r[0], r[1]);
      }
      case "jpeg" -> {
        String usage = "jpeg takes a quality in 1-100 or a range, e.g. jpeg:75 or jpeg:30-100";
        arity(a, 1, 1, token, spec, usage);
        double[] r = range(a.get(0), token, spec, usage);
        if (r[0] != Math.rint(r[0]) || r[1] != Math.rint(r[1])) {
          throw bad(token, spec, "jpeg quality must be whole numbers in 1-100, found " + a.get(0));
        }
        yield Augmentations.jpeg((int) r[0], (int) r[1]);
      }
      case "noise" -> {
        String usage =
            "noise takes a standard deviation on the [0, 1] scale or a range, e.g."
                + " noise:0.05 or noise:0-0.1";
        arity(a, 1, 1, token, spec, usage);
        double[] r = range(a.get(0), token, spec, usage);
        yield Augmentations.gaussianNoise(r[0], r[1]);
      }
      case "cutout" -> {
        String usage = "cutout takes the square's side as a fraction of the image, e.g. cutout:0.5";
        arity(a, 0, 1, token, spec, usage);
        yield Augmentations.cutout(a.isEmpty() ? 0.5 : number(a.get(0), token, spec, usage));
      }
      case "erase" -> {
        String usage = "erase takes an area range and a ratio range, e.g. erase:0.02-0.33:0.3-3.3";
        arity(a, 0, 2, token, spec, usage);
        double[] area =
            a.size() > 0 ? range(a.get(0), token, spec, usage) : new double[] {0.02, 0.33};
        double[] ratio =
            a.size() > 1 ? range(a.get(1), token, spec, usage) : new double[] {0.3, 3.3};
        yield Augmentations.randomErasing(area[0], area[1], ratio[0], ratio[1]);
      }
      case "norm", "normalize" -> {
        String usage =
            "norm takes MEAN:STD, each one value or one per channel separated by '/',"
                + " e.g. norm:0.5:0.5 or norm:0.49/0.48/0.45:0.25/0.24/0.26";
        arity(a, 2, 2, token, spec, usage);
        yield Augmentations.normalize(
            list(a.get(0), token, spec, usage), list(a.get(1), token, spec, usage));
      }
      default ->
          throw bad(
              token,
              spec,
              "unknown operation '" + name + "'; known operations are " + String.join(", ", NAMES));
    };
  }

  private static IllegalArgumentException bad(String token, String spec, String detail) {
    return new IllegalArgumentException(
        "bad augmentation '" + token + "' in spec '" + spec + "': " + detail);
  }

  private static void arity(
      List<String> a, int min, int max, String token, String spec, String usage) {
    if (a.size() < min || a.size() > max) {
      throw bad(
          token,
          spec,
          "expected "
              + (min == max ? Integer.toString(min) : min + " to " + max)
              + " argument(s) after the name, found "
              + a.size()
              + "; "
              + usage);
    }
  }

  private static boolean isNumber(String s) {
    return s.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");
  }

  private static double number(String s, String token, String spec, String usage) {
    if (!isNumber(s)) {
      throw bad(token, spec, "'" + s + "' is not a non-negative number; " + usage);
    }
    return Double.parseDouble(s);
  }

  private static double[] range(String s, String token, String spec, String usage) {
    String[] ends = s.split("-", -1);
    if (ends.length > 2) {
      throw bad(token, spec, "'" + s + "' is not a number or a range MIN-MAX; " + usage);
    }
    double lo = number(ends[0], token, spec, usage);
    double hi = ends.length == 2 ? number(ends[1], token, spec, usage) : lo;
    if (lo > hi) {
      throw bad(token, spec, "range '" + s + "' has its minimum above its maximum; " + usage);
    }
    return new double[] {lo, hi};
  }

  private static double[] list(String s, String token, String spec, String usage) {
    String[] parts = s.split("/", -1);
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = number(parts[i], token, spec, usage);
    }
    return out;
  }

  private static Border border(List<String> a, int i, String token, String spec) {
    if (a.size() <= i) {
      return Border.REFLECT;
    }
    try {
      return Border.parse(a.get(i));
    } catch (IllegalArgumentException e) {
      throw bad(token, spec, e.getMessage());
    }
  }

  /**
   * Returns a pipeline with the same steps and another seed.
   *
   * @param seed the new seed
   * @return a new pipeline
   */
  public AugmentPipeline withSeed(long seed) {
    return new AugmentPipeline(steps, seed);
  }

  /**
   * Returns the seed from which every image's random choices are derived.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns the steps in order.
   *
   * @return an unmodifiable list
   */
  public List<Step> steps() {
    return steps;
  }

  /**
   * Returns whether the pipeline has no steps (and so returns every image unchanged).
   *
   * @return {@code steps().isEmpty()}
   */
  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /**
   * Returns whether every step keeps values in [-1, 1], so that results can be stored as 8-bit
   * pixels; false if the pipeline normalises.
   *
   * @return whether the output stays in [-1, 1]
   */
  public boolean keepsPixelRange() {
    return steps.stream().noneMatch(s -> Augmentations.leavesPixelRange(s.op()));
  }

  /**
   * Returns the canonical spec, which {@link #parse} turns back into an equal pipeline (with seed
   * 0), e.g. {@code hflip,crop:4:reflect}; {@code none} for an empty pipeline.
   *
   * @return the spec
   */
  public String spec() {
    if (steps.isEmpty()) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    for (Step s : steps) {
      sb.append(sb.length() == 0 ? "" : ",").append(s);
    }
    return sb.toString();
  }

  /**
   * Augments image {@code index} for epoch {@code epoch} with the random choices of {@link
   * #imageSeed(long, long, long) imageSeed(seed(), epoch, index)}.
   *
   * @param image {@code info.pixels()} CHW values in [-1, 1]; may be modified in place
   * @param info the image's shape
   * @param epoch the epoch, at least 0
   * @param index the image's index in the data set
   * @return the augmented image (possibly {@code image} itself)
   */
  @Override
  public float[] augment(float[] image, ImageInfo info, long epoch, int index) {
    return apply(image, info, imageSeed(seed, epoch, index));
  }

  /**
   * Augments one image with the random choices derived from {@code imageSeed}. Step {@code s} (from
   * 0) draws from a generator seeded by a hash of {@code (imageSeed, s)}: first whether it applies,
   * then its parameters.
   *
   * @param image {@code info.pixels()} CHW values in [-1, 1]; may be modified in place
   * @param info the image's shape
   * @param imageSeed the per-image seed
   * @return the augmented image (possibly {@code image} itself)
   * @throws IllegalArgumentException if {@code image} does not hold {@code info.pixels()} values
   */
  public float[] apply(float[] image, ImageInfo info, long imageSeed) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(info, "info");
    if (image.length != info.pixels()) {
      throw new IllegalArgumentException(
          "image must hold " + info.pixels() + " values for " + info + ", found " + image.length);
    }
    float[] x = image;
    for (int s = 0; s < steps.size(); s++) {
      Step step = steps.get(s);
      SplittableRandom rng = new SplittableRandom(mix64(imageSeed + (s + 1) * GOLDEN));
      if (rng.nextDouble() < step.probability()) {
        x = step.op().apply(x, info, rng);
        if (x == null || x.length != info.pixels()) {
          throw new IllegalStateException(
              "augmentation " + step.op() + " changed the image size, which is not allowed");
        }
      }
    }
    return x;
  }

  /**
   * The per-image seed: a hash of the pipeline seed, the epoch and the image index.
   *
   * @param seed the pipeline seed
   * @param epoch the epoch
   * @param index the image index
   * @return the seed for that image
   */
  public static long imageSeed(long seed, long epoch, long index) {
    long h = mix64(seed ^ 0x5DEECE66DL);
    h = mix64(h ^ (epoch * GOLDEN + 0x632BE59BD9B4E019L));
    return mix64(h ^ (index * 0xC2B2AE3D27D4EB4FL + 1));
  }

  /** Stafford's variant 13 of the 64-bit finaliser (as in SplitMix64). */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AugmentPipeline p && p.seed == seed && p.steps.equals(steps);
  }

  @Override
  public int hashCode() {
    return Objects.hash(steps, seed);
  }

  /** Returns the spec and the seed. */
  @Override
  public String toString() {
    return spec() + " (seed " + seed + ")";
  }
}
