package io.github.samegan.examples.serve;

import io.github.samegan.core.ImageShape;
import io.github.samegan.examples.runs.ImageCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The detection API: {@code POST /api/detect} with an image (raw body or multipart field {@code
 * image}), scored by the server's {@link ImageScorer} (none: 501).
 */
final class DetectionApi {
  /** The multipart field holding the image. */
  static final String FIELD = "image";

  private final ImageScorer scorer;
  private final Requests requests;

  /**
   * @param scorer the detector, or null
   * @param requests reads the upload within the server's limit
   */
  DetectionApi(ImageScorer scorer, Requests requests) {
    this.scorer = scorer;
    this.requests = requests;
  }

  /** Adds the route. */
  void register(Javalin app) {
    app.post("/api/detect", this::detect);
  }

  private void detect(Context ctx) throws IOException {
    if (scorer == null) {
      throw new ApiException(501, "No detector loaded; start samegan serve with --detector");
    }
    long declared = ctx.contentLength();
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    byte[] bytes;
    if (type.startsWith("multipart/form-data")) {
      if (declared > requests.maxUpload() + 64 * 1024) {
        throw requests.tooLarge();
      }
      Collection<Part> parts;
      try {
        ctx.uploadedFiles(); // applies the server's multipart limits and parses the parts once
        parts = ctx.req().getParts();
      } catch (IllegalStateException e) {
        if (String.valueOf(e.getMessage()).contains("exceeds")) {
          // Jetty refuses a part or a request over the configured sizes this way.
          throw requests.tooLarge();
        }
        throw malformed(e);
      } catch (IOException | ServletException | RuntimeException e) {
        throw malformed(e);
      }
      Part image = parts.stream().filter(p -> FIELD.equals(p.getName())).findFirst().orElse(null);
      if (image == null) {
        List<String> fields =
            parts.stream()
                .map(p -> "'" + Requests.clip(String.valueOf(p.getName())) + "'")
                .distinct()
                .limit(5)
                .toList();
        throw new ApiException(
            400,
            "The multipart upload has no field named '"
                + FIELD
                + "'"
                + (fields.isEmpty() ? "" : " (its fields: " + String.join(", ", fields) + ")")
                + ": send the image as a file in the field '"
                + FIELD
                + "' (curl -F "
                + FIELD
                + "=@cat.png)");
      }
      if (image.getSize() > requests.maxUpload()) {
        throw requests.tooLarge();
      }
      try (InputStream in = image.getInputStream()) {
        bytes = Requests.readBounded(in, requests.maxUpload());
      }
      if (bytes == null) {
        throw requests.tooLarge();
      }
    } else {
      bytes = requests.body(ctx, requests.maxUpload());
    }
    if (bytes.length == 0) {
      throw new ApiException(
          400, "Empty upload: POST an image as the request body or a multipart field 'image'");
    }
    ImageCodec.Decoded d;
    try {
      d = ImageCodec.decode(bytes, scorer.inputShape());
    } catch (ImageCodec.BadImageException e) {
      throw new ApiException(415, e.getMessage());
    }
    double p = scorer.probabilityFake(d.chw());
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalStateException("Detector returned " + p + ", not a probability");
    }
    ImageShape s = scorer.inputShape();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("probabilityFake", p);
    out.put("probabilityReal", 1 - p);
    out.put("verdict", p >= scorer.threshold() ? "generated" : "real");
    out.put("threshold", scorer.threshold());
    out.put("detector", scorer.describe());
    out.put("width", d.width());
    out.put("height", d.height());
    out.put("scoredAs", List.of(s.channels(), s.height(), s.width()));
    ctx.json(out);
  }

  private static ApiException malformed(Exception e) {
    return new ApiException(
        400,
        "Malformed multipart upload ("
            + Requests.clip(String.valueOf(e.getMessage()))
            + "): send the image as a file in a multipart/form-data field named '"
            + FIELD
            + "' (curl -F "
            + FIELD
            + "=@cat.png), or as the raw request body");
  }
}
