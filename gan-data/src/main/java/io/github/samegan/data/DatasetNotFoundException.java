package io.github.samegan.data;

/**
 * Thrown when a data set's folder or files are not where its loader looks, so nothing could be
 * read: the data set has not been downloaded, or the data directory is wrong.
 *
 * <p>A separate type from its parent {@link DatasetFormatException} (files that are present but
 * malformed) so that a caller can fall back to another data set when one is absent, but not when
 * one is broken. Messages name the folder that was searched and how to get the data, e.g. {@code
 * "Data set 'cifar10' not found: expected the folder /data/cifar-10-batches-bin ..."}.
 */
public class DatasetNotFoundException extends DatasetFormatException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that names where the data set was looked for and how to get
   * it.
   *
   * @param message the full, user-facing description of the problem
   */
  public DatasetNotFoundException(String message) {
    super(message);
  }
}
