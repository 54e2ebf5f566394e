package io.github.samegan.core;

/**
 * Root of SameGAN's small exception family for problems with data, files or training dynamics (as
 * opposed to programming mistakes, which raise {@link IllegalArgumentException} or {@link
 * IllegalStateException}).
 */
public class SameGanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names the problem and the fix. */
  public SameGanException(String message) {
    super(message);
  }

  /** Creates an exception with a message and its cause. */
  public SameGanException(String message, Throwable cause) {
    super(message, cause);
  }
}
