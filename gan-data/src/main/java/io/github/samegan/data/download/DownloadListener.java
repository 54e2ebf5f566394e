package io.github.samegan.data.download;

/**
 * Receives progress from a {@link DatasetDownloader}. Every method has a no-op default; {@link
 * ConsoleProgress} draws a text progress bar. Called on the downloading thread.
 */
public interface DownloadListener {

  /** A listener that ignores everything. */
  DownloadListener NONE = new DownloadListener() {};

  /**
   * A transfer starts (or resumes).
   *
   * @param file the file
   * @param offset bytes already on disk from an earlier, interrupted transfer
   * @param total the full size in bytes, or -1 if unknown
   */
  default void started(RemoteFile file, long offset, long total) {}

  /**
   * More bytes arrived.
   *
   * @param file the file
   * @param done bytes on disk so far, including any resumed offset
   * @param total the full size in bytes, or -1 if unknown
   */
  default void progress(RemoteFile file, long done, long total) {}

  /**
   * A transfer ended (successfully or not; a message follows a failure).
   *
   * @param file the file
   */
  default void finished(RemoteFile file) {}

  /**
   * A one-line status message for the user, e.g. that a file is already present, a transfer is
   * being retried or a checksum was verified.
   *
   * @param line the message
   */
  default void message(String line) {}
}
