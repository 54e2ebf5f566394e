package io.github.samegan.data.npy;

import io.github.samegan.data.DatasetFormatException;

/**
 * A {@code .npy} or {@code .npz} file is not one, is cut short, declares more data than it holds,
 * or uses something SameGAN does not read (Fortran order, a data type outside {@link NpyDtype}).
 * The message names the file (and entry), what was found and what is accepted. A {@link
 * DatasetFormatException}, so the command line reports it like any other unreadable data file.
 */
public class NpyFormatException extends DatasetFormatException {
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
