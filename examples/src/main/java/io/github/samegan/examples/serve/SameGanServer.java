package io.github.samegan.examples.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.samegan.core.ImageShape;
import io.github.samegan.core.io.ImageGrid;
import io.github.samegan.examples.runs.ImageCodec;
import io.github.samegan.examples.study.Study;
import io.github.samegan.examples.study.StudyException;
import io.github.samegan.examples.study.StudyMode;
import io.github.samegan.examples.study.StudyReport;
import io.github.samegan.examples.study.StudySettings;
import io.github.samegan.examples.study.StudyStore;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import io.javalin.json.JavalinJackson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code samegan serve} HTTP server (Javalin on Jetty): generation and detection API, and the
 * human real-vs-fake study.
 *
 * <ul>
 *   <li>{@code GET /api/health}, {@code GET /api/model}
 *   <li>{@code GET /api/generate?n=16&seed=S[&class=K][&format=png|zip][&scale=2]}
 *   <li>{@code POST /api/detect} with an image (raw body or multipart field {@code image})
 *   <li>{@code GET /study} (the study page), {@code POST /study/api/session}, {@code GET
 *       /study/api/session/ID}, {@code POST /study/api/answer}, {@code GET /study/img/TOKEN}
 *   <li>{@code GET /study/results} (HTML), {@code /study/results.csv} (answers), {@code
 *       /study/results-summary.csv}, {@code /study/api/results} (JSON)
 * </ul>
 *
 * <p>Every error is a JSON object {@code {"error": "...", "status": N}} with a 4xx status for the
 * client's mistakes; unexpected failures are logged on the server and answered with a 500 that
 * carries no stack trace. Static files are a fixed list of the server's own resources; nothing
 * else on disk or on the class path can be reached.
 */
public final class SameGanServer implements AutoCloseable {
  /** Most images one {@code /api/generate} call returns. */
  public static final int MAX_GENERATE = 256;
  /** Default upload limit for {@code /api/detect}: 5 MB. */
  public static final long DEFAULT_MAX_UPLOAD = 5L * 1024 * 1024;
  /** Largest JSON request body accepted. */
  static final int MAX_JSON = 16 * 1024;
  /** The header carrying a session's participant key. */
  public static final String KEY_HEADER = "X-Study-Key";

  private static final Logger LOG = LoggerFactory.getLogger(SameGanServer.class);
  private static final String RESOURCES = "/samegan/study/";
  private static final Map<String, String> STATIC = Map.of(
      "study.css", "text/css; charset=utf-8",
      "study.js", "text/javascript; charset=utf-8",
      "results.js", "text/javascript; charset=utf-8",
      "favicon.svg", "image/svg+xml");
  private static final String CSP = "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self';"
      + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final ServedModel model;
  private final Study study;
  private final ImageScorer scorer;
  private final String host;
  private final int requestedPort;
  private final long maxUpload;
  private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Map<String, byte[]> resources = new LinkedHashMap<>();
  private final SecureRandom seeds = new SecureRandom();
  private final long startedAt = System.currentTimeMillis();
  private final boolean loopbackOnly;
  private Javalin app;

  private SameGanServer(Builder b) {
    this.model = b.model;
    this.study = b.study;
    this.scorer = b.scorer;
    this.host = b.host;
    this.requestedPort = b.port;
    this.maxUpload = b.maxUpload;
    this.loopbackOnly = isLoopback(host);
    for (String name : List.of("index.html", "results.html")) {
      resources.put(name, resource(name));
    }
    for (String name : STATIC.keySet()) {
      resources.put(name, resource(name));
    }
  }

  /**
   * Starts a builder.
   *
   * @param model the generator to serve
   */
  public static Builder builder(ServedModel model) {
    return new Builder(model);
  }

