package io.github.samegan.core.graph;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small, fast, seedable random number generator (SplitMix64) whose whole state is one {@code
 * long}, so that it can be saved in a checkpoint and restored exactly. All randomness in SameGAN
 * (weight initialisation, latent noise, interpolation weights, data order) comes from instances of
 * this class, never from ND4J's global RNG, which makes runs reproducible and resumable.
 */
public final class Rng {
  private long state;

  /** Creates a generator from a seed. */
  public Rng(long seed) {
    this.state = seed;
  }

  /** The complete internal state; {@code new Rng(0).setState(s)} continues the same stream. */
  public long state() {
    return state;
  }

  /** Restores a state obtained from {@link #state()}. */
  public void setState(long state) {
    this.state = state;
  }

  /** A derived, independent generator (for a sub-task that must not disturb this stream). */
  public Rng split() {
    return new Rng(nextLong() ^ 0x5DEECE66DL);
  }

  /** Next 64 random bits. */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform double in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform integer in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, found " + bound);
    }
    return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
  }

  /**
   * Standard normal sample (Box–Muller; two uniforms per call, no cached spare, so state is one
   * long).
   */
  public double nextGaussian() {
    double u1 = nextDouble();
    double u2 = nextDouble();
    if (u1 < 1e-300) {
      u1 = 1e-300;
    }
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** An array of the given shape filled with N(0, 1) samples. */
  public INDArray gaussian(DataType type, long... shape) {
    long n = length(shape);
    double[] values = new double[Math.toIntExact(n)];
    for (int i = 0; i < values.length; i++) {
      values[i] = nextGaussian();
    }
    return Nd4j.create(values, shape, 'c').castTo(type);
  }

  /** An array of the given shape filled with U[lo, hi) samples. */
  public INDArray uniform(DataType type, double lo, double hi, long... shape) {
    long n = length(shape);
    double[] values = new double[Math.toIntExact(n)];
    for (int i = 0; i < values.length; i++) {
      values[i] = lo + (hi - lo) * nextDouble();
    }
    return Nd4j.create(values, shape, 'c').castTo(type);
  }

  /** A uniformly random permutation of {@code 0..n-1} (Fisher–Yates). */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static long length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape dimensions must be >= 0");
      }
      n *= d;
    }
    return n;
  }
}
