package io.github.samegan.losses;

import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.loss.GanLoss;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A loss that adds terms to a base adversarial loss ({@link PenalizedLoss}, {@link
 * AuxiliaryClassifierGanLoss}) and keeps the base's reporting of D's scores and its update hook
 * (e.g. WGAN's weight clipping).
 */
public interface DecoratedLoss extends GanLoss {

  /** The adversarial loss the terms are added to. */
  GanLoss base();

  @Override
  default SDVariable reportedScore(SameDiff sd, SDVariable logits) {
    return base().reportedScore(sd, logits);
  }

  @Override
  default void afterDiscriminatorUpdate(
      ParameterStore store, List<String> discriminatorParameters) {
    base().afterDiscriminatorUpdate(store, discriminatorParameters);
  }
}
