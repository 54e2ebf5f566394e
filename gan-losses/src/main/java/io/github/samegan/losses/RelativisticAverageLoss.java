package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Relativistic average GANs (Jolicoeur-Martineau 2018, arXiv:1807.00734): D estimates how much more
 * realistic a real image is than the <em>average</em> generated one, and vice versa. With the
 * critic C, {@code r = C(x) − E[C(G(z))]} for real and {@code f = C(G(z)) − E[C(x)]} for generated
 * images (the averages are over the batch and are differentiated through, as in the paper):
 *
 * <ul>
 *   <li>RaSGAN ({@link Form#STANDARD}): {@code L_D = E[softplus(−r)] + E[softplus(f)]}, {@code L_G
 *       = E[softplus(−f)] + E[softplus(r)]} (i.e. {@code −E[log σ(r)] − E[log(1 − σ(f))]}, written
 *       with softplus so saturated critics stay finite);
 *   <li>RaLSGAN ({@link Form#LEAST_SQUARES}): {@code L_D = E[(r − 1)²] + E[(f + 1)²]}, {@code L_G =
 *       E[(f − 1)²] + E[(r + 1)²]};
 *   <li>RaHingeGAN ({@link Form#HINGE}): {@code L_D = E[max(0, 1 − r)] + E[max(0, 1 + f)]}, {@code
 *       L_G = E[max(0, 1 − f)] + E[max(0, 1 + r)]}.
 * </ul>
 *
 * <p>Unlike the other losses the generator's loss uses the real batch too. Scores are reported raw.
 *
 * @param form which relativistic loss
 */
public record RelativisticAverageLoss(Form form) implements GanLoss {

  /** The three relativistic average forms of the paper. */
  public enum Form {
    /** RaSGAN: the standard (cross-entropy) form. */
    STANDARD,
    /** RaLSGAN: least squares. */
    LEAST_SQUARES,
    /** RaHingeGAN: hinge. */
    HINGE
  }

  /** Validates the form. */
  public RelativisticAverageLoss {
    Objects.requireNonNull(form, "form");
  }

  @Override
  public String name() {
    return switch (form) {
      case STANDARD -> "ragan";
      case LEAST_SQUARES -> "ralsgan";
      case HINGE -> "rahinge";
    };
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    SDVariable real = ctx.realLogits();
    SDVariable fake = ctx.fakeLogits();
    return terms(ctx.sd(), real.sub(fake.mean()), fake.sub(real.mean()));
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    SDVariable real = ctx.realLogits();
    SDVariable fake = ctx.fakeLogits();
    // the generator swaps the roles: it wants its images judged more realistic than real ones
    return terms(ctx.sd(), fake.sub(real.mean()), real.sub(fake.mean()));
  }

  /** {@code E[φ(up)] + E[ψ(down)]}, where "up" should be large and "down" small. */
  private SDVariable terms(SameDiff sd, SDVariable up, SDVariable down) {
    return switch (form) {
      case STANDARD ->
          Functional.softplus(sd, up.neg()).mean().add(Functional.softplus(sd, down).mean());
      case LEAST_SQUARES ->
          Functional.meanSquaredError(sd, up, 1.0).add(Functional.meanSquaredError(sd, down, -1.0));
      case HINGE ->
          Functional.relu(sd, up.rsub(1.0)).mean().add(Functional.relu(sd, down.add(1.0)).mean());
    };
  }

  @Override
  public SDVariable reportedScore(SameDiff sd, SDVariable logits) {
    return logits;
  }
}
