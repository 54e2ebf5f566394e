package io.github.samegan.examples.serve;

import static io.github.samegan.examples.serve.Requests.clip;
import static io.github.samegan.examples.serve.Requests.intParam;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.io.ImageGrid;
import io.github.samegan.examples.runs.Conditioning;
import io.github.samegan.examples.runs.ImageCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The generation API: {@code GET /api/health}, {@code GET /api/model} and {@code GET
 * /api/generate?n=16&seed=S[&class=K | &code=K][&continuous=V1,V2][&format=png|zip][&scale=2]}
 * ({@code class} for a class-conditional model, {@code code} and {@code continuous} for an
 * InfoGAN's categorical and continuous latent codes).
 */
final class GenerationApi {
  private final ServedModel model;
  private final ImageScorer scorer;
  private final boolean study;
  private final ServeLimits limits;
  private final GenerationSlots slots;
  private final SecureRandom seeds = new SecureRandom();
  private final long startedAt = System.currentTimeMillis();

  /**
   * @param model the generator
   * @param scorer the detector, or null (described in the responses)
   * @param study whether the server runs a study (reported by {@code /api/health})
   * @param limits the images and pixels one request may ask for
   * @param slots the generation slots every {@code /api/generate} call must hold
   */
  GenerationApi(
      ServedModel model,
      ImageScorer scorer,
      boolean study,
      ServeLimits limits,
      GenerationSlots slots) {
    this.model = model;
    this.scorer = scorer;
    this.study = study;
    this.limits = limits;
    this.slots = slots;
  }

  /** Adds the routes. */
  void register(Javalin app) {
    app.get("/api/health", this::health);
    app.get("/api/model", ctx -> ctx.json(modelInfo()));
    app.get("/api/generate", this::generate);
  }

  private void health(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "ok");
    out.put("model", model.modelName());
    out.put("step", model.step());
    out.put("detector", scorer != null);
    out.put("study", study);
    out.put("uptimeSeconds", (System.currentTimeMillis() - startedAt) / 1000);
    ctx.json(out);
  }

  private Map<String, Object> modelInfo() {
    Map<String, Object> out = new LinkedHashMap<>();
    ImageShape s = model.shape();
    out.put("model", model.modelName());
    out.put("loss", model.metadata().getOrDefault("loss", model.gan().loss().name()));
    out.put("dataset", model.datasetName());
    out.put(
        "checkpoint",
        model.file().getFileName() == null ? null : model.file().getFileName().toString());
    out.put("step", model.step());
    out.put("shape", Map.of("channels", s.channels(), "height", s.height(), "width", s.width()));
    out.put("latentDim", model.gan().generator().latentDim());
    out.put("generator", model.gan().generator().getClass().getSimpleName());
    out.put("discriminator", model.gan().discriminator().describe());
    out.put("generatorParameters", model.gan().generatorParameterCount());
    out.put("discriminatorParameters", model.gan().discriminatorParameterCount());
    out.put("conditional", model.conditional());
    out.put("classes", model.classNames());
    out.put("codes", model.codeNames());
    out.put("continuousCodes", model.conditioning().continuous());
    out.put("metrics", model.metrics());
    out.put("detector", scorer == null ? null : scorer.describe());
    out.put("maxGenerate", limits.maxImagesPerRequest());
    return out;
  }

  private void generate(Context ctx) throws IOException {
    int n = intParam(ctx, "n", 16, 1, SameGanServer.MAX_GENERATE);
    if (n > limits.maxImagesPerRequest()) {
      throw new ApiException(
          413,
          "n="
              + n
              + " asks for more images than the "
              + limits.maxImagesPerRequest()
              + " one request may have (the server's --max-images); ask for at most "
              + limits.maxImagesPerRequest());
    }
    int scale = intParam(ctx, "scale", 2, 1, 8);
    String seedText = ctx.queryParam("seed");
    long seed;
    if (seedText == null || seedText.isBlank()) {
      seed = seeds.nextLong() & Long.MAX_VALUE;
    } else {
      try {
        seed = Long.parseLong(seedText.trim());
      } catch (NumberFormatException e) {
        throw new ApiException(400, "seed must be an integer, found '" + clip(seedText) + "'");
      }
    }
    int classIndex = label(ctx);
    double[] continuous = null;
    String continuousText = ctx.queryParam("continuous");
    if (continuousText != null) {
      try {
        continuous = model.conditioning().parseContinuous("continuous", continuousText);
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, clip(e.getMessage()));
      }
    }
    String format =
        ctx.queryParam("format") == null
            ? "png"
            : ctx.queryParam("format").toLowerCase(Locale.ROOT);
    if (!format.equals("png") && !format.equals("zip")) {
      throw new ApiException(400, "format must be 'png' or 'zip', found '" + clip(format) + "'");
    }
    long pixels = format.equals("png") ? gridPixels(n, scale) : n * tilePixels(scale);
    if (pixels > limits.maxPixelsPerRequest()) {
      throw new ApiException(
          413,
          String.format(
              Locale.ROOT,
              "%d images at scale %d make %,d pixels, more than the %,d one response may have"
                  + " (the server's --max-pixels); ask for fewer images (n) or a smaller scale",
              n,
              scale,
              pixels,
              limits.maxPixelsPerRequest()));
    }
    try (GenerationSlots.Slot slot = slots.now()) {
      ctx.header("X-SameGAN-Seed", Long.toString(seed));
      if (format.equals("png")) {
        ctx.contentType("image/png")
            .result(
                ImageCodec.png(
                    ImageGrid.render(model.sample(n, classIndex, continuous, seed), 0, scale)));
      } else {
        zip(ctx, model.sample(n, classIndex, continuous, seed), n, scale, seed);
      }
    }
  }

  /**
   * The {@code class} parameter of a class-conditional model or the {@code code} parameter of an
   * InfoGAN (the value of its categorical latent code), as an index; −1 when absent.
   */
  private int label(Context ctx) {
    Conditioning cond = model.conditioning();
    String cls = ctx.queryParam("class");
    String code = ctx.queryParam("code");
    String name = model.modelName();
    try {
      cond.checkChoice(
          name,
          "class=",
          cls == null ? null : clip(cls),
          "code=",
          code == null ? null : clip(code));
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
    String text = cls != null ? cls : code;
    if (text == null) {
      return -1;
    }
    String word = cond.kind().word();
    List<String> names = cond.codes() ? model.codeNames() : model.classNames();
    int k;
    try {
      k = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      k = names.indexOf(text.trim());
    }
    if (k < 0 || k >= names.size()) {
      throw new ApiException(
          400,
          "Unknown "
              + word
              + " '"
              + clip(text)
              + "'; the model has "
              + cond.kind().plural()
              + " 0.."
              + (names.size() - 1));
    }
    return k;
  }

  /** Pixels of the PNG grid of {@code n} images: as {@link ImageGrid#render} lays it out. */
  private long gridPixels(int n, int scale) {
    int cols = (int) Math.ceil(Math.sqrt(n));
    int rows = (n + cols - 1) / cols;
    ImageShape s = model.shape();
    return ((long) cols * (s.width() * scale + 2) + 2)
        * ((long) rows * (s.height() * scale + 2) + 2);
  }

  /** Pixels of one image of a zip: a grid of one. */
  private long tilePixels(int scale) {
    ImageShape s = model.shape();
    return (long) (s.width() * scale + 4) * (s.height() * scale + 4);
  }

  private static void zip(Context ctx, INDArray images, int n, int scale, long seed)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < n; i++) {
        ZipEntry e = new ZipEntry(String.format(Locale.ROOT, "sample-%03d.png", i));
        e.setTime(0L);
        zip.putNextEntry(e);
        INDArray one =
            images
                .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1))
                .castTo(DataType.FLOAT);
        zip.write(ImageCodec.png(ImageGrid.render(one, 1, scale)));
        zip.closeEntry();
      }
    }
    ctx.header("Content-Disposition", "attachment; filename=\"samples-seed-" + seed + ".zip\"");
    ctx.contentType("application/zip").result(bytes.toByteArray());
  }
}
