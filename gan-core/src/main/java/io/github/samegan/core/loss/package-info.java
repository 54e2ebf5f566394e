/**
 * The {@link io.github.samegan.core.loss.GanLoss} extension point and the typed {@link
 * io.github.samegan.core.loss.LossContext} a loss builds its terms from: D's scores on real and
 * generated batches, D applied to any batch (optionally with its input gradient built from forward
 * ops, for gradient penalties), D's intermediate features, per-step random and scalar inputs, and
 * monitored scalars. Implementations live in the gan-losses module.
 *
 * <p>Beside the adversarial loss, a {@link io.github.samegan.core.loss.GeneratorTerm} adds any
 * differentiable function of the generated batch to the generator's objective only, weighted by a
 * {@link io.github.samegan.core.loss.WeightSchedule} (off for N steps, then a linear ramp);
 * gan-detect's {@code DetectorTerm} (a frozen detector as an extra critic) is one.
 */
package io.github.samegan.core.loss;
