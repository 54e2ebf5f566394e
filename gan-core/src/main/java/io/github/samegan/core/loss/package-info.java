/**
 * The {@link io.github.samegan.core.loss.GanLoss} extension point and the typed {@link
 * io.github.samegan.core.loss.LossContext} a loss builds its terms from. Implementations live in
 * the gan-losses module.
 */
package io.github.samegan.core.loss;
