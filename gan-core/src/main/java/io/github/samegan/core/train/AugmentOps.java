package io.github.samegan.core.train;

import io.github.samegan.core.samediff.GradientBarrier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The differentiable image transforms of {@link AdaptiveAugment}, on images {@code [B, C, H, W]} in
 * [−1, 1] with per-example parameters given as graph variables (shapes noted per method; a
 * parameter may also be a constant of shape {@code [1, …]} shared by the batch). Every transform is
 * linear in the images, so the gradient with respect to them is the transposed transform, and each
 * is the identity at its neutral parameter (flip 0, turns 0, scale 1, shift 0, angle 0, brightness
 * 0, contrast 1, hue 0, saturation 1, cut-out size 0).
 *
 * <p>Resampling (scaling, rotation) is bilinear and separable: a 1-D interpolation matrix per
 * example (and, for a shear, per row) whose weights {@code max(0, 1 − |src − k|)} are built inside
 * the graph from the parameters, behind a {@link GradientBarrier} so SameDiff differentiates only
 * through the product with the images. The border is <b>reflected</b> (without repeating the edge
 * pixel, as ADA's reference pads), folded into the matrix: a source position outside {@code [0, n −
 * 1]} reads the mirrored image, so no constant border appears. Rotation by an arbitrary angle is
 * three shears ({@code x}, {@code y}, {@code x}), each a per-row 1-D fractional shift (Paeth 1986);
 * it is accurate for |θ| ≤ 45°, and {@link AdaptiveAugment} reduces any angle to that range with
 * exact quarter turns.
 */
public final class AugmentOps {
  private AugmentOps() {}

  /** {@code out[…, i, j] = x[…, i, W − 1 − j]}, exactly. */
  public static SDVariable flipX(SameDiff sd, SDVariable x, long[] chw) {
    int w = (int) chw[2];
    double[][] j = new double[w][w];
    for (int k = 0; k < w; k++) {
      j[k][w - 1 - k] = 1;
    }
    SDVariable jc = sd.constant(Nd4j.createFromArray(j).castTo(x.dataType()));
    return sd.mmul(x.reshape(-1, w), jc).reshape(-1, chw[0], chw[1], chw[2]);
  }

  /**
   * One quarter turn: {@code out[…, i, j] = x[…, j, W − 1 − i]} (the top-right corner moves to the
   * top left; counter-clockwise as displayed). Square images only.
   */
  public static SDVariable rot90(SameDiff sd, SDVariable x, long[] chw) {
    requireSquare(chw, "A quarter turn");
    return flipX(sd, x, chw).permute(0, 1, 3, 2);
  }

  /**
   * Per-example flip, then quarter turns: {@code rot90^k(flip^f(x))}.
   *
   * @param flip {@code [B, 1, 1, 1]} in {0, 1}, or {@code null} for none
   * @param turns {@code [B, 1, 1, 1]} whole numbers (any sign; taken mod 4), or {@code null}
   */
  public static SDVariable dihedral(
      SameDiff sd, SDVariable x, long[] chw, SDVariable flip, SDVariable turns) {
    SDVariable y = x;
    if (flip != null) {
      y = y.add(flipX(sd, y, chw).sub(y).mul(flip));
    }
    if (turns == null) {
      return y;
    }
    requireSquare(chw, "A quarter turn");
    DataType dt = x.dataType();
    SDVariable k = turns.sub(sd.math().floor(turns.div(4.0)).mul(4.0)); // in {0, 1, 2, 3}
    SDVariable out = y.mul(k.eq(0.0).castTo(dt));
    SDVariable r = y;
    for (int q = 1; q < 4; q++) {
      r = rot90(sd, r, chw);
      out = out.add(r.mul(k.eq((double) q).castTo(dt)));
    }
    return out;
  }

  /**
   * Isotropic/anisotropic scaling about the centre and integer translation, one bilinear resampling
   * per axis: {@code out[i, j] = x[src_y(i), src_x(j)]} with {@code src(j) = c + (j − c)/s − t}
   * ({@code c = (n − 1)/2}), as {@code A_y·x·A_xᵀ}. {@code s > 1} enlarges, {@code t > 0} moves the
   * content right/down. The factors {@code sx, sy} and shifts {@code tx, ty} are {@code [B, 1, 1]}.
   */
  public static SDVariable scaleTranslate(
      SameDiff sd,
      SDVariable x,
      long[] chw,
      SDVariable sx,
      SDVariable sy,
      SDVariable tx,
      SDVariable ty) {
    long h = chw[1];
    long w = chw[2];
    SDVariable ax = axisMatrix(sd, x.dataType(), w, sx.reshape(-1, 1, 1), tx.reshape(-1, 1, 1));
    SDVariable ay = axisMatrix(sd, x.dataType(), h, sy.reshape(-1, 1, 1), ty.reshape(-1, 1, 1));
    return separable(sd, x, chw, ay, ax);
  }

