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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.Base64;
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

  /** The header carrying the operator token that the results need. */
  public static final String OPERATOR_HEADER = "X-Operator-Token";

  private static final Logger LOG = LoggerFactory.getLogger(SameGanServer.class);

  private final String host;
  private final int requestedPort;
  private final long maxUpload;
  private final ServeLimits limits;
  private final String operatorToken;
  private final ClientLimiter clients;
  private final GenerationSlots slots;
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
    this.limits = b.limits;
    this.operatorToken = b.operatorToken != null ? b.operatorToken : randomToken();
    this.loopbackOnly = isLoopback(host);
    this.clients = new ClientLimiter(limits, System::nanoTime);
    this.slots = new GenerationSlots(limits.maxConcurrentGenerations());
    this.pages = new StaticPages();
    Requests requests = new Requests(json, maxUpload);
    this.generation = new GenerationApi(b.model, b.scorer, b.study != null, limits, slots);
    this.detection = new DetectionApi(b.scorer, requests);
    this.studyApi =
        new StudyApi(b.study, b.model.modelName(), requests, limits, clients, slots, operatorToken);
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
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            });
    routes(app);
    try {
      requirePortFree();
      app.start(host, requestedPort);
    } catch (RuntimeException e) {
      app = null;
      throw new IllegalArgumentException(cannotListen(e), e);
    }
    return this;
  }

  /**
   * Binds the port once before Jetty does, so that a port in use is reported in one line of ours
   * rather than after Javalin's own error log line.
   */
  private void requirePortFree() {
    if (requestedPort == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true); // as Jetty binds: a socket in TIME_WAIT does not count
      probe.bind(new InetSocketAddress(host, requestedPort));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String cannotListen(RuntimeException e) {
    String where = host + ":" + requestedPort;
    BindException bind = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      bind = t instanceof BindException b ? b : bind;
    }
    if (bind != null) {
      String reason = String.valueOf(bind.getMessage());
      if (reason.toLowerCase(Locale.ROOT).contains("in use")) {
        return "Cannot listen on "
            + where
            + ": the port is already in use (another samegan serve?);"
            + " choose another --port, or --port 0 for any free one";
      }
      return "Cannot listen on " + where + ": " + reason + " (check --host and --port)";
    }
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return "Cannot listen on " + where + ": " + cause.getMessage();
  }

  /** The port listened on (useful when started with port 0). */
  public synchronized int port() {
    if (app == null) {
      throw new IllegalStateException("Server not started");
    }
    return app.port();
  }

  /**
   * The token the results need ({@code X-Operator-Token}): the one given to the builder, or one
   * drawn at random when the server was built.
   */
  public String operatorToken() {
    return operatorToken;
  }

  /** The limits this server applies. */
  public ServeLimits limits() {
    return limits;
  }

  /** The most requests that generated images at the same time so far (for tests). */
  int peakConcurrentGenerations() {
    return slots.peak();
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
          clients.request(ctx.ip());
        });
    pages.register(app);
    generation.register(app);
    detection.register(app);
    studyApi.register(app);

    app.exception(
        ApiException.class,
        (e, ctx) -> {
          if (e.retryAfterSeconds > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
          }
          error(ctx, e.status, e.getMessage());
        });
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

  private static String randomToken() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
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
    private ServeLimits limits = ServeLimits.defaults();
    private String operatorToken;

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

    /** The resource limits ({@link ServeLimits#defaults()} unless told otherwise). */
    public Builder limits(ServeLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * The token that the study results need ({@code X-Operator-Token}); without one, a random token
     * is drawn (see {@link SameGanServer#operatorToken()}).
     *
     * @param token at least 16 characters of letters, digits and {@code - _ . ~ + / =}
     */
    public Builder operatorToken(String token) {
      if (token == null || !token.matches("[A-Za-z0-9._~+/=-]{16,200}")) {
        throw new IllegalArgumentException(
            "The operator token must be 16 to 200 characters of letters, digits and - _ . ~ + / =,"
                + " found "
                + (token == null ? "none" : token.length() + " characters"));
      }
      this.operatorToken = token;
      return this;
    }

    /** Builds the (not yet started) server. */
    public SameGanServer build() {
      return new SameGanServer(this);
    }
  }
}
