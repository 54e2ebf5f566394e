package io.github.samegan.data;

/**
 * Thrown when a data set file or folder is missing, truncated, padded or otherwise not in the
 * format its loader expects.
 *
 * <p>Messages name the file, what was expected (size, magic number, record count), what was found
 * and how to fix it, e.g. {@code "CIFAR-100 file /data/cifar-100-binary/train.bin has 153699000
 * bytes, which is not a whole number of 3074-byte records ... re-download and extract ..."}.
 */
public class DatasetFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that names the file, the expected and actual values and the
   * fix.
   *
   * @param message the full, user-facing description of the problem
   */
  public DatasetFormatException(String message) {
    super(message);
  }

  /**
   * Creates an exception caused by a lower-level failure (an I/O or decoding error).
   *
   * @param message the full, user-facing description of the problem
   * @param cause the underlying failure
   */
  public DatasetFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
