/**
 * Adversarial losses behind {@link io.github.samegan.core.loss.GanLoss}: pure functions in {@link
 * io.github.samegan.losses.Functional} and thin loss objects holding hyper-parameters, e.g. {@link
 * io.github.samegan.losses.MinimaxLoss}.
 */
package io.github.samegan.losses;
