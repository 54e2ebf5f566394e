package io.github.samegan.examples.serve;

/**
 * A client error with its HTTP status; the server answers it as {@code {"error": ..., "status":
 * N}}, with a {@code Retry-After} header when the request may succeed later.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final long retryAfterSeconds;

  ApiException(int status, String message) {
    this(status, message, 0);
  }

  /**
   * @param status the HTTP status
   * @param message what is wrong
   * @param retryAfterSeconds seconds after which to try again (the {@code Retry-After} header), or
   *     0 for none
   */
  ApiException(int status, String message, long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
