package io.github.samegan.core.io;

import io.github.samegan.core.SameGanException;

/**
 * A {@code .npy} or {@code .npz} file is not one, is cut short, declares more data than it holds,
 * or uses something SameGAN does not read (Fortran order, a data type outside {@link NpyDtype}).
 * The message names the file (and entry), what was found and what is accepted.
 */
public class NpyFormatException extends SameGanException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception naming the file problem. */
  public NpyFormatException(String message) {
    super(message);
  }

  /** Creates an exception naming the file problem, with its cause. */
  public NpyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
