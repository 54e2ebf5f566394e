package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The energy-based GAN loss (Zhao, Mathieu &amp; LeCun 2016, <a
 * href="https://arxiv.org/abs/1609.03126">arXiv:1609.03126</a>) for a discriminator whose scores
 * are energies, e.g. gan-core's {@link io.github.samegan.core.model.AutoEncoderDiscriminator}
 * (reconstruction error):
 *
 * <pre>
 *   L_D = E[D(x)] + E[max(0, m − D(G(z)))]
 *   L_G = E[D(G(z))] + λ_PT·PT(S),   PT(S) = 1/(N(N−1)) Σ_{i≠j} (S_iᵀS_j / (‖S_i‖‖S_j‖))²
 * </pre>
 *
 * D lowers the energy of real images and raises that of generated ones up to the margin m; G lowers
 * its images' energy. The pulling-away term PT, on the discriminator's features {@code S} of the
 * generated batch (the encoder's codes), pushes those codes apart, against mode collapse. D's
 * scores are reported raw (energies). Monitored: {@code ebgan_pt}, the pulling-away term (G
 * update).
 *
 * @param margin m &gt; 0, on the scale of the energies (SameGAN's auto-encoder energy is the
 *     per-pixel mean squared error of images in [−1, 1])
 * @param pullingAwayWeight λ_PT &gt;= 0 (0.1 in the paper; 0 turns the term off)
 */
public record EnergyBasedLoss(double margin, double pullingAwayWeight) implements GanLoss {

  /** {@code --ebgan-margin m}. */
  public static final LossOption<Double> MARGIN =
      LossOption.positive(
          "ebganMargin",
          "--ebgan-margin",
          "m",
          1.0,
          "EBGAN margin m: D raises the energy of generated images up to m");

  /** {@code --pt-weight λ_PT}. */
  public static final LossOption<Double> PT_WEIGHT =
      LossOption.nonNegative(
          "ptWeight",
          "--pt-weight",
          "λ_PT",
          0.1,
          "no pulling-away term",
          "Weight λ_PT of EBGAN's pulling-away term on the codes of the generated batch");

  /** Validates the settings. */
  public EnergyBasedLoss {
    if (!(margin > 0) || Double.isInfinite(margin)) {
      throw new IllegalArgumentException(
          "EBGAN margin must be a positive finite number, found " + margin);
    }
    if (!(pullingAwayWeight >= 0) || Double.isInfinite(pullingAwayWeight)) {
      throw new IllegalArgumentException(
          "EBGAN pulling-away weight must be a finite number >= 0, found " + pullingAwayWeight);
    }
  }

  @Override
  public String name() {
    return "ebgan";
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    SameDiff sd = ctx.sd();
    return ctx.realLogits().mean().add(Functional.relu(sd, ctx.fakeLogits().rsub(margin)).mean());
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    SDVariable energy = ctx.fakeLogits().mean();
    if (pullingAwayWeight == 0) {
      return energy;
    }
    SDVariable pt = pullingAway(ctx.sd(), ctx.discriminatorFeatures(ctx.fakeImages()));
    ctx.monitor("ebgan_pt", pt);
    return energy.add(pt.mul(pullingAwayWeight));
  }

  /**
   * The pulling-away term {@code 1/(N(N−1)) Σ_{i≠j} cos²(S_i, S_j)} of a batch of codes {@code [N,
   * F]} (N &gt;= 2).
   */
  public static SDVariable pullingAway(SameDiff sd, SDVariable codes) {
    SDVariable squares = codes.mul(codes).sum(true, 1); // [N, 1]
    SDVariable unit = codes.div(sd.math().sqrt(squares.add(Functional.NORM_EPSILON)));
    SDVariable cos = sd.mmul(unit, unit, false, true, false); // [N, N]
    SDVariable unitSquares = unit.mul(unit).sum(true, 1); // the diagonal, ~1
    SDVariable offDiagonal =
        cos.mul(cos).sum().sub(unitSquares.mul(unitSquares).sum()); // Σ_{i≠j} cos²
    SDVariable n = unitSquares.mul(0.0).add(1.0).sum();
    return offDiagonal.div(n.mul(n.sub(1.0)));
  }

  @Override
  public SDVariable reportedScore(SameDiff sd, SDVariable logits) {
    return logits;
  }
}
