package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Least-squares GAN (Mao et al. 2017, arXiv:1611.04076) with the a-b-c coding of the paper.
 *
 * <p>Discriminator: {@code L_D = ½E[(D(x) − b)²] + ½E[(D(G(z)) − a)²]}; generator: {@code L_G =
 * ½E[(D(G(z)) − c)²]}. The paper's two recommended codings are (a, b, c) = (−1, 1, 0), which
 * minimises the Pearson χ² divergence, and the "0-1" coding (0, 1, 1) (the default). D outputs a
 * raw score (no sigmoid), reported as such.
 *
 * @param a target for generated images in D's loss
 * @param b target for real images in D's loss
 * @param c the value G wants D to give its images
 */
public record LeastSquaresLoss(double a, double b, double c) implements GanLoss {

  /**
   * {@code --ls-targets a,b,c}: the coding, written {@code a,b,c} (default {@code 0,1,1}; {@code
   * -1,1,0} is the χ² coding).
   */
  public static final LossOption<Targets> TARGETS =
      LossOption.builder("lsTargets", "--ls-targets", Targets.class, new Targets(0, 1, 1))
          .symbol("a,b,c")
          .description("LSGAN targets: a for generated and b for real images in D's loss, c in G's")
          .allowed("three finite numbers a,b,c with a != b", t -> true)
          .parser(Targets::parse)
          .formatter(Targets::format)
          .build();

  /**
   * The a-b-c coding of LSGAN.
   *
   * @param a target for generated images in D's loss
   * @param b target for real images in D's loss
   * @param c the value G wants D to give its images
   */
  public record Targets(double a, double b, double c) {

    /** Validates the targets: finite, {@code a != b}. */
    public Targets {
      if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c) || a == b) {
        throw new IllegalArgumentException(
            "LSGAN targets must be finite with a != b, found a=" + a + ", b=" + b + ", c=" + c);
      }
    }

    /**
     * Reads {@code a,b,c}, e.g. {@code -1,1,0}.
     *
     * @throws IllegalArgumentException unless the text is three comma-separated numbers allowed as
     *     targets
     */
    public static Targets parse(String text) {
      String[] parts = text.split(",", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException("LSGAN targets are written a,b,c, found '" + text + "'");
      }
      return new Targets(
          Double.parseDouble(parts[0].strip()),
          Double.parseDouble(parts[1].strip()),
          Double.parseDouble(parts[2].strip()));
    }

    /** {@code a,b,c} as {@link #parse} reads it back. */
    public String format() {
      return a + "," + b + "," + c;
    }
  }

  /** Validates the targets (as {@link Targets}). */
  public LeastSquaresLoss {
    new Targets(a, b, c);
  }

  /** The loss with the given coding. */
  public LeastSquaresLoss(Targets targets) {
    this(targets.a(), targets.b(), targets.c());
  }

  /** The 0-1 coding (a, b, c) = (0, 1, 1). */
  public static LeastSquaresLoss zeroOne() {
    return new LeastSquaresLoss(0, 1, 1);
  }

  @Override
  public String name() {
    return "lsgan";
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    SameDiff sd = ctx.sd();
    return Functional.meanSquaredError(sd, ctx.realLogits(), b)
        .add(Functional.meanSquaredError(sd, ctx.fakeLogits(), a))
        .mul(0.5);
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    return Functional.meanSquaredError(ctx.sd(), ctx.fakeLogits(), c).mul(0.5);
  }

  @Override
  public SDVariable reportedScore(SameDiff sd, SDVariable logits) {
    return logits;
  }
}
