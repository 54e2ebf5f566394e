package io.github.samegan.core.testing;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluates a {@link GanLoss} on fixed discriminator outputs (TorchGAN-style golden-value tests):
 * D's real and fake scores are trainable variables holding the given values, so both the loss and
 * its gradient with respect to D's outputs can be read back.
 */
public final class FixedLogits implements LossContext {
  private final SameDiff sd = SameDiff.create();
  private final NetGraph graph;
  private final Phase phase;
  private final SDVariable real;
  private final SDVariable fake;

  private FixedLogits(Phase phase, double[] real, double[] fake) {
    this.phase = phase;
    this.graph =
        NetGraph.create(
            sd, new ParameterStore(), new Rng(0), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> false);
    this.real = sd.var("real_logits", Nd4j.createFromArray(real).reshape(real.length, 1));
    this.fake = sd.var("fake_logits", Nd4j.createFromArray(fake).reshape(fake.length, 1));
  }

  /** Loss value and gradients w.r.t. the real and fake logits. */
  public record Result(double loss, double[] dReal, double[] dFake) {}

  /** Evaluates the loss of the given phase. */
  public static Result evaluate(GanLoss loss, Phase phase, double[] real, double[] fake) {
    FixedLogits ctx = new FixedLogits(phase, real, fake);
    SDVariable l =
        phase == Phase.DISCRIMINATOR ? loss.discriminatorLoss(ctx) : loss.generatorLoss(ctx);
    ctx.sd.setLossVariables(l.name());
    Map<String, INDArray> out = ctx.sd.output(Map.<String, INDArray>of(), l.name());
    double value = out.get(l.name()).getDouble(0);
    Map<String, INDArray> grads =
        LossGraph.quietly(
            () -> ctx.sd.calculateGradients(Map.of(), List.of("real_logits", "fake_logits")));
    return new Result(
        value,
        vec(grads.get("real_logits"), real.length),
        vec(grads.get("fake_logits"), fake.length));
  }

  /** The loss value only (no gradient function is built: cheap enough for finite differences). */
  public static double value(GanLoss loss, Phase phase, double[] real, double[] fake) {
    FixedLogits ctx = new FixedLogits(phase, real, fake);
    SDVariable l =
        phase == Phase.DISCRIMINATOR ? loss.discriminatorLoss(ctx) : loss.generatorLoss(ctx);
    return ctx.sd.output(Map.<String, INDArray>of(), l.name()).get(l.name()).getDouble(0);
  }

  /**
   * Gradients w.r.t. the real and fake logits by central finite differences of {@link #value} (step
   * 1e-6), for checking the analytic ones.
   */
  public static Result finiteDifferences(GanLoss loss, Phase phase, double[] real, double[] fake) {
    double h = 1e-6;
    double[] dReal = new double[real.length];
    double[] dFake = new double[fake.length];
    for (int which = 0; which < 2; which++) {
      double[] v = which == 0 ? real : fake;
      double[] out = which == 0 ? dReal : dFake;
      for (int i = 0; i < v.length; i++) {
        double orig = v[i];
        v[i] = orig + h;
        double up = value(loss, phase, real, fake);
        v[i] = orig - h;
        double down = value(loss, phase, real, fake);
        v[i] = orig;
        out[i] = (up - down) / (2 * h);
      }
    }
    return new Result(value(loss, phase, real, fake), dReal, dFake);
  }

  private static double[] vec(INDArray a, int n) {
    return a == null ? new double[n] : a.reshape(n).toDoubleVector();
  }

  @Override
  public Phase phase() {
    return phase;
  }

  @Override
  public SameDiff sd() {
    return sd;
  }

  @Override
  public NetGraph graph() {
    return graph;
  }

  @Override
  public SDVariable realImages() {
    throw new UnsupportedOperationException("FixedLogits has no images");
  }

  @Override
  public SDVariable fakeImages() {
    throw new UnsupportedOperationException("FixedLogits has no images");
  }

  @Override
  public SDVariable realLogits() {
    return real;
  }

  @Override
  public SDVariable fakeLogits() {
    return fake;
  }

  @Override
  public SDVariable discriminate(SDVariable images) {
    throw new UnsupportedOperationException("FixedLogits has no discriminator");
  }
}
