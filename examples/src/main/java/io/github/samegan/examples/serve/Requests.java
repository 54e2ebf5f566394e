package io.github.samegan.examples.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reading requests and writing the plain responses every route group shares: bounded bodies, JSON
 * bodies, integer query parameters, CSV downloads and JSON errors.
 */
final class Requests {
  private final ObjectMapper json;
  private final long maxUpload;

  /**
   * @param json the mapper for request bodies
   * @param maxUpload the largest upload in bytes (a body over it is "too large")
   */
  Requests(ObjectMapper json, long maxUpload) {
    this.json = json;
    this.maxUpload = maxUpload;
  }

  /** The largest upload in bytes. */
  long maxUpload() {
    return maxUpload;
  }

  /** The request body as a {@code type} (at most {@link SameGanServer#MAX_JSON} bytes of JSON). */
  <T> T jsonBody(Context ctx, Class<T> type) throws IOException {
    byte[] body = body(ctx, SameGanServer.MAX_JSON);
    if (body.length == 0) {
      throw new ApiException(400, "Expected a JSON request body");
    }
    try {
      T value = json.readValue(body, type);
      if (value == null) {
        throw new ApiException(400, "Expected a JSON object");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "Malformed JSON request body");
    }
  }

  /** The request body, refused with a 413 when it is over {@code limit} bytes. */
  byte[] body(Context ctx, long limit) throws IOException {
    if (ctx.contentLength() > limit) {
      throw limit == maxUpload
          ? tooLarge()
          : new ApiException(413, "Request body over " + limit + " bytes");
    }
    byte[] b = readBounded(ctx.req().getInputStream(), limit);
    if (b == null) {
      throw limit == maxUpload
          ? tooLarge()
          : new ApiException(413, "Request body over " + limit + " bytes");
    }
    return b;
  }

  /** Reads at most {@code limit} bytes; null when there are more. */
  static byte[] readBounded(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    int r;
    while ((r = in.read(buf)) > 0) {
      total += r;
      if (total > limit) {
        return null;
      }
      out.write(buf, 0, r);
    }
    return out.toByteArray();
  }

  /** The 413 for an upload over the limit. */
  ApiException tooLarge() {
    return new ApiException(
        413,
        "Upload too large: at most "
            + maxUpload
            + " bytes ("
            + (maxUpload / (1024 * 1024))
            + " MB)");
  }

  /** An integer query parameter in [{@code min}, {@code max}], {@code dflt} when absent. */
  static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    int x;
    try {
      x = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(
          400, name + " must be an integer in [" + min + ", " + max + "], found '" + clip(v) + "'");
    }
    if (x < min || x > max) {
      throw new ApiException(400, name + " must be in [" + min + ", " + max + "], found " + x);
    }
    return x;
  }

  /** A client's value cut to 40 characters for an error message. */
  static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** Answers with a CSV download. */
  static void csv(Context ctx, String filename, String body) {
    ctx.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    ctx.contentType("text/csv; charset=utf-8").result(body.getBytes(StandardCharsets.UTF_8));
  }

  /** Answers with the JSON error {@code {"error": message, "status": status}}. */
  static void error(Context ctx, int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("status", status);
    ctx.header("Cache-Control", "no-store");
    ctx.status(status).json(body);
  }
}
