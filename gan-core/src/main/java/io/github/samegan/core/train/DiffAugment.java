package io.github.samegan.core.train;

import io.github.samegan.core.graph.NetGraph;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Differentiable augmentation (DiffAugment, Zhao et al. 2020, arXiv:2006.10738). The same random
 * colour, translation and cutout transforms are applied inside the training graph to every batch
 * the discriminator sees: real and generated, in both the D and the G update. The transforms are
 * differentiable with respect to the images, so the generator's gradient flows back through them. D
 * never sees un-augmented images, and G is not pushed to produce augmented ones. This is what makes
 * D hard to over-fit on small data sets (the paper trains on 10% of CIFAR).
 *
 * <p>The ops follow the paper's reference code on images in [−1, 1], drawn independently per
 * example:
 *
 * <ul>
 *   <li>{@code color}: brightness {@code x + (u₁ − ½)}, then saturation {@code (x − m_c)·2u₂ + m_c}
 *       (m_c the mean over channels), then contrast {@code (x − m)·(u₃ + ½) + m} (m the mean over
 *       the whole image);
 *   <li>{@code translation}: an integer shift by up to {@code ⌊ratio·size + ½⌋} pixels on each axis
 *       (ratio ⅛ by default), filled with 0. It is written as {@code T_y · x · T_xᵀ} with 0/1 shift
 *       matrices built in the graph, so the gradient is the transposed shift;
 *   <li>{@code cutout}: a square of {@code ratio·size} (½ by default) at a random centre set to 0.
 * </ul>
 *
 * <p>The random numbers are per-step {@link NetGraph#uniformInput uniform inputs} fed from the
 * trainer's seeded RNG, so runs are reproducible and resume exactly. Sampling is unaffected.
 *
 * @param ops the transforms, applied in the order colour → translation → cutout
 * @param translationRatio largest shift as a fraction of the image size, in (0, ½]
 * @param cutoutRatio side of the cut-out square as a fraction of the image size, in (0, 1)
 */
public record DiffAugment(Set<Op> ops, double translationRatio, double cutoutRatio)
    implements DiscriminatorAugment {

  /** One transform. */
  public enum Op {
    /** Brightness, saturation and contrast. */
    COLOR,
    /** Integer translation with zero fill. */
    TRANSLATION,
    /** A zeroed square. */
    CUTOUT
  }

  /** The paper's recommended policy for CIFAR: {@code color,translation,cutout}. */
  public static final String DEFAULT_POLICY = "color,translation,cutout";

  /** Validates the settings. */
  public DiffAugment {
    if (ops == null || ops.isEmpty()) {
      throw new IllegalArgumentException(
          "DiffAugment needs at least one of color, translation, cutout");
    }
    ops = Set.copyOf(EnumSet.copyOf(ops));
    if (!(translationRatio > 0 && translationRatio <= 0.5)) {
      throw new IllegalArgumentException(
          "DiffAugment translation ratio must be in (0, 0.5], found " + translationRatio);
    }
    if (!(cutoutRatio > 0 && cutoutRatio < 1)) {
      throw new IllegalArgumentException(
          "DiffAugment cutout ratio must be in (0, 1), found " + cutoutRatio);
    }
  }

  /**
   * Parses a policy such as {@code "color,translation,cutout"} (the paper's names; any subset, in
   * any order) with the paper's ratios ⅛ and ½.
   *
   * @throws IllegalArgumentException naming an unknown op and the known ones
   */
  public static DiffAugment parse(String policy) {
    if (policy == null || policy.isBlank()) {
      throw new IllegalArgumentException(
          "Empty DiffAugment policy; use e.g. '" + DEFAULT_POLICY + "'");
    }
    EnumSet<Op> ops = EnumSet.noneOf(Op.class);
    for (String part : policy.split(",")) {
      String p = part.trim().toUpperCase(Locale.ROOT);
      try {
        ops.add(Op.valueOf(p));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Unknown DiffAugment op '"
                + part.trim()
                + "'; known: color, translation, cutout (e.g. '"
                + DEFAULT_POLICY
                + "')");
      }
    }
    return new DiffAugment(ops, 0.125, 0.5);
  }

  /** The policy string, e.g. {@code color,translation,cutout}, which {@link #parse} reads back. */
  public String policy() {
    return policyOf(ops, Op.values());
  }

  /** The lower-case names of the ops in {@code ops}, in the order of {@code all}, comma-joined. */
  static <E extends Enum<E>> String policyOf(Set<E> ops, E[] all) {
    List<String> names = new ArrayList<>();
    for (E op : all) {
      if (ops.contains(op)) {
        names.add(op.name().toLowerCase(Locale.ROOT));
      }
    }
    return String.join(",", names);
  }

  /** Adds the transforms of one batch; its random inputs are named {@code diffaug/<which>/…}. */
  @Override
  public SDVariable apply(NetGraph g, String which, SDVariable x, long[] chw) {
    String p = "diffaug/" + which + "/";
    SDVariable y = x;
    if (ops.contains(Op.COLOR)) {
      y = color(g, p, y);
    }
    if (ops.contains(Op.TRANSLATION)) {
      y = translate(g, p, y, chw);
    }
    if (ops.contains(Op.CUTOUT)) {
      y = cutout(g, p, y, chw);
    }
    return y;
  }

  private static SDVariable color(NetGraph g, String p, SDVariable x) {
    SDVariable brightness = g.uniformInput(p + "brightness", 1, 1, 1).sub(0.5);
    SDVariable saturation = g.uniformInput(p + "saturation", 1, 1, 1).mul(2.0);
    SDVariable contrast = g.uniformInput(p + "contrast", 1, 1, 1).add(0.5);
    SDVariable y = x.add(brightness);
    SDVariable mc = y.mean(true, 1);
    y = y.sub(mc).mul(saturation).add(mc);
    SDVariable m = y.mean(true, 1, 2, 3);
    return y.sub(m).mul(contrast).add(m);
  }

  /**
   * {@code out[b, c, i, j] = x[b, c, i − s_y, j − s_x]} (0 outside), as two batched products with
   * 0/1 matrices {@code M[k, i] = [i − k = s]}.
   */
  private SDVariable translate(NetGraph g, String p, SDVariable x, long[] chw) {
    SameDiff sd = g.sd();
    long c = chw[0];
    long h = chw[1];
    long w = chw[2];
    SDVariable sx = shift(g, p + "shift_x", Math.round(translationRatio * w));
    SDVariable sy = shift(g, p + "shift_y", Math.round(translationRatio * h));
    SDVariable mx = shiftMatrix(sd, g.dtype(), sx, w); // [B, W, W]
    SDVariable my = shiftMatrix(sd, g.dtype(), sy, h); // [B, H, H]
    SDVariable alongX = sd.mmul(x.reshape(-1, c * h, w), mx); // [B, C·H, W]
    SDVariable cols = alongX.reshape(-1, c, h, w).permute(0, 1, 3, 2).reshape(-1, c * w, h);
    SDVariable alongY = sd.mmul(cols, my); // [B, C·W, H]
    return alongY.reshape(-1, c, w, h).permute(0, 1, 3, 2);
  }

  /** A per-example integer shift in [−max, max] as {@code [B, 1, 1]}, from a uniform input. */
  private static SDVariable shift(NetGraph g, String name, long max) {
    return g.sd().math().floor(g.uniformInput(name, 1, 1).mul(2 * max + 1)).sub(max);
  }

  /** {@code M[b, k, i] = [i − k = s_b]}: right-multiplying a row vector by M shifts it by s. */
  private static SDVariable shiftMatrix(SameDiff sd, DataType dtype, SDVariable s, long n) {
    double[][] diff = new double[(int) n][(int) n];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < n; i++) {
        diff[k][i] = i - k;
      }
    }
    SDVariable d = sd.constant(Nd4j.createFromArray(diff).castTo(dtype).reshape(1, n, n));
    return sd.eq(d, s).castTo(dtype);
  }

  private SDVariable cutout(NetGraph g, String p, SDVariable x, long[] chw) {
    SameDiff sd = g.sd();
    long h = chw[1];
    long w = chw[2];
    SDVariable inY =
        window(sd, g, p + "cutout_y", h, Math.round(cutoutRatio * h), new long[] {1, 1, h, 1});
    SDVariable inX =
        window(sd, g, p + "cutout_x", w, Math.round(cutoutRatio * w), new long[] {1, 1, 1, w});
    SDVariable keep = inY.mul(inX).rsub(1.0); // [B, 1, H, W]
    return x.mul(keep);
  }

  /**
   * 1 where a position lies in a window of {@code size} centred at a uniform offset in [0, n]
   * (clipped to the image), 0 elsewhere; shape {@code [B, ...]} broadcast along {@code shape}.
   */
  private static SDVariable window(
      SameDiff sd, NetGraph g, String name, long n, long size, long[] shape) {
    SDVariable centre = sd.math().floor(g.uniformInput(name, 1, 1, 1).mul(n + (1 - size % 2)));
    double[] pos = new double[(int) n];
    for (int i = 0; i < n; i++) {
      pos[i] = i;
    }
    SDVariable idx = sd.constant(Nd4j.createFromArray(pos).castTo(g.dtype()).reshape(shape));
    SDVariable offset = idx.sub(centre).add((double) (size / 2)); // in [0, size) inside the window
    return offset.gte(0.0).castTo(g.dtype()).mul(offset.lt((double) size).castTo(g.dtype()));
  }
}
