package io.github.samegan.core.train;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.LossGraph;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks the gradients a {@link Gan}'s training graphs give the trainer against central finite
 * differences of the step's loss ({@link FiniteDifferences#check}), for tests in any module. Build
 * the GAN in double precision.
 */
public final class GanGradients {
  private GanGradients() {}

  /**
   * Checks up to {@code perParameter} random entries of every parameter the step trains.
   *
   * @param gan a GAN built with {@code DataType.DOUBLE}
   * @param phase which training graph
   * @param real a real batch {@code [B, C, H, W]} (fed when the step reads it)
   * @param realClasses the real batch's classes, or {@code null} for an unconditional GAN
   * @param fakeClasses the classes asked of the generator, or {@code null} for an unconditional GAN
   * @param seed seeds the latent batch and the entries checked
   * @return how many checked entries had a gradient larger than 1e-6 in magnitude
   */
  public static int check(
      Gan gan,
      Phase phase,
      INDArray real,
      int[] realClasses,
      int[] fakeClasses,
      long seed,
      int perParameter) {
    Gan.StepGraph sg = phase == Phase.DISCRIMINATOR ? gan.discriminatorStep() : gan.generatorStep();
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(
        Gan.Z, new Rng(seed).gaussian(gan.dataType(), real.size(0), gan.generator().latentDim()));
    if (sg.needsReal()) {
      ph.put(GraphLossContext.REAL, real.castTo(gan.dataType()));
    }
    if (gan.numClasses() > 0) {
      ph.put(Gan.G_LABELS, Gan.oneHot(fakeClasses, gan.numClasses(), gan.dataType()));
      if (sg.needsRealLabels()) {
        ph.put(
            GraphLossContext.REAL_LABELS,
            Gan.oneHot(realClasses, gan.numClasses(), gan.dataType()));
      }
    }
    // scalar inputs (e.g. a generator term's weight) at their first update's value
    sg.update()
        .scalarInputs()
        .forEach(
            (name, value) ->
                ph.put(
                    name,
                    org.nd4j.linalg.factory.Nd4j.scalar(gan.dataType(), value.applyAsDouble(0))));
    Map<String, INDArray> analytic = new HashMap<>();
    LossGraph.quietly(
            () ->
                sg.update()
                    .sd()
                    .calculateGradientsAndOutputs(
                        ph, sg.update().outputs(), sg.update().trainable()))
        .getGradients()
        .forEach((k, v) -> analytic.put(k, v.dup()));
    // exact zeros (a conv bias followed by batch norm) are judged by the absolute difference,
    // within
    // the ~2e-8 rounding of batch norm's backward pass in double (FusedBatchNormOp)
    return FiniteDifferences.check(
        gan.parameters(),
        sg.update().trainable(),
        analytic,
        () -> sg.update().sd().output(ph, sg.update().loss()).get(sg.update().loss()).getDouble(0),
        perParameter,
        seed + 1,
        1e-7);
  }
}
