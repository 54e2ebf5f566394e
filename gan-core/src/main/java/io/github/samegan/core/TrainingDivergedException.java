package io.github.samegan.core;

/** Thrown when a loss becomes NaN or infinite, so that training stops before weights are ruined. */
public class TrainingDivergedException extends SameGanException {
  private static final long serialVersionUID = 1L;

  private final long step;

  /**
   * @param step the training step at which the non-finite value appeared
   * @param message what became non-finite and what to try
   */
  public TrainingDivergedException(long step, String message) {
    super(message);
    this.step = step;
  }

  /** The training step at which the loss became non-finite. */
  public long step() {
    return step;
  }
}
