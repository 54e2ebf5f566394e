package io.github.samegan.losses;

import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The original GAN objective (Goodfellow et al. 2014, arXiv:1406.2661).
 *
 * <p>Discriminator: {@code L_D = −E[log σ(D(x))] − E[log(1 − σ(D(G(z))))] = E[softplus(−D(x))] +
 * E[softplus(D(G(z)))]}.
 *
 * <p>Generator, non-saturating form (the paper's practical recommendation, default): {@code L_G =
 * −E[log σ(D(G(z)))] = E[softplus(−D(G(z)))]}. Saturating (true minimax) form: {@code L_G = E[log(1
 * − σ(D(G(z))))] = −E[softplus(D(G(z)))]}, whose gradient vanishes when D wins.
 *
 * @param form which generator loss to use
 */
public record MinimaxLoss(Form form) implements GanLoss {

  /** The generator's form of the objective. */
  public enum Form {
    /** {@code −E[log σ(D(G(z)))]}: strong gradients early in training (default). */
    NON_SATURATING,
    /** {@code E[log(1 − σ(D(G(z))))]}: the literal minimax objective. */
    SATURATING
  }

  /** Validates the form. */
  public MinimaxLoss {
    java.util.Objects.requireNonNull(form, "form");
  }

  /** The non-saturating form (the usual choice). */
  public static MinimaxLoss nonSaturating() {
    return new MinimaxLoss(Form.NON_SATURATING);
  }

  /** The saturating (true minimax) form. */
  public static MinimaxLoss saturating() {
    return new MinimaxLoss(Form.SATURATING);
  }

  @Override
  public String name() {
    return form == Form.NON_SATURATING ? "minimax" : "minimax-saturating";
  }

  @Override
  public SDVariable discriminatorLoss(LossContext ctx) {
    return Functional.bceWithLogitsOnes(ctx.sd(), ctx.realLogits())
        .add(Functional.bceWithLogitsZeros(ctx.sd(), ctx.fakeLogits()));
  }

  @Override
  public SDVariable generatorLoss(LossContext ctx) {
    if (form == Form.NON_SATURATING) {
      return Functional.bceWithLogitsOnes(ctx.sd(), ctx.fakeLogits());
    }
    return Functional.bceWithLogitsZeros(ctx.sd(), ctx.fakeLogits()).neg();
  }
}
