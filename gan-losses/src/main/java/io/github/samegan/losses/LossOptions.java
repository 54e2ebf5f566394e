package io.github.samegan.losses;

/**
 * The hyper-parameters of the registered losses, in one typed record so a command line can pass
 * what the user gave and leave the rest at their defaults ({@link #defaults()}). Each loss reads
 * only the fields listed for it in {@link LossRegistry.Entry#options()}.
 *
 * @param gpWeight λ of the WGAN-GP and DRAGAN penalties (default 10); &gt; 0
 * @param r1Gamma γ of the R1 and R2 penalties (default 10); &gt; 0
 * @param lazyEvery apply R1/R2 only on every k-th discriminator update, scaled by k (StyleGAN2's
 *     lazy regularisation; default 1 = every update); in [1, 1000]
 * @param clip WGAN weight-clipping bound c, parameters are clamped to [−c, c] after every critic
 *     update (default 0.01); &gt; 0, or 0 for no clipping
 * @param lsA LSGAN target for fake images in D's loss (default 0)
 * @param lsB LSGAN target for real images in D's loss (default 1)
 * @param lsC LSGAN target G wants D to give its images (default 1)
 * @param draganScale DRAGAN perturbation scale c: real images are perturbed by up to {@code c ·
 *     std(x)} (default 0.5); &gt; 0
 */
public record LossOptions(
    double gpWeight,
    double r1Gamma,
    int lazyEvery,
    double clip,
    double lsA,
    double lsB,
    double lsC,
    double draganScale) {

  /** The names of the fields, with the command-line flag each corresponds to. */
  public enum Field {
    /** {@link #gpWeight()}. */
    GP_WEIGHT("--gp-weight"),
    /** {@link #r1Gamma()}. */
    R1_GAMMA("--r1-gamma"),
    /** {@link #lazyEvery()}. */
    LAZY_EVERY("--lazy-every"),
    /** {@link #clip()}. */
    CLIP("--clip"),
    /** {@link #lsA()}, {@link #lsB()}, {@link #lsC()}. */
    LS_TARGETS("--ls-targets"),
    /** {@link #draganScale()}. */
    DRAGAN_SCALE("--dragan-scale");

    private final String flag;

    Field(String flag) {
      this.flag = flag;
    }

    /** The suggested command-line flag. */
    public String flag() {
      return flag;
    }
  }

  /** Validates every field; messages quote the bad value and what is allowed. */
  public LossOptions {
    requirePositive("gpWeight", gpWeight);
    requirePositive("r1Gamma", r1Gamma);
    if (lazyEvery < 1 || lazyEvery > 1000) {
      throw new IllegalArgumentException("lazyEvery must be in [1, 1000], found " + lazyEvery);
    }
    if (!(clip >= 0) || Double.isInfinite(clip)) {
      throw new IllegalArgumentException(
          "clip must be a finite number > 0, or 0 for no clipping, found " + clip);
    }
    if (!Double.isFinite(lsA) || !Double.isFinite(lsB) || !Double.isFinite(lsC) || lsA == lsB) {
      throw new IllegalArgumentException(
          "LSGAN targets must be finite with a != b, found a=" + lsA + ", b=" + lsB + ", c=" + lsC);
    }
    requirePositive("draganScale", draganScale);
  }

  private static void requirePositive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be a positive finite number, found " + v);
    }
  }

  /** λ = 10, γ = 10, lazy every 1, clip 0.01, LSGAN (a, b, c) = (0, 1, 1), DRAGAN c = 0.5. */
  public static LossOptions defaults() {
    return new LossOptions(10.0, 10.0, 1, 0.01, 0.0, 1.0, 1.0, 0.5);
  }

  /** A copy with another gradient-penalty weight λ. */
  public LossOptions withGpWeight(double v) {
    return new LossOptions(v, r1Gamma, lazyEvery, clip, lsA, lsB, lsC, draganScale);
  }

  /** A copy with another R1/R2 weight γ. */
  public LossOptions withR1Gamma(double v) {
    return new LossOptions(gpWeight, v, lazyEvery, clip, lsA, lsB, lsC, draganScale);
  }

  /** A copy with another lazy-regularisation interval. */
  public LossOptions withLazyEvery(int k) {
    return new LossOptions(gpWeight, r1Gamma, k, clip, lsA, lsB, lsC, draganScale);
  }

  /** A copy with another clipping bound (0 = none). */
  public LossOptions withClip(double c) {
    return new LossOptions(gpWeight, r1Gamma, lazyEvery, c, lsA, lsB, lsC, draganScale);
  }

  /** A copy with other LSGAN targets a (fake), b (real), c (G's target). */
  public LossOptions withLeastSquaresTargets(double a, double b, double c) {
    return new LossOptions(gpWeight, r1Gamma, lazyEvery, clip, a, b, c, draganScale);
  }

  /** A copy with another DRAGAN perturbation scale. */
  public LossOptions withDraganScale(double c) {
    return new LossOptions(gpWeight, r1Gamma, lazyEvery, clip, lsA, lsB, lsC, c);
  }
}
