package io.github.samegan.core;

/** A checkpoint file is missing, unreadable, or does not match the model it is restored into. */
public class CheckpointException extends SameGanException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception naming the checkpoint problem. */
  public CheckpointException(String message) {
    super(message);
  }

  /** Creates an exception naming the checkpoint problem, with its cause. */
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