  /** {@code A[b, j, k]} resampling {@code src(j) = c + (j − c)/s − t} of a length-n axis. */
  private static SDVariable axisMatrix(
      SameDiff sd, DataType dt, long n, SDVariable s, SDVariable t) {
    double c = (n - 1) / 2.0;
    SDVariable j = grid(sd, dt, n, 1, n, 1); // [1, n, 1]
    SDVariable src = j.sub(c).div(s).add(c).sub(t); // [B, n, 1]
    return resampleMatrix(sd, src, n, n, new long[] {-1, n, n});
  }

  /**
   * {@code out = A_y · x · A_xᵀ} per example and channel.
   *
   * @param ay {@code [B, H, H]} (out, in)
   * @param ax {@code [B, W, W]} (out, in)
   */
  static SDVariable separable(SameDiff sd, SDVariable x, long[] chw, SDVariable ay, SDVariable ax) {
    long c = chw[0];
    long h = chw[1];
    long w = chw[2];
    SDVariable alongX = sd.mmul(x.reshape(-1, c * h, w), ax.permute(0, 2, 1)); // [B, C·H, W]
    SDVariable cols = alongX.reshape(-1, c, h, w).permute(0, 1, 3, 2).reshape(-1, c * w, h);
    SDVariable alongY = sd.mmul(cols, ay.permute(0, 2, 1)); // [B, C·W, H]
    return alongY.reshape(-1, c, w, h).permute(0, 1, 3, 2);
  }

  /**
   * Rotation by θ about the centre, {@code out(p) = x(R(−θ)·p)} in (column, row) coordinates (the
   * content turns clockwise as displayed for θ &gt; 0), as three shears: along x by {@code
   * tan(θ/2)}, along y by {@code −sin θ}, along x by {@code tan(θ/2)}. Use |θ| ≤ π/4.
   *
   * @param theta {@code [B, 1, 1, 1]} radians
   */
  public static SDVariable rotate(SameDiff sd, SDVariable x, long[] chw, SDVariable theta) {
    requireSquare(chw, "A rotation");
    SDVariable a = sd.math().tan(theta.div(2.0));
    SDVariable b = sd.math().sin(theta).neg();
    SDVariable y = shearX(sd, x, chw, a);
    y = shearY(sd, y, chw, b);
    return shearX(sd, y, chw, a);
  }

  /**
   * {@code out[i, j] = x[i, j + a·(i − c_y)]}, bilinear per row; {@code a} is {@code [B,1,1,1]}.
   */
  static SDVariable shearX(SameDiff sd, SDVariable x, long[] chw, SDVariable a) {
    long c = chw[0];
    long h = chw[1];
    long w = chw[2];
    DataType dt = x.dataType();
    SDVariable rows = grid(sd, dt, h, 1, h, 1, 1).sub((h - 1) / 2.0); // [1, H, 1, 1]
    SDVariable src = grid(sd, dt, w, 1, 1, w, 1).add(a.mul(rows)); // [B, H, W, 1]
    SDVariable m = resampleMatrix(sd, src, w, w / 2 + 2, new long[] {-1, h, w, w});
    SDVariable perRow = x.permute(0, 2, 1, 3).reshape(-1, c, w); // [B·H, C, W]
    SDVariable out = sd.mmul(perRow, m.permute(0, 1, 3, 2).reshape(-1, w, w));
    return out.reshape(-1, h, c, w).permute(0, 2, 1, 3);
  }

  /**
   * {@code out[i, j] = x[i + b·(j − c_x), j]}, bilinear per column: {@link #shearX} of the
   * transposed image (square images).
   */
  static SDVariable shearY(SameDiff sd, SDVariable x, long[] chw, SDVariable b) {
    return shearX(sd, x.permute(0, 1, 3, 2), chw, b).permute(0, 1, 3, 2);
  }

  /**
   * Bilinear interpolation weights with a reflected border: {@code A[…, j, k] = Σ_v max(0, 1 −
   * |src_j − v|)·[reflect(v) = k]} over virtual positions {@code v ∈ [−pad, n − 1 + pad]} (sources
   * beyond are clamped), behind a gradient barrier.
   *
   * @param src source positions {@code […, n_out, 1]}
   * @param shape the result's shape {@code […, n_out, n]}
   */
  static SDVariable resampleMatrix(SameDiff sd, SDVariable src, long n, long pad, long[] shape) {
    DataType dt = src.dataType();
    int v = (int) (n + 2 * pad);
    double[] virt = new double[v];
    double[][] fold = new double[v][(int) n];
    for (int i = 0; i < v; i++) {
      virt[i] = i - pad;
      fold[i][reflect(i - pad, n)] = 1;
    }
    SDVariable clamped = sd.math().clipByValue(src, -pad, n - 1 + pad);
    SDVariable positions = sd.constant(Nd4j.createFromArray(virt).castTo(dt).reshape(1, v));
    SDVariable weights = sd.nn().relu(sd.math().abs(clamped.sub(positions)).rsub(1.0), 0);
    SDVariable m =
        sd.mmul(weights.reshape(-1, v), sd.constant(Nd4j.createFromArray(fold).castTo(dt)));
    return GradientBarrier.apply(sd, m.reshape(shape));
  }

