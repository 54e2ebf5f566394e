package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ADA's transforms: values against hand-computed cases, gradients against finite differences. */
class AugmentOpsTest {

  /** A double-precision graph with the image as a variable {@code x}. */
  private record Op(SameDiff sd, SDVariable x, SDVariable out) {
    INDArray run() {
      return sd.output(Map.<String, INDArray>of(), out.name()).get(out.name());
    }
  }

  private static Op build(INDArray x, BiFunction<SameDiff, SDVariable, SDVariable> op) {
    SameDiff sd = SameDiff.create();
    // creating a NetGraph installs SameGAN's SameDiff patches, which the gradient barrier needs
    NetGraph.create(
        sd, new ParameterStore(), new Rng(1), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> true);
    SDVariable in = sd.var("x", x.dup());
    return new Op(sd, in, sd.identity("out", op.apply(sd, in)));
  }

  /** Per-example parameters {@code [B, 1, …, 1]} as a constant. */
  private static SDVariable per(SameDiff sd, int rank, double... v) {
    long[] shape = new long[rank];
    Arrays.fill(shape, 1);
    shape[0] = v.length;
    return sd.constant(Nd4j.createFromArray(v).reshape(shape));
  }

  private static BiFunction<SameDiff, SDVariable, SDVariable> scaleTranslate(
      long[] chw, double[] sx, double[] sy, double[] tx, double[] ty) {
    return (sd, in) ->
        AugmentOps.scaleTranslate(
            sd, in, chw, per(sd, 4, sx), per(sd, 4, sy), per(sd, 4, tx), per(sd, 4, ty));
  }

  private static INDArray images(long seed, long b, long c, long h, long w) {
    return new Rng(seed).uniform(DataType.DOUBLE, -1, 1, b, c, h, w);
  }

