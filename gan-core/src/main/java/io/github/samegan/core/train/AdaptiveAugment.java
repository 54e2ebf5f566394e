package io.github.samegan.core.train;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adaptive discriminator augmentation, ADA (Karras et al. 2020, <a
 * href="https://arxiv.org/abs/2006.06676">arXiv:2006.06676</a>): every batch D sees, real and
 * generated, in the D and the G update, goes through a pipeline of differentiable transforms
 * ({@link AugmentOps}), each applied to each example with probability {@code p}; an unapplied
 * transform is the identity. {@code p} starts at 0 and follows D's over-fitting:
 *
 * <pre>
 *   r_t = E[sign(D(x_real))]        over the real batches of the last N steps
 *   every N steps:  p ← clip(p + sign(r_t − target) · images / (kimg · 1000), 0, 1)
 * </pre>
 *
 * with {@code images} the real images D scored in those N steps ({@code batch·N} with one D update
 * per step, as the paper). {@code kimg} is the speed: p can go from 0 to 1 in {@code kimg·1000}
 * images (500 in the paper; a run of a few hundred small steps needs 1 or less).
 *
 * <p>The transforms, in the order applied, with the reference implementation's strengths
 * (NVlabs/stylegan2-ada-pytorch {@code training/augment.py}):
 *
 * <ul>
 *   <li>{@code xflip}: left-right flip with probability ½; {@code rotate90}: 0–3 quarter turns;
 *   <li>{@code translation}: an integer shift of up to ⅛ of the size on each axis; {@code scale}:
 *       isotropic, {@code 2^N(0, 0.2²)}; {@code aniso}: {@code sx = 2^N(0, 0.2²)}, {@code sy =
 *       1/sx};
 *   <li>{@code rotate}: an angle uniform in [−π, π] (its nearest quarter turn exact, the rest, at
 *       most 45°, by three shears);
 *   <li>{@code brightness} {@code + N(0, 0.2²)}, {@code contrast} {@code ×2^N(0, 0.5²)}, {@code
 *       hue} rotation about the grey axis uniform in [−π, π], {@code saturation} {@code ×2^N(0,
 *       1)};
 *   <li>{@code cutout} (not in ADA's default {@code bgc} pipeline): a square of half the size set
 *       to 0.
 * </ul>
 *
 * <p>Geometric resampling is bilinear with a reflected border; the cut-out fills with 0. The random
 * numbers are per-step {@link NetGraph#uniformInput uniform inputs} from the trainer's seeded RNG
 * (Gaussians by Box–Muller from two of them), so runs are reproducible. {@code p} and the running
 * sums of r_t are state entries of the GAN ({@value #P_STATE}, {@value #SIGNS_STATE}), so
 * checkpoints keep them and a resumed run continues exactly; the trainer reports {@code ada_p} and
 * {@code ada_rt} with every step.
 *
 * @param ops the transforms
 * @param target the r_t that p holds D at, in (0, 1) (0.6 in the paper)
 * @param interval N, steps between adjustments (4 in the paper)
 * @param kimg thousands of images for p to go from 0 to 1 (500 in the paper), &gt; 0
 */
public record AdaptiveAugment(Set<Op> ops, double target, int interval, double kimg)
    implements DiscriminatorAugment {

  /** One transform. */
  public enum Op {
    /** Left-right flip. */
    XFLIP,
    /** Quarter turns. */
    ROTATE90,
    /** Integer translation. */
    TRANSLATION,
    /** Isotropic scaling. */
    SCALE,
    /** Arbitrary rotation. */
    ROTATE,
    /** Anisotropic scaling. */
    ANISO,
    /** Brightness offset. */
    BRIGHTNESS,
    /** Contrast factor. */
    CONTRAST,
    /** Hue rotation. */
    HUE,
    /** Saturation factor. */
    SATURATION,
    /** A zeroed square. */
    CUTOUT
  }

  /** ADA's default pipeline {@code bgc} (blit, geometric, colour): everything but cut-out. */
  public static final String DEFAULT_POLICY =
      "xflip,rotate90,translation,scale,rotate,aniso,brightness,contrast,hue,saturation";

  /** The paper's r_t target. */
  public static final double DEFAULT_TARGET = 0.6;

  /** The paper's adjustment interval in steps. */
  public static final int DEFAULT_INTERVAL = 4;

  /** The paper's speed in thousands of images for p to go from 0 to 1. */
  public static final double DEFAULT_KIMG = 500;

  /** The store name of p (shape [1]). */
  public static final String P_STATE = "ADA/p";

  /** The store name of the running r_t sums: {sum of signs, images} since the last adjustment. */
  public static final String SIGNS_STATE = "ADA/signs";

  /** Validates the settings. */
  public AdaptiveAugment {
    if (ops == null || ops.isEmpty()) {
      throw new IllegalArgumentException(
          "ADA needs at least one transform; use e.g. '" + DEFAULT_POLICY + "'");
    }
    ops = Set.copyOf(EnumSet.copyOf(ops));
    if (!(target > 0 && target < 1)) {
      throw new IllegalArgumentException(
          "ADA target must be in (0, 1) (0.6 in the paper), found " + target);
    }
    if (interval < 1) {
      throw new IllegalArgumentException(
          "ADA interval must be at least 1 step (4 in the paper), found " + interval);
    }
    if (!(kimg > 0 && Double.isFinite(kimg))) {
      throw new IllegalArgumentException(
          "ADA kimg must be a positive number of thousands of images (500 in the paper), found "
              + kimg);
    }
  }

  /** ADA with the paper's default pipeline and settings. */
  public static AdaptiveAugment defaults() {
    return parse(DEFAULT_POLICY);
  }

  /**
   * The given transforms (comma-separated names as in {@link Op}, lower case, any order) with the
   * paper's target, interval and speed.
   *
   * @throws IllegalArgumentException naming an unknown transform and the known ones
   */
  public static AdaptiveAugment parse(String policy) {
    if (policy == null || policy.isBlank()) {
      throw new IllegalArgumentException("Empty ADA policy; use e.g. '" + DEFAULT_POLICY + "'");
    }
    EnumSet<Op> ops = EnumSet.noneOf(Op.class);
    for (String part : policy.split(",")) {
      try {
        ops.add(Op.valueOf(part.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Unknown ADA transform '"
                + part.trim()
                + "'; known: "
                + DEFAULT_POLICY
                + ",cutout (e.g. '"
                + DEFAULT_POLICY
                + "')");
      }
    }
    return new AdaptiveAugment(ops, DEFAULT_TARGET, DEFAULT_INTERVAL, DEFAULT_KIMG);
  }

  /** The same transforms with another target, interval and speed. */
  public AdaptiveAugment withSchedule(double target, int interval, double kimg) {
    return new AdaptiveAugment(ops, target, interval, kimg);
  }

  /**
   * The whole setting as one line, {@code "POLICY target=T interval=N kimg=K"}, which {@link
   * #fromSpec} reads back (the command line keeps it in checkpoints).
   */
  public String spec() {
    return policy() + " target=" + target + " interval=" + interval + " kimg=" + kimg;
  }

  /**
   * Reads {@link #spec()}'s form; settings left out take the paper's values.
   *
   * @throws IllegalArgumentException naming a malformed part
   */
  public static AdaptiveAugment fromSpec(String spec) {
    String[] parts = spec.trim().split("\\s+");
    double t = DEFAULT_TARGET;
    int n = DEFAULT_INTERVAL;
    double k = DEFAULT_KIMG;
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      try {
        switch (kv.length == 2 ? kv[0] : "") {
          case "target" -> t = Double.parseDouble(kv[1]);
          case "interval" -> n = Integer.parseInt(kv[1]);
          case "kimg" -> k = Double.parseDouble(kv[1]);
          default -> throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Bad ADA setting '"
                + parts[i]
                + "' in '"
                + spec
                + "'; expected POLICY target=T interval=N kimg=K");
      }
    }
    return parse(parts[0]).withSchedule(t, n, k);
  }

  /** The transforms as a policy string that {@link #parse} reads back. */
  public String policy() {
    return DiffAugment.policyOf(ops, Op.values());
  }

  /**
   * The update rule: {@code clip(p + sign(rt − target) · images / (kimg · 1000), 0, 1)}.
   *
   * @param p the current probability
   * @param rt the mean sign of D's real scores over the interval
   * @param images how many real images those scores are of
   */
  public double nextP(double p, double rt, long images) {
    double next = p + Math.signum(rt - target) * images / (kimg * 1000);
    return Math.min(1, Math.max(0, next));
  }

  /** Fails for images the transforms cannot take (rotations of non-square images). */
  void check(long[] chw) {
    if (chw[1] != chw[2] && (ops.contains(Op.ROTATE90) || ops.contains(Op.ROTATE))) {
      throw new IllegalArgumentException(
          "ADA's rotate90 and rotate need square images, found "
              + chw[1]
              + "×"
              + chw[2]
              + "; pass a policy without them (e.g. 'xflip,translation,scale,aniso,brightness,"
              + "contrast,hue,saturation')");
    }
  }

  /** Adds p and the r_t sums to a GAN's store (state entries, so checkpoints keep them). */
  void addState(ParameterStore store, DataType dtype) {
    store.add(P_STATE, Nd4j.zeros(dtype, 1), ParameterStore.Kind.STATE);
    store.add(SIGNS_STATE, Nd4j.zeros(dtype, 2), ParameterStore.Kind.STATE);
  }

  /** Adds one D update's mean sign of the real scores, over {@code batch} images. */
  static void recordRealSigns(ParameterStore store, double meanSign, long batch) {
    INDArray s = store.array(SIGNS_STATE);
    s.putScalar(0, s.getDouble(0) + meanSign * batch);
    s.putScalar(1, s.getDouble(1) + batch);
  }

  /**
   * After step {@code step}: adjusts p when the step ends an interval, and reports {@code ada_p}
   * (after any adjustment) and {@code ada_rt} (r_t over the interval so far; on an adjustment step,
   * the value that moved p; NaN when D scored no real batch in it).
   */
  Map<String, Double> afterStep(ParameterStore store, long step) {
    INDArray p = store.array(P_STATE);
    INDArray s = store.array(SIGNS_STATE);
    double images = s.getDouble(1);
    double rt = images > 0 ? s.getDouble(0) / images : Double.NaN;
    if (step % interval == 0 && images > 0) {
      p.putScalar(0, nextP(p.getDouble(0), rt, Math.round(images)));
      s.assign(0);
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("ada_p", p.getDouble(0));
    m.put("ada_rt", rt);
    return m;
  }

  @Override
  public SDVariable apply(NetGraph g, String which, SDVariable x, long[] chw) {
    check(chw);
    Draws d = new Draws(g, "ada/" + which + "/");
    SameDiff sd = g.sd();
    SDVariable y = x;
    SDVariable flip = ops.contains(Op.XFLIP) ? d.masked(Op.XFLIP, d.floor("xflip", 2)) : null;
    SDVariable turns =
        ops.contains(Op.ROTATE90) ? d.masked(Op.ROTATE90, d.floor("turns", 4)) : null;
    SDVariable residual = null;
    if (ops.contains(Op.ROTATE)) {
      // θ = k·π/2 + θ' with |θ'| ≤ π/4; a clockwise quarter turn is three rot90s
      SDVariable theta = d.masked(Op.ROTATE, d.uniform("angle").mul(2).sub(1).mul(Math.PI));
      SDVariable k = sd.math().floor(theta.div(Math.PI / 2).add(0.5));
      residual = theta.sub(k.mul(Math.PI / 2));
      SDVariable quarter = k.mul(-1.0);
      turns = turns == null ? quarter : turns.add(quarter);
    }
    if (flip != null || turns != null) {
      y = AugmentOps.dihedral(sd, y, chw, flip, turns);
    }
    if (ops.contains(Op.TRANSLATION) || ops.contains(Op.SCALE) || ops.contains(Op.ANISO)) {
      SDVariable tx = d.constant(0);
      SDVariable ty = d.constant(0);
      if (ops.contains(Op.TRANSLATION)) {
        tx = d.masked(Op.TRANSLATION, d.shift("shift_x", Math.round(0.125 * chw[2])));
        ty = d.masked(Op.TRANSLATION, d.shift("shift_y", Math.round(0.125 * chw[1])));
      }
      SDVariable sx = d.constant(1);
      SDVariable sy = d.constant(1);
      if (ops.contains(Op.SCALE)) {
        SDVariable s = d.pow2(d.masked(Op.SCALE, d.gaussian("scale").mul(0.2)));
        sx = s;
        sy = s;
      }
      if (ops.contains(Op.ANISO)) {
        SDVariable a = d.pow2(d.masked(Op.ANISO, d.gaussian("aniso").mul(0.2)));
        sx = sx.mul(a);
        sy = sy.div(a);
      }
      y = AugmentOps.scaleTranslate(sd, y, chw, sx, sy, tx, ty);
    }
    if (residual != null) {
      y = AugmentOps.rotate(sd, y, chw, residual);
    }
    if (ops.contains(Op.BRIGHTNESS)
        || ops.contains(Op.CONTRAST)
        || ops.contains(Op.HUE)
        || ops.contains(Op.SATURATION)) {
      SDVariable b =
          ops.contains(Op.BRIGHTNESS)
              ? d.masked(Op.BRIGHTNESS, d.gaussian("brightness").mul(0.2))
              : d.constant(0);
      SDVariable c =
          ops.contains(Op.CONTRAST)
              ? d.pow2(d.masked(Op.CONTRAST, d.gaussian("contrast").mul(0.5)))
              : d.constant(1);
      SDVariable hue =
          ops.contains(Op.HUE)
              ? d.masked(Op.HUE, d.uniform("hue").mul(2).sub(1).mul(Math.PI))
              : d.constant(0);
      SDVariable sat =
          ops.contains(Op.SATURATION)
              ? d.pow2(d.masked(Op.SATURATION, d.gaussian("saturation")))
              : d.constant(1);
      y = AugmentOps.color(sd, y, chw, b, c, hue, sat);
    }
    if (ops.contains(Op.CUTOUT)) {
      SDVariable size = d.masked(Op.CUTOUT, d.constant(0.5));
      y = AugmentOps.cutout(sd, y, chw, d.uniform("cutout_y"), d.uniform("cutout_x"), size);
    }
    return y;
  }

  /** Random draws of one batch, each {@code [B, 1, 1, 1]}, from uniform inputs under a prefix. */
  private static final class Draws {
    private final NetGraph g;
    private final String prefix;
    private final SDVariable p;

    Draws(NetGraph g, String prefix) {
      this.g = g;
      this.prefix = prefix;
      this.p = g.state(P_STATE, new long[] {1}, Init.zeros()).reshape(1, 1, 1, 1);
    }

    SDVariable uniform(String name) {
      return g.uniformInput(prefix + name, 1, 1, 1);
    }

    /** {@code v} where this op applies to the example (probability p), 0 elsewhere. */
    SDVariable masked(Op op, SDVariable v) {
      String name = "apply_" + op.name().toLowerCase(Locale.ROOT);
      return v.mul(g.sd().lt(uniform(name), p).castTo(g.dtype()));
    }

    /** {@code ⌊u·n⌋}, uniform on {0, …, n − 1}. */
    SDVariable floor(String name, int n) {
      return g.sd().math().floor(uniform(name).mul((double) n));
    }

    /** A whole shift uniform on {−max, …, max}. */
    SDVariable shift(String name, long max) {
      return floor(name, (int) (2 * max + 1)).sub((double) max);
    }

    /** A standard normal by Box–Muller, {@code √(−2 ln(1 − u₁))·cos(2π u₂)}. */
    SDVariable gaussian(String name) {
      SameDiff sd = g.sd();
      SDVariable radius = sd.math().sqrt(sd.math().log(uniform(name + "_r").rsub(1.0)).mul(-2.0));
      return radius.mul(sd.math().cos(uniform(name + "_a").mul(2 * Math.PI)));
    }

    SDVariable pow2(SDVariable e) {
      return g.sd().math().exp(e.mul(Math.log(2)));
    }

    SDVariable constant(double v) {
      return g.sd().constant(Nd4j.scalar(g.dtype(), v).reshape(1, 1, 1, 1));
    }
  }
}
