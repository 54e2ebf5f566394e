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

  static Running start(Path db, StudySettings settings, ImageScorer scorer) {
    StudyStore store = StudyStore.open(db);
    Study study = new Study(store, real(), model(), model().modelName(), settings);
    SameGanServer server =
        SameGanServer.builder(model()).study(study).scorer(scorer).port(0).build().start();
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

  static Response send(HttpRequest.Builder b) {
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

  public static Response post(String url, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }
}
