package io.github.samegan.examples.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.synthetic.ShapesDataset;
import io.github.samegan.examples.runs.TestRuns;
import io.github.samegan.examples.study.Study;
import io.github.samegan.examples.study.StudySettings;
import io.github.samegan.examples.study.StudyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Shared test set-up for the serve/study tests: one tiny MLP checkpoint trained in-process as
 * {@code samegan train} trains it ({@link TestRuns}, once per test JVM), a small real data set,
 * servers on loopback, and an HTTP client.
 */
public final class ServeFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Path run;
  private static ServedModel model;
  private static ImageDataset real;

  private ServeFixture() {}

  /** A run folder holding a 2-step MLP checkpoint on the shapes data set. */
  public static synchronized Path run() {
    if (run == null) {
      try {
        Path dir = Path.of("target", "serve-fixture").toAbsolutePath();
        if (Files.exists(dir)) {
          try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
          }
        }
        run =
            TestRuns.in(dir)
                .model("mlp")
                .steps(2)
                .batch(8)
                .sampleEvery(1000)
                .checkpointEvery(2)
                .progressEvery(1000)
                .train();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return run;
  }

  /** The fixture checkpoint, loaded once. */
  public static synchronized ServedModel model() {
    if (model == null) {
      try {
        model = ServedModel.load(run());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return model;
  }

  /** 400 shapes images (labelled with 16 classes). */
  public static synchronized ImageDataset real() {
    if (real == null) {
      real = ShapesDataset.generate(400, 7L);
    }
    return real;
  }

  /** A running server with a study on {@code db}; close both when done. */
  record Running(SameGanServer server, StudyStore store, Study study) implements AutoCloseable {
    String url(String path) {
      return server.url() + path;
    }

    @Override
    public void close() {
      server.close();
      store.close();
    }
  }

  /**
   * The limits of the tests that are not about limits: every request of these tests comes from
   * 127.0.0.1, so the per-client limits are off, and generation slots are plenty. {@code
   * ServeLimitsTest} and {@code ServeLoadTest} test the limits themselves.
   */
  static final ServeLimits RELAXED =
      ServeLimits.defaults()
          .withRequestsPerSecond(0)
          .withSessionsPerClient(0)
          .withMaxConcurrentGenerations(64);

  static Running start(Path db, StudySettings settings, ImageScorer scorer) {
    return start(db, settings, scorer, RELAXED);
  }

  static Running start(Path db, StudySettings settings, ImageScorer scorer, ServeLimits limits) {
    StudyStore store = StudyStore.open(db);
    Study study = new Study(store, real(), model(), model().modelName(), settings);
    SameGanServer server =
        SameGanServer.builder(model())
            .study(study)
            .scorer(scorer)
            .port(0)
            .limits(limits)
            .build()
            .start();
    return new Running(server, store, study);
  }

  /** A response: status, body, headers. */
  public record Response(int status, byte[] body, Map<String, java.util.List<String>> headers) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("Not JSON (status " + status + "): " + text(), e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  public static Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<byte[]> r =
          CLIENT.send(
              b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static Response get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  /** A GET with the server's operator token, as the operator's results page sends it. */
  static Response getAsOperator(Running server, String path) {
    return send(
        HttpRequest.newBuilder(URI.create(server.url(path)))
            .header(SameGanServer.OPERATOR_HEADER, server.server().operatorToken())
            .GET());
  }

  static Response get(String url, String key) {
    return send(
        HttpRequest.newBuilder(URI.create(url)).header(SameGanServer.KEY_HEADER, key).GET());
  }

  static Response postJson(String url, Object body, String key) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      if (key != null) {
        b.header(SameGanServer.KEY_HEADER, key);
      }
      return send(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends one HTTP/1.1 request from the loopback address {@code from} (e.g. {@code 127.0.0.2}), so
   * that the server sees another client: {@link java.net.http.HttpClient} cannot choose its local
   * address before Java 19. Linux routes all of 127.0.0.0/8 to the loopback interface.
   *
   * @param headers extra headers, e.g. the participant key
   * @param body the request body, or null for none
   */
  static Response sendFrom(
      String from,
      Running server,
      String method,
      String path,
      Map<String, String> headers,
      byte[] body) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.bind(new java.net.InetSocketAddress(from, 0));
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.server().port()), 5000);
      socket.setSoTimeout(30_000);
      StringBuilder req = new StringBuilder();
      req.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      req.append("Host: 127.0.0.1\r\nConnection: close\r\n");
      headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        req.append("Content-Length: ").append(body.length).append("\r\n");
      }
      req.append("\r\n");
      java.io.OutputStream out = socket.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #sendFrom} with a JSON body. */
  static Response postJsonFrom(String from, Running server, String path, Object body, String key) {
    try {
      Map<String, String> headers = new java.util.LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      if (key != null) {
        headers.put(SameGanServer.KEY_HEADER, key);
      }
      return sendFrom(from, server, "POST", path, headers, JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits a raw HTTP/1.1 response into status, headers and (de-chunked) body. */
  private static Response parse(byte[] raw) {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("Not an HTTP response: " + all);
    }
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, java.util.List<String>> headers = new java.util.LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new java.util.ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    Response r = new Response(status, body, headers);
    if ("chunked".equalsIgnoreCase(r.header("Transfer-Encoding"))) {
      java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
      int pos = 0;
      while (true) {
        int lineEnd = indexOf(body, pos);
        int size =
            Integer.parseInt(
                new String(body, pos, lineEnd - pos, StandardCharsets.ISO_8859_1)
                    .split(";")[0].trim(),
                16);
        if (size == 0) {
          break;
        }
        plain.write(body, lineEnd + 2, size);
        pos = lineEnd + 2 + size + 2;
      }
      r = new Response(status, plain.toByteArray(), headers);
    }
    return r;
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    throw new AssertionError("Malformed chunked body");
  }

  public static Response post(String url, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }
}
