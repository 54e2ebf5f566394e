package io.github.samegan.examples.serve;

import io.github.samegan.core.ImageShape;
import io.github.samegan.examples.runs.ImageCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The detection API: {@code POST /api/detect} with an image (raw body or multipart field {@code
 * image}), scored by the server's {@link ImageScorer} (none: 501).
 */
final class DetectionApi {
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
      UploadedFile file;
      try {
        file = ctx.uploadedFile("image");
        if (file == null && !ctx.uploadedFiles().isEmpty()) {
          file = ctx.uploadedFiles().get(0);
        }
      } catch (IllegalStateException e) {
        throw requests.tooLarge();
      }
      if (file == null) {
        throw new ApiException(
            400, "The multipart upload has no file (send it in a field named 'image')");
      }
      if (file.size() > requests.maxUpload()) {
        throw requests.tooLarge();
      }
      try (InputStream in = file.content()) {
        bytes = Requests.readBounded(in, requests.maxUpload());
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
}