  /** Starts listening. */
  public synchronized SameGanServer start() {
    if (app != null) {
      throw new IllegalStateException("Server already started");
    }
    app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      config.http.maxRequestSize = maxUpload;
      config.http.generateEtags = false;
      config.router.ignoreTrailingSlashes = true;
      config.jsonMapper(new JavalinJackson(json, false));
      config.jetty.multipartConfig.maxFileSize(maxUpload, SizeUnit.BYTES);
      config.jetty.multipartConfig.maxTotalRequestSize(maxUpload + 64 * 1024, SizeUnit.BYTES);
      config.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, maxUpload + 1), SizeUnit.BYTES);
      config.jetty.modifyHttpConfiguration(h -> h.setSendServerVersion(false));
    });
    routes(app);
    try {
      app.start(host, requestedPort);
    } catch (RuntimeException e) {
      app = null;
      throw new IllegalArgumentException("Cannot listen on " + host + ":" + requestedPort + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    }
    return this;
  }

  /** The port listened on (useful when started with port 0). */
  public synchronized int port() {
    if (app == null) {
      throw new IllegalStateException("Server not started");
    }
    return app.port();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port();
  }

  /** Stops listening (the study database is left to its owner to close). */
  @Override
  public synchronized void close() {
    if (app != null) {
      app.stop();
      app = null;
    }
  }

  private void routes(Javalin app) {
    app.before(ctx -> {
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("Referrer-Policy", "no-referrer");
      ctx.header("X-Frame-Options", "DENY");
      ctx.header("Cache-Control", "no-store");
      if (loopbackOnly && !loopbackHostHeader(ctx.host())) {
        // A page on another site cannot reach a loopback server through DNS rebinding.
        throw new ApiException(403, "This server answers only requests addressed to localhost or a loopback address");
      }
    });
    app.get("/", ctx -> ctx.redirect("/study"));
    app.get("/api/health", this::health);
    app.get("/api/model", ctx -> ctx.json(modelInfo()));
    app.get("/api/generate", this::generate);
    app.post("/api/detect", this::detect);

    app.get("/study", ctx -> html(ctx, "index.html"));
    app.get("/study/static/{name}", this::staticFile);
    app.get("/favicon.ico", ctx -> {
      ctx.header("Cache-Control", "max-age=3600");
      ctx.contentType("image/svg+xml").result(resources.get("favicon.svg"));
    });
    app.get("/study/api/config", ctx -> {
      StudySettings d = study().defaults();
      ctx.json(Map.of("defaults", Map.of("mode", d.mode().id(), "trials", d.trials(), "exposureMs", d.exposureMs())));
    });
    app.post("/study/api/session", this::createSession);
    app.get("/study/api/session/{id}", ctx -> ctx.json(study().state(ctx.pathParam("id"), ctx.header(KEY_HEADER))));
    app.post("/study/api/answer", this::answer);
    app.get("/study/img/{token}", this::studyImage);
    app.get("/study/results", ctx -> html(ctx, "results.html"));
    app.get("/study/api/results", ctx -> ctx.json(resultsJson()));
    app.get("/study/results.csv", ctx -> csv(ctx, "study-answers.csv",
        StudyReport.answersCsv(study().store().answers())));
    app.get("/study/results-summary.csv", ctx -> csv(ctx, "study-summary.csv",
        StudyReport.of(study().store().answers()).toSummaryCsv()));

    app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
    app.exception(StudyException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getStatus() == 404
        ? "Not found" : e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      error(ctx, 500, "Internal server error (details are in the server log)");
    });
    app.error(404, ctx -> {
      if (ctx.resultInputStream() == null) {
        error(ctx, 404, "Not found");
      }
    });
  }

  // ---- API ---------------------------------------------------------------------------------

  private void health(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "ok");
    out.put("model", model.modelName());
    out.put("step", model.step());
    out.put("detector", scorer != null);
    out.put("study", study != null);
    out.put("uptimeSeconds", (System.currentTimeMillis() - startedAt) / 1000);
    ctx.json(out);
  }

  private Map<String, Object> modelInfo() {
    Map<String, Object> out = new LinkedHashMap<>();
    ImageShape s = model.shape();
    out.put("model", model.modelName());
    out.put("loss", model.metadata().getOrDefault("loss", model.gan().loss().name()));
    out.put("dataset", model.datasetName());
    out.put("checkpoint", model.file().getFileName() == null ? null : model.file().getFileName().toString());
    out.put("step", model.step());
    out.put("shape", Map.of("channels", s.channels(), "height", s.height(), "width", s.width()));
    out.put("latentDim", model.gan().generator().latentDim());
    out.put("generator", model.gan().generator().getClass().getSimpleName());
    out.put("discriminator", model.gan().discriminator().describe());
    out.put("generatorParameters", model.gan().generatorParameterCount());
    out.put("discriminatorParameters", model.gan().discriminatorParameterCount());
    out.put("conditional", model.conditional());
    out.put("classes", model.classNames());
    out.put("metrics", model.metrics());
    out.put("detector", scorer == null ? null : scorer.describe());
    out.put("maxGenerate", MAX_GENERATE);
    return out;
  }

  private void generate(Context ctx) throws IOException {
    int n = intParam(ctx, "n", 16, 1, MAX_GENERATE);
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
    String cls = ctx.queryParam("class");
    int classIndex = -1;
    if (cls != null) {
      if (!model.conditional()) {
        throw new ApiException(400, "class=" + clip(cls) + " given, but model '" + model.modelName()
            + "' is unconditional: it cannot generate a chosen class (leave out the class parameter)");
      }
      List<String> names = model.classNames();
      int k;
      try {
        k = Integer.parseInt(cls.trim());
      } catch (NumberFormatException e) {
        k = names.indexOf(cls.trim());
      }
      if (k < 0 || k >= names.size()) {
        throw new ApiException(400, "Unknown class '" + clip(cls) + "'; the model has classes 0.." + (names.size() - 1));
      }
      classIndex = k;
    }
    String format = ctx.queryParam("format") == null ? "png" : ctx.queryParam("format").toLowerCase(Locale.ROOT);
    if (!format.equals("png") && !format.equals("zip")) {
      throw new ApiException(400, "format must be 'png' or 'zip', found '" + clip(format) + "'");
    }
    INDArray images = classIndex >= 0 ? model.sampleClass(n, classIndex, seed) : model.sample(n, seed);
    ctx.header("X-SameGAN-Seed", Long.toString(seed));
    if (format.equals("png")) {
      ctx.contentType("image/png").result(ImageCodec.png(ImageGrid.render(images, 0, scale)));
      return;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < n; i++) {
        ZipEntry e = new ZipEntry(String.format(Locale.ROOT, "sample-%03d.png", i));
        e.setTime(0L);
        zip.putNextEntry(e);
        INDArray one = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).castTo(DataType.FLOAT);
        zip.write(ImageCodec.png(ImageGrid.render(one, 1, scale)));
        zip.closeEntry();
      }
    }
    ctx.header("Content-Disposition", "attachment; filename=\"samples-seed-" + seed + ".zip\"");
    ctx.contentType("application/zip").result(bytes.toByteArray());
  }

  private void detect(Context ctx) throws IOException {
    if (scorer == null) {
      throw new ApiException(501, "No detector loaded; start samegan serve with --detector");
    }
    long declared = ctx.contentLength();
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    byte[] bytes;
    if (type.startsWith("multipart/form-data")) {
      if (declared > maxUpload + 64 * 1024) {
        throw tooLarge();
      }
      UploadedFile file;
      try {
        file = ctx.uploadedFile("image");
        if (file == null && !ctx.uploadedFiles().isEmpty()) {
          file = ctx.uploadedFiles().get(0);
        }
      } catch (IllegalStateException e) {
        throw tooLarge();
      }
      if (file == null) {
        throw new ApiException(400, "The multipart upload has no file (send it in a field named 'image')");
      }
      if (file.size() > maxUpload) {
        throw tooLarge();
      }
      try (InputStream in = file.content()) {
        bytes = readBounded(in, maxUpload);
      }
    } else {
      bytes = body(ctx, maxUpload);
    }
    if (bytes.length == 0) {
      throw new ApiException(400, "Empty upload: POST an image as the request body or a multipart field 'image'");
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

  // ---- study -------------------------------------------------------------------------------

  /** The JSON body of {@code POST /study/api/session}. */
  record SessionRequest(String participant, String mode, Integer trials, Integer exposureMs) {}

  /** The JSON body of {@code POST /study/api/answer}. */
  record AnswerRequest(String session, Integer trial, String token, String answer, Long responseMs) {}

  private Study study() {
    if (study == null) {
      throw new ApiException(503, "No study is configured on this server");
    }
    return study;
  }

  private void createSession(Context ctx) throws IOException {
    Study st = study();
    SessionRequest req = jsonBody(ctx, SessionRequest.class);
    StudySettings d = st.defaults();
    StudySettings settings;
    try {
      settings = new StudySettings(req.mode() == null ? d.mode() : StudyMode.parse(req.mode()),
          req.trials() == null ? d.trials() : req.trials(), req.exposureMs() == null ? d.exposureMs() : req.exposureMs());
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
    Study.Created c = st.createSession(req.participant(), settings);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("session", c.session());
    out.put("key", c.key());
    out.put("state", st.state(c.session(), c.key()));
    ctx.status(201).json(out);
  }

  private void answer(Context ctx) throws IOException {
    AnswerRequest req = jsonBody(ctx, AnswerRequest.class);
    ctx.json(study().answer(req.session(), ctx.header(KEY_HEADER), req.trial(), req.token(), req.answer(),
        req.responseMs()));
  }

  private void studyImage(Context ctx) {
    byte[] png = study().image(ctx.pathParam("token"));
    if (png == null) {
      throw new ApiException(404, "No such image");
    }
    ctx.contentType("image/png").result(png);
  }

  private Map<String, Object> resultsJson() {
    Study st = study();
    List<StudyStore.AnswerRow> answers = st.store().answers();
    StudyReport report = StudyReport.of(answers);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("answers", report.answers());
    out.put("model", model.modelName());
    out.put("realDataset", st.realName());
    out.put("sections", report.sections());
    out.put("sessions", st.store().sessions().stream().map(s -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("participant", s.participant());
      m.put("session", s.id().substring(0, 6));
      m.put("mode", s.mode().id());
      m.put("answered", s.answered());
      m.put("trials", s.trials());
      m.put("exposureMs", s.exposureMs());
      m.put("createdAt", s.createdAt());
      m.put("finishedAt", s.finishedAt());
      return m;
    }).toList());
    return out;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private void staticFile(Context ctx) {
    String name = ctx.pathParam("name");
    String type = STATIC.get(name);
    if (type == null) {
      throw new ApiException(404, "Not found");
    }
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(type).result(resources.get(name));
  }

  private void html(Context ctx, String name) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.contentType("text/html; charset=utf-8").result(resources.get(name));
  }

  private static void csv(Context ctx, String filename, String body) {
    ctx.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    ctx.contentType("text/csv; charset=utf-8").result(body.getBytes(StandardCharsets.UTF_8));
  }

  private <T> T jsonBody(Context ctx, Class<T> type) throws IOException {
    byte[] body = body(ctx, MAX_JSON);
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

  private byte[] body(Context ctx, long limit) throws IOException {
    if (ctx.contentLength() > limit) {
      throw limit == maxUpload ? tooLarge() : new ApiException(413, "Request body over " + limit + " bytes");
    }
    byte[] b = readBounded(ctx.req().getInputStream(), limit);
    if (b == null) {
      throw limit == maxUpload ? tooLarge() : new ApiException(413, "Request body over " + limit + " bytes");
    }
    return b;
  }

  /** Reads at most {@code limit} bytes; null when there are more. */
  private static byte[] readBounded(InputStream in, long limit) throws IOException {
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

  private ApiException tooLarge() {
    return new ApiException(413, "Upload too large: at most " + maxUpload + " bytes (" + (maxUpload / (1024 * 1024))
        + " MB)");
  }

  private static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    int x;
    try {
      x = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(400, name + " must be an integer in [" + min + ", " + max + "], found '" + clip(v) + "'");
    }
    if (x < min || x > max) {
      throw new ApiException(400, name + " must be in [" + min + ", " + max + "], found " + x);
    }
    return x;
  }

  private static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Whether a Host header names localhost or a loopback literal (with or without a port). */
  static boolean loopbackHostHeader(String hostHeader) {
    if (hostHeader == null) {
      return false;
    }
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 && h.substring(1, end).equals("::1");
    }
    int colon = h.indexOf(':');
    String name = colon >= 0 ? h.substring(0, colon) : h;
    return name.equals("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static void error(Context ctx, int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("status", status);
    ctx.header("Cache-Control", "no-store");
    ctx.status(status).json(body);
  }

  private static byte[] resource(String name) {
    try (InputStream in = SameGanServer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + RESOURCES + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client error with its HTTP status. */
  static final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** Builds a {@link SameGanServer}. */
  public static final class Builder {
    private final ServedModel model;
    private Study study;
    private ImageScorer scorer;
    private String host = "127.0.0.1";
    private int port = 8080;
    private long maxUpload = DEFAULT_MAX_UPLOAD;

    private Builder(ServedModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** The study to run (none: the study pages answer 503). */
    public Builder study(Study study) {
      this.study = study;
      return this;
    }

    /** The detector for {@code /api/detect} (none: it answers 501). */
    public Builder scorer(ImageScorer scorer) {
      this.scorer = scorer;
      return this;
    }

    /** The address to bind: 127.0.0.1 unless told otherwise. */
    public Builder host(String host) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("host must be non-empty, found '" + host + "'");
      }
      this.host = host;
      return this;
    }

    /** The port, 0 for any free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in [0, 65535], found " + port);
      }
      this.port = port;
      return this;
    }

    /** The largest upload {@code /api/detect} accepts, in bytes. */
    public Builder maxUploadBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxUploadBytes must be at least 1024, found " + bytes);
      }
      this.maxUpload = bytes;
      return this;
    }

    /** Builds the (not yet started) server. */
    public SameGanServer build() {
      return new SameGanServer(this);
    }
  }
}
