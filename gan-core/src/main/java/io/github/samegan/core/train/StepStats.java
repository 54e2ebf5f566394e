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
 * @param metrics scalars the loss asked to monitor (e.g. a gradient penalty's mean gradient norm),
 *     by name, in registration order; discriminator figures are those of the last critic update
 */
public record StepStats(
    long step,
    double dLoss,
    double gLoss,
    double dReal,
    double dFake,
    double millis,
    java.util.Map<String, Double> metrics) {

  /** Copies the metrics (keeping their order). */
  public StepStats {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }

  /** Stats without monitored metrics. */
  public StepStats(
      long step, double dLoss, double gLoss, double dReal, double dFake, double millis) {
    this(step, dLoss, gLoss, dReal, dFake, millis, java.util.Map.of());
  }
}
