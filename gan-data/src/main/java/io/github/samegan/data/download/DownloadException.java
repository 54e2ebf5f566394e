package io.github.samegan.data.download;

import java.io.IOException;

/**
 * Thrown when a data set cannot be fetched: the server is unreachable (no network), answers with an
 * error, or the transfer keeps breaking off. The message is one line that says which file to
 * download from where and where to place it, so that the user can finish by hand; partial files are
 * kept, so running the download again resumes.
 */
public class DownloadException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message one line naming the problem and the manual fix
   * @param cause the underlying failure, or {@code null}
   */
  public DownloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