  /** The pixel that virtual position {@code v} of a length-n axis mirrors (no edge repeat). */
  static int reflect(long v, long n) {
    if (n == 1) {
      return 0;
    }
    long period = 2 * (n - 1);
    long m = ((v % period) + period) % period;
    return (int) (m < n ? m : period - m);
  }

  /**
   * ADA's colour transforms in its order, as one affine map per example: brightness {@code x + b},
   * then contrast {@code ·c}, then hue (rotation by θ about the grey axis {@code v = (1,1,1)/√3},
   * Rodrigues' {@code cos θ·I + sin θ·[v]ₓ + (1 − cos θ)·vvᵀ}), then saturation {@code vvᵀ + s·(I −
   * vvᵀ)}: {@code y = c·S·R·x + c·b}. Hue and saturation leave grey untouched, so images with other
   * than 3 channels get brightness and contrast only. The parameters {@code b, c, hue, saturation}
   * are {@code [B, 1, 1, 1]}.
   */
  public static SDVariable color(
      SameDiff sd,
      SDVariable x,
      long[] chw,
      SDVariable b,
      SDVariable c,
      SDVariable hue,
      SDVariable saturation) {
    SDVariable offset = b.mul(c);
    if (chw[0] != 3) {
      return x.mul(c).add(offset);
    }
    DataType dt = x.dataType();
    double r3 = 1 / Math.sqrt(3);
    double[][] eye = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    double[][] cross = {{0, -r3, r3}, {r3, 0, -r3}, {-r3, r3, 0}};
    double[][] grey = new double[3][3];
    for (double[] row : grey) {
      java.util.Arrays.fill(row, 1 / 3.0);
    }
    SDVariable i3 = sd.constant(Nd4j.createFromArray(eye).castTo(dt).reshape(1, 3, 3));
    SDVariable k3 = sd.constant(Nd4j.createFromArray(cross).castTo(dt).reshape(1, 3, 3));
    SDVariable p3 = sd.constant(Nd4j.createFromArray(grey).castTo(dt).reshape(1, 3, 3));
    SDVariable theta = hue.reshape(-1, 1, 1);
    SDVariable cos = sd.math().cos(theta);
    SDVariable rot = i3.mul(cos).add(k3.mul(sd.math().sin(theta))).add(p3.mul(cos.rsub(1.0)));
    SDVariable sat = p3.add(i3.sub(p3).mul(saturation.reshape(-1, 1, 1)));
    SDVariable m = sd.mmul(sat, rot).mul(c.reshape(-1, 1, 1)); // [B, 3, 3]
    long h = chw[1];
    long w = chw[2];
    return sd.mmul(m, x.reshape(-1, 3, h * w)).reshape(-1, 3, h, w).add(offset);
  }

  /**
   * Sets to 0 a square of side {@code size} (a fraction of the image) centred at {@code (cy, cx)}
   * (fractions of the height and width): pixel {@code (i, j)} is cut when {@code |(i + ½)/H − cy| <
   * size/2} and {@code |(j + ½)/W − cx| < size/2}, as ADA's reference. The parameters {@code cy,
   * cx, size} are {@code [B, 1, 1, 1]}.
   */
  public static SDVariable cutout(
      SameDiff sd, SDVariable x, long[] chw, SDVariable cy, SDVariable cx, SDVariable size) {
    long h = chw[1];
    long w = chw[2];
    DataType dt = x.dataType();
    SDVariable half = size.div(2.0);
    SDVariable ys = grid(sd, dt, h, 1, 1, h, 1).add(0.5).div((double) h);
    SDVariable xs = grid(sd, dt, w, 1, 1, 1, w).add(0.5).div((double) w);
    SDVariable inY = sd.lt(sd.math().abs(ys.sub(cy)), half).castTo(dt);
    SDVariable inX = sd.lt(sd.math().abs(xs.sub(cx)), half).castTo(dt);
    return x.mul(inY.mul(inX).rsub(1.0));
  }

  /** The constant {@code 0, 1, …, n − 1} in the given shape. */
  private static SDVariable grid(SameDiff sd, DataType dt, long n, long... shape) {
    double[] v = new double[(int) n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return sd.constant(Nd4j.createFromArray(v).castTo(dt).reshape(shape));
  }

  private static void requireSquare(long[] chw, String what) {
    if (chw[1] != chw[2]) {
      throw new IllegalArgumentException(
          what
              + " needs square images, found "
              + chw[1]
              + "×"
              + chw[2]
              + "; leave out rotate90 and rotate for non-square images");
    }
  }
}