  /** A linear ramp {@code f = α·(j − c) + β·(i − c) + γ} per channel, in every example. */
  private static INDArray ramp(long b, long c, int n, double alpha, double beta) {
    INDArray x = Nd4j.zeros(DataType.DOUBLE, b, c, n, n);
    double centre = (n - 1) / 2.0;
    for (int e = 0; e < b; e++) {
      for (int ch = 0; ch < c; ch++) {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            x.putScalar(new long[] {e, ch, i, j}, rampAt(alpha, beta, ch, j - centre, i - centre));
          }
        }
      }
    }
    return x;
  }

  private static double rampAt(double alpha, double beta, int ch, double dx, double dy) {
    return alpha * dx + beta * dy + 0.1 * ch;
  }

  @Test
  void flipAndQuarterTurnMovePixelsExactly() {
    INDArray x = images(1, 2, 3, 4, 4);
    long[] chw = {3, 4, 4};
    INDArray flipped = build(x, (sd, in) -> AugmentOps.flipX(sd, in, chw)).run();
    INDArray turned = build(x, (sd, in) -> AugmentOps.rot90(sd, in, chw)).run();
    for (int e = 0; e < 2; e++) {
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < 4; j++) {
            assertThat(flipped.getDouble(e, c, i, j)).isEqualTo(x.getDouble(e, c, i, 3 - j));
            assertThat(turned.getDouble(e, c, i, j)).isEqualTo(x.getDouble(e, c, j, 3 - i));
          }
        }
      }
    }
  }

  @Test
  void dihedralAppliesEachExamplesOwnFlipAndTurnsModuloFour() {
    INDArray x = images(2, 3, 1, 3, 3);
    long[] chw = {1, 3, 3};
    INDArray out =
        build(
                x,
                (sd, in) ->
                    AugmentOps.dihedral(
                        sd, in, chw, per(sd, 4, 0, 1, 1), per(sd, 4, 0, -1, 6))) // 6 ≡ 2
            .run();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertThat(out.getDouble(0, 0, i, j)).isEqualTo(x.getDouble(0, 0, i, j));
        // flip, then three turns (−1 ≡ 3): rot90³(y)[i][j] = y[2 − j][i], y[i][j] = x[i][2 − j]
        assertThat(out.getDouble(1, 0, i, j)).isEqualTo(x.getDouble(1, 0, 2 - j, 2 - i));
        // flip, then two turns: y[2 − i][2 − j] = x[2 − i][j]
        assertThat(out.getDouble(2, 0, i, j)).isEqualTo(x.getDouble(2, 0, 2 - i, j));
      }
    }
  }

  @Test
  void scaleOneAndShiftZeroIsTheIdentityAndWholeShiftsReflectAtTheBorder() {
    INDArray x = images(3, 2, 2, 5, 6);
    long[] chw = {2, 5, 6};
    INDArray same =
        build(
                x,
                scaleTranslate(
                    chw,
                    new double[] {1, 1},
                    new double[] {1, 1},
                    new double[] {0, 0},
                    new double[] {0, 0}))
            .run();
    assertThat(same).isEqualTo(x);
    // example 0 moves right by 2, example 1 up by 1; reflected: index −1 reads 1, −2 reads 2
    INDArray shifted =
        build(
                x,
                scaleTranslate(
                    chw,
                    new double[] {1, 1},
                    new double[] {1, 1},
                    new double[] {2, 0},
                    new double[] {0, -1}))
            .run();
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 6; j++) {
          assertThat(shifted.getDouble(0, c, i, j))
              .isCloseTo(x.getDouble(0, c, i, AugmentOps.reflect(j - 2, 6)), within(1e-15));
          assertThat(shifted.getDouble(1, c, i, j))
              .isCloseTo(x.getDouble(1, c, AugmentOps.reflect(i + 1, 5), j), within(1e-15));
        }
      }
    }
    assertThat(AugmentOps.reflect(-1, 6)).isEqualTo(1);
    assertThat(AugmentOps.reflect(6, 6)).isEqualTo(4);
    assertThat(AugmentOps.reflect(11, 6)).isEqualTo(1);
  }

  @Test
  void scalingAndRotationMapALinearRampToTheTransformedRampInTheInterior() {
    int n = 9;
    double alpha = 0.07;
    double beta = -0.05;
    INDArray x = ramp(1, 2, n, alpha, beta);
    long[] chw = {2, n, n};
    double sx = 1.3;
    double sy = 0.8;
    INDArray scaled =
        build(
                x,
                scaleTranslate(
                    chw, new double[] {sx}, new double[] {sy}, new double[] {0}, new double[] {0}))
            .run();
    double theta = Math.toRadians(30);
    INDArray rotated =
        build(x, (sd, in) -> AugmentOps.rotate(sd, in, chw, per(sd, 4, theta))).run();
    INDArray unrotated = build(x, (sd, in) -> AugmentOps.rotate(sd, in, chw, per(sd, 4, 0))).run();
    assertThat(unrotated).isEqualTo(x);
    double c = (n - 1) / 2.0;
    for (int ch = 0; ch < 2; ch++) {
      for (int i = 3; i <= 5; i++) {
        for (int j = 3; j <= 5; j++) {
          double dx = j - c;
          double dy = i - c;
          assertThat(scaled.getDouble(0, ch, i, j))
              .isCloseTo(rampAt(alpha, beta, ch, dx / sx, dy / sy), within(1e-12));
          // out(p) = x(R(−θ)·p): (cos θ·dx + sin θ·dy, −sin θ·dx + cos θ·dy)
          double rx = Math.cos(theta) * dx + Math.sin(theta) * dy;
          double ry = -Math.sin(theta) * dx + Math.cos(theta) * dy;
          assertThat(rotated.getDouble(0, ch, i, j))
              .isCloseTo(rampAt(alpha, beta, ch, rx, ry), within(1e-12));
        }
      }
    }
  }

  @Test
  void hueByZeroIsTheIdentityAndBy120DegreesTurnsRedIntoGreen() {
    // pixel 0 pure red, pixel 1 pure green, pixel 2 a grey, pixel 3 a mixed colour (in [−1, 1])
    double[][] pixels = {{1, -1, -1}, {-1, 1, -1}, {0.3, 0.3, 0.3}, {0.5, -0.2, 0.1}};
    INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, 3, 1, 4);
    for (int k = 0; k < 4; k++) {
      for (int c = 0; c < 3; c++) {
        x.putScalar(new long[] {0, c, 0, k}, pixels[k][c]);
      }
    }
    long[] chw = {3, 1, 4};
    INDArray same =
        build(
                x,
                (sd, in) ->
                    AugmentOps.color(
                        sd, in, chw, per(sd, 4, 0), per(sd, 4, 1), per(sd, 4, 0), per(sd, 4, 1)))
            .run();
    assertThat(same.sub(x).amaxNumber().doubleValue()).isLessThan(1e-15);
    INDArray hue =
        build(
                x,
                (sd, in) ->
                    AugmentOps.color(
                        sd,
                        in,
                        chw,
                        per(sd, 4, 0),
                        per(sd, 4, 1),
                        per(sd, 4, 2 * Math.PI / 3),
                        per(sd, 4, 1)))
            .run();
    // Rodrigues about (1,1,1)/√3 by 120° is the cyclic permutation (r, g, b) → (b, r, g)
    for (int k = 0; k < 4; k++) {
      for (int c = 0; c < 3; c++) {
        assertThat(hue.getDouble(0, c, 0, k))
            .as("pixel %d channel %d", k, c)
            .isCloseTo(pixels[k][(c + 2) % 3], within(1e-12));
      }
    }
  }

  @Test
  void brightnessContrastAndSaturationFollowTheAffineFormula() {
    INDArray x = images(4, 2, 3, 2, 2);
    long[] chw = {3, 2, 2};
    double[] b = {0.2, -0.1};
    double[] c = {1.5, 0.7};
    double[] s = {0.5, 2.0};
    INDArray out =
        build(
                x,
                (sd, in) ->
                    AugmentOps.color(
                        sd, in, chw, per(sd, 4, b), per(sd, 4, c), per(sd, 4, 0, 0), per(sd, 4, s)))
            .run();
    for (int e = 0; e < 2; e++) {
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          double mean = 0;
          for (int ch = 0; ch < 3; ch++) {
            mean += (x.getDouble(e, ch, i, j) + b[e]) * c[e] / 3;
          }
          for (int ch = 0; ch < 3; ch++) {
            double v = (x.getDouble(e, ch, i, j) + b[e]) * c[e];
            assertThat(out.getDouble(e, ch, i, j))
                .isCloseTo(mean + s[e] * (v - mean), within(1e-12));
          }
        }
      }
    }
  }

  @Test
  void cutoutZeroesTheSquareAroundTheCentreAndSizeZeroCutsNothing() {
    INDArray x = images(5, 2, 1, 8, 8);
    long[] chw = {1, 8, 8};
    INDArray out =
        build(
                x,
                (sd, in) ->
                    AugmentOps.cutout(
                        sd,
                        in,
                        chw,
                        per(sd, 4, 0.5, 0.1),
                        per(sd, 4, 0.25, 0.9),
                        per(sd, 4, 0.5, 0)))
            .run();
    for (int i = 0; i < 8; i++) {
      for (int j = 0; j < 8; j++) {
        // (i + ½)/8 within ¼ of 0.5: rows 2..5; (j + ½)/8 within ¼ of 0.25: columns 0..3
        boolean cut = i >= 2 && i <= 5 && j <= 3;
        assertThat(out.getDouble(0, 0, i, j)).isEqualTo(cut ? 0 : x.getDouble(0, 0, i, j));
        assertThat(out.getDouble(1, 0, i, j)).isEqualTo(x.getDouble(1, 0, i, j));
      }
    }
  }

  /** Checks ∂Σ(out·r)/∂x against central differences at a spread of entries. */
  private static void checkGradient(INDArray x, BiFunction<SameDiff, SDVariable, SDVariable> op) {
    Op o = build(x, op);
    INDArray r = images(99, x.size(0), x.size(1), x.size(2), x.size(3));
    SDVariable loss = o.out().mul(o.sd().constant(r)).sum();
    o.sd().setLossVariables(loss.name());
    INDArray grad = o.sd().calculateGradients(Map.of(), "x").get("x");
    INDArray xs = o.x().getArr();
    double eps = 1e-6;
    double largest = 0;
    for (long k = 0; k < x.length(); k += 7) {
      long[] p = unravel(k, x.shape());
      double v = xs.getDouble(p);
      xs.putScalar(p, v + eps);
      double up =
          o.sd().output(Map.<String, INDArray>of(), loss.name()).get(loss.name()).getDouble(0);
      xs.putScalar(p, v - eps);
      double down =
          o.sd().output(Map.<String, INDArray>of(), loss.name()).get(loss.name()).getDouble(0);
      xs.putScalar(p, v);
      double fd = (up - down) / (2 * eps);
      assertThat(grad.getDouble(p)).as(Arrays.toString(p)).isCloseTo(fd, within(1e-7));
      largest = Math.max(largest, Math.abs(fd));
    }
    assertThat(largest).as("some gradient is non-trivial").isGreaterThan(1e-3);
  }

  private static long[] unravel(long k, long[] shape) {
    long[] p = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      p[d] = k % shape[d];
      k /= shape[d];
    }
    return p;
  }

  @Test
  void gradientsOfEveryTransformMatchFiniteDifferences() {
    INDArray x = images(6, 2, 3, 6, 6);
    long[] chw = {3, 6, 6};
    checkGradient(
        x,
        (sd, in) ->
            AugmentOps.dihedral(sd, in, chw, per(sd, 4, 1, 0), per(sd, 4, 1, 3))); // flip, turns
    checkGradient(
        x,
        scaleTranslate(
            chw,
            new double[] {1.2, 0.7},
            new double[] {0.9, 1.4},
            new double[] {1, 0},
            new double[] {-1, 2})); // isotropic, anisotropic, translation
    checkGradient(x, (sd, in) -> AugmentOps.rotate(sd, in, chw, per(sd, 4, 0.4, -0.7)));
    checkGradient(
        x,
        (sd, in) ->
            AugmentOps.color(
                sd,
                in,
                chw,
                per(sd, 4, 0.1, -0.3),
                per(sd, 4, 1.3, 0.6),
                per(sd, 4, 0.5, -2.0),
                per(sd, 4, 0.4, 1.8))); // brightness, contrast, hue, saturation
    checkGradient(
        x,
        (sd, in) ->
            AugmentOps.cutout(
                sd, in, chw, per(sd, 4, 0.3, 0.6), per(sd, 4, 0.5, 0.2), per(sd, 4, 0.5, 0.5)));
  }
}
