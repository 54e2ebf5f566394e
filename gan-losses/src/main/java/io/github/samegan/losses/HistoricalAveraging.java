package io.github.samegan.losses;

import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Historical averaging (Salimans et al. 2016, <a
 * href="https://arxiv.org/abs/1606.03498">arXiv:1606.03498</a>, §3.3; TorchGAN's {@code
 * HistoricalAverage*Loss}): each network's loss gets
 *
 * <pre>
 *   λ · Σ_θ ‖θ − θ̄‖²,     θ̄ = (1/t) Σ_{i&lt;t} θ_i
 * </pre>
 *
 * where the sum runs over the parameters the update trains and θ̄ is the mean of their values at
 * all of the network's earlier updates (taken before each update, as TorchGAN does). The first
 * update has no history and adds nothing. θ̄ is kept per parameter as a state array {@code
 * <parameter>/history_mean} (so checkpoints keep it) and refreshed after every update as {@code θ̄
 * ← θ̄ + (θ − θ̄)/(t + 1)}, with t the network's update index.
 *
 * <p>Use it with any loss: {@link #on(GanLoss, double)} adds it to both networks' losses (the
 * paper's form; the command line's {@code --history-weight}, which every registered loss reads),
 * and as a {@link Penalty} in a {@link PenalizedLoss} it regularises D alone. Monitored: {@code
 * history_d} / {@code history_g}, the unweighted {@code Σ‖θ − θ̄‖²} of each network.
 *
 * @param weight λ &gt; 0
 */
public record HistoricalAveraging(double weight) implements Penalty {

  /**
   * {@code --history-weight λ}: read by every registered loss (see {@link LossRegistry#COMMON}); 0
   * (the default) turns historical averaging off.
   */
  public static final LossOption<Double> WEIGHT =
      LossOption.nonNegative(
          "historyWeight",
          "--history-weight",
          "λ",
          0.0,
          "off",
          "Historical averaging (Salimans et al. 2016): adds λ·Σ‖θ − mean of earlier θ‖² to both"
              + " networks' losses");

  /** Validates the weight. */
  public HistoricalAveraging {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "Historical averaging weight must be a positive finite number, found " + weight);
    }
  }

  /**
   * {@code base} with historical averaging of weight λ on both networks, or {@code base} itself
   * when λ is 0.
   *
   * @throws IllegalArgumentException for a negative or non-finite λ
   */
  public static GanLoss on(GanLoss base, double weight) {
    Objects.requireNonNull(base, "base");
    if (weight == 0) {
      return base;
    }
    return new Decorated(base, new HistoricalAveraging(weight));
  }

  @Override
  public String name() {
    return "history";
  }

  /** D's term, after D has been applied to both batches (so that its parameters exist). */
  @Override
  public SDVariable penalty(LossContext ctx) {
    ctx.realLogits();
    ctx.fakeLogits();
    return term(ctx);
  }

  /**
   * The weighted term over every parameter the context's graph trains (D's in the discriminator
   * phase, G's in the generator phase), which must already be in the graph.
   *
   * @throws IllegalStateException if the graph trains no parameter yet
   */
  public SDVariable term(LossContext ctx) {
    NetGraph g = ctx.graph();
    List<String> names = g.trainableNames();
    if (names.isEmpty()) {
      throw new IllegalStateException(
          "Historical averaging found no trained parameters in the "
              + ctx.phase()
              + " graph; apply the networks before adding it (e.g. after the base loss)");
    }
    SameDiff sd = ctx.sd();
    SDVariable active = ctx.scalarInput("history_active", k -> k == 0 ? 0 : 1);
    SDVariable rate = ctx.scalarInput("history_rate", k -> 1.0 / (k + 1));
    SDVariable total = null;
    for (String n : names) {
      String stateName = n + "/history_mean";
      SDVariable mean = g.state(stateName, g.store().array(n).shape(), Init.zeros());
      SDVariable diff = sd.getVariable(n).sub(mean);
      SDVariable squares = diff.mul(diff).sum();
      total = total == null ? squares : total.add(squares);
      g.addStateUpdate(stateName, mean.add(diff.mul(rate)), 1.0);
    }
    ctx.monitor(
        ctx.phase() == LossContext.Phase.DISCRIMINATOR ? "history_d" : "history_g",
        total.mul(active));
    return total.mul(active).mul(weight);
  }

  /**
   * A base loss with historical averaging added to both networks' losses.
   *
   * @param base the adversarial loss
   * @param history the term
   */
  record Decorated(GanLoss base, HistoricalAveraging history) implements DecoratedLoss {
    @Override
    public String name() {
      return base.name() + "+history";
    }

    @Override
    public SDVariable discriminatorLoss(LossContext ctx) {
      SDVariable adversarial = base.discriminatorLoss(ctx);
      return adversarial.add(history.penalty(ctx));
    }

    @Override
    public SDVariable generatorLoss(LossContext ctx) {
      SDVariable adversarial = base.generatorLoss(ctx);
      return adversarial.add(history.term(ctx));
    }
  }
}
