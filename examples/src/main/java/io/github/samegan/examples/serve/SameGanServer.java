package io.github.samegan.examples.serve;

import static io.github.samegan.examples.serve.Requests.error;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.samegan.examples.study.Study;
import io.github.samegan.examples.study.StudyException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.Locale;
import java.util.Objects;
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
 * carries no stack trace. Static files are a fixed list of the server's own resources; nothing else
 * on disk or on the class path can be reached.
 *
 * <p>This class configures Jetty, the headers every response carries and the error responses; the
 * routes live in their groups: {@code GenerationApi}, {@code DetectionApi}, {@code StudyApi} and
 * {@code StaticPages}.
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

  private final String host;
  private final int requestedPort;
  private final long maxUpload;
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final boolean loopbackOnly;
  private final StaticPages pages;
  private final GenerationApi generation;
  private final DetectionApi detection;
  private final StudyApi studyApi;
  private Javalin app;

  private SameGanServer(Builder b) {
    this.host = b.host;
    this.requestedPort = b.port;
    this.maxUpload = b.maxUpload;
    this.loopbackOnly = isLoopback(host);
    this.pages = new StaticPages();
    Requests requests = new Requests(json, maxUpload);
    this.generation = new GenerationApi(b.model, b.scorer, b.study != null);
    this.detection = new DetectionApi(b.scorer, requests);
    this.studyApi = new StudyApi(b.study, b.model.modelName(), requests);
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
    app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.startupWatcherEnabled = false;
              config.http.maxRequestSize = maxUpload;
              config.http.generateEtags = false;
              config.router.ignoreTrailingSlashes = true;
              config.jsonMapper(new JavalinJackson(json, false));
              config.jetty.multipartConfig.maxFileSize(maxUpload, SizeUnit.BYTES);
              config.jetty.multipartConfig.maxTotalRequestSize(
                  maxUpload + 64 * 1024, SizeUnit.BYTES);
              config.jetty.multipartConfig.maxInMemoryFileSize(
                  (int) Math.min(Integer.MAX_VALUE, maxUpload + 1), SizeUnit.BYTES);
              config.jetty.modifyHttpConfiguration(h -> h.setSendServerVersion(false));
            });
    routes(app);
    try {
      app.start(host, requestedPort);
    } catch (RuntimeException e) {
      app = null;
      throw new IllegalArgumentException(
          "Cannot listen on "
              + host
              + ":"
              + requestedPort
              + ": "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
          e);
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
    app.before(
        ctx -> {
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.header("Referrer-Policy", "no-referrer");
          ctx.header("X-Frame-Options", "DENY");
          ctx.header("Cache-Control", "no-store");
          if (loopbackOnly && !loopbackHostHeader(ctx.host())) {
            // A page on another site cannot reach a loopback server through DNS rebinding.
            throw new ApiException(
                403,
                "This server answers only requests addressed to localhost or a loopback address");
          }
        });
    pages.register(app);
    generation.register(app);
    detection.register(app);
    studyApi.register(app);

    app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
    app.exception(StudyException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> error(ctx, e.getStatus(), e.getStatus() == 404 ? "Not found" : e.getMessage()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, 500, "Internal server error (details are in the server log)");
        });
    app.error(
        404,
        ctx -> {
          if (ctx.resultInputStream() == null) {
            error(ctx, 404, "Not found");
          }
        });
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
