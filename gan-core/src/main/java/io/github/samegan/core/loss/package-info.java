/**
 * The {@link io.github.samegan.core.loss.GanLoss} extension point and the typed {@link
 * io.github.samegan.core.loss.LossContext} a loss builds its terms from: D's scores on real and
 * generated batches, D applied to any batch (optionally with its input gradient built from forward
 * ops, for gradient penalties), D's intermediate features, per-step random and scalar inputs, and
 * monitored scalars. Implementations live in the gan-losses module.
 */
package io.github.samegan.core.loss;
