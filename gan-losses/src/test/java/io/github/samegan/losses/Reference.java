package io.github.samegan.losses;

import java.util.function.DoubleUnaryOperator;

/** Plain-Java reference formulas for the loss tests. */
final class Reference {
  private Reference() {}

  /** TorchGAN's golden discriminator outputs on real images. */
  static final double[] DX = {1.3, 2.9, 8.4, 6.3};

  /** TorchGAN's golden discriminator outputs on generated images. */
  static final double[] DGZ = {4.8, 1.2, -3.5, 5.9};

  /** A second case that crosses the hinge margins (no value sits on a kink). */
  static final double[] DX2 = {0.4, -1.7, 2.0, 0.95, -0.2};

  static final double[] DGZ2 = {-0.3, -2.2, 1.5, -1.05};

  /** Saturated outputs: exp(±1000) overflows double, so a naive log σ would give ±∞ or NaN. */
  static final double[] SAT_REAL = {1000, -1000, 35, -800};

  static final double[] SAT_FAKE = {-1000, 1000, -35, 750};

  /** log(1 + e^x), written stably. */
  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  static double mean(double[] v, DoubleUnaryOperator f) {
    double s = 0;
    for (double x : v) {
      s += f.applyAsDouble(x);
    }
    return s / v.length;
  }
}
