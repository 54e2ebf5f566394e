package io.github.samegan.examples.serve;

/**
 * A client error with its HTTP status; the server answers it as {@code {"error": ..., "status":
 * N}}.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;

  ApiException(int status, String message) {
    super(message);
    this.status = status;
  }
}
