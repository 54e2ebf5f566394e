package io.github.samegan.examples.study;

/**
 * A request the study refuses, with the HTTP status that says why (404 unknown session, 403 wrong
 * participant or token, 409 replayed or out-of-order answer, 400 bad value).
 */
public final class StudyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /**
   * @param status the HTTP status
   * @param message what is wrong, for the participant's browser
   */
  public StudyException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }
}
