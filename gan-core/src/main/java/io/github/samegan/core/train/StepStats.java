package io.github.samegan.core.train;

/**
 * What one training step measured. With n-critic &gt; 1 the discriminator figures are those of the
 * last critic update.
 *
 * @param step the step number just completed (1-based)
 * @param dLoss discriminator loss
 * @param gLoss generator loss
 * @param dReal mean reported D score on the real batch (a probability for minimax losses)
 * @param dFake mean reported D score on the generated batch
 * @param millis wall time of the whole step in milliseconds
 */
public record StepStats(long step, double dLoss, double gLoss, double dReal, double dFake, double millis) {}
