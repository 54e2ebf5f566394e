package io.github.samegan.examples.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error responses as the API's JSON ({@code {"error": "...", "status": N}}) rather than
 * HTML: requests Jetty refuses before they reach a route (a malformed request line or URI, headers
 * that are too large, a bad {@code Content-Length}) and errors raised outside the routes.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put(HttpHeader.CACHE_CONTROL, "no-store");
    fields.put("X-Content-Type-Options", "nosniff");
    return ByteBuffer.wrap(body(status, reason));
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.getOutputStream().write(body(code, message));
  }

  /** The JSON error for a status and Jetty's reason (which never holds a stack trace). */
  static byte[] body(int status, String reason) {
    String phrase = HttpStatus.getMessage(status);
    String text =
        reason == null || reason.isBlank() || reason.equalsIgnoreCase(phrase)
            ? phrase
            : phrase + ": " + reason;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", text);
    out.put("status", status);
    try {
      return JSON.writeValueAsBytes(out);
    } catch (JsonProcessingException e) {
      return ("{\"error\":\"" + phrase + "\",\"status\":" + status + "}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }
}
