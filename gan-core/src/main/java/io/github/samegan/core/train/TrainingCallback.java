package io.github.samegan.core.train;

/**
 * Hooks around the training loop. Every method has a no-op default; see {@link Callbacks} for
 * ready-made ones (progress bar, CSV loss log, sample grids, checkpoints).
 */
public interface TrainingCallback {

  /** Before the first step of {@link GanTrainer#fit}. */
  default void onStart(GanTrainer trainer, long targetStep) {}

  /** After every step. */
  default void onStep(GanTrainer trainer, StepStats stats) {}

  /** After the last step, or when training stops early (also on divergence). */
  default void onEnd(GanTrainer trainer) {}
}
