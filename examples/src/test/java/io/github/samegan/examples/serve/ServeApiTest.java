package io.github.samegan.examples.serve;

import static io.github.samegan.examples.serve.ServeFixture.get;
import static io.github.samegan.examples.serve.ServeFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.samegan.core.ImageShape;
import io.github.samegan.examples.study.StudySettings;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The HTTP API: generation, detection, model info, and refusal of everything malformed. */
public class ServeApiTest {
  @TempDir static Path dir;
  static ServeFixture.Running server;
  static final List<INDArray> scored = new ArrayList<>();

  /** A stand-in detector: P(fake) = mean brightness mapped to [0, 1]. */
  static final ImageScorer BRIGHTNESS =
      new ImageScorer() {
        @Override
        public ImageShape inputShape() {
          return ImageShape.rgb(32);
        }

        @Override
        public double probabilityFake(INDArray imageCHW) {
          synchronized (scored) {
            scored.add(imageCHW.dup());
          }
          return (imageCHW.meanNumber().doubleValue() + 1) / 2;
        }

        @Override
        public String describe() {
          return "brightness test scorer";
        }
      };

  @BeforeAll
  static void start() {
    server = ServeFixture.start(dir.resolve("api.sqlite"), StudySettings.defaults(), BRIGHTNESS);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void bindsLoopbackByDefaultAndReportsHealthAndModel() {
    assertThat(server.server().url()).startsWith("http://127.0.0.1:");
    ServeFixture.Response health = get(server.url("/api/health"));
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("ok");
    assertThat(health.json().get("detector").asBoolean()).isTrue();
    JsonNode model = get(server.url("/api/model")).json();
    assertThat(model.get("model").asText()).isEqualTo("mlp");
    assertThat(model.get("step").asLong()).isEqualTo(2);
    assertThat(model.get("shape").get("channels").asInt()).isEqualTo(3);
    assertThat(model.get("shape").get("height").asInt()).isEqualTo(32);
    assertThat(model.get("conditional").asBoolean()).isFalse();
    assertThat(model.get("generatorParameters").asLong()).isPositive();
    assertThat(model.get("metrics").has("d_loss")).isTrue();
    assertThat(model.get("checkpoint").asText()).isEqualTo("last.ckpt");
    assertThat(model.get("detector").asText()).isEqualTo("brightness test scorer");
  }

  @Test
  void generationIsDeterministicForASeed() throws IOException {
    ServeFixture.Response a = get(server.url("/api/generate?n=4&seed=7"));
    ServeFixture.Response b = get(server.url("/api/generate?n=4&seed=7"));
    ServeFixture.Response c = get(server.url("/api/generate?n=4&seed=8"));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.header("Content-Type")).startsWith("image/png");
    assertThat(a.header("X-SameGAN-Seed")).isEqualTo("7");
    assertThat(a.body()).isEqualTo(b.body());
    assertThat(a.body()).isNotEqualTo(c.body());
    BufferedImage grid = ImageIO.read(new ByteArrayInputStream(a.body()));
    assertThat(grid.getWidth()).isEqualTo(2 + 2 * (32 * 2 + 2)); // 2x2 grid, scale 2, 2-pixel gaps

    ServeFixture.Response noSeed = get(server.url("/api/generate?n=1"));
    assertThat(noSeed.status()).isEqualTo(200);
    assertThat(Long.parseLong(noSeed.header("X-SameGAN-Seed"))).isNotNegative();

    ServeFixture.Response zip = get(server.url("/api/generate?n=3&seed=7&format=zip&scale=1"));
    assertThat(zip.status()).isEqualTo(200);
    assertThat(zip.header("Content-Type")).startsWith("application/zip");
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
        assertThat(img.getWidth()).isEqualTo(32 + 4);
      }
    }
    assertThat(names).containsExactly("sample-000.png", "sample-001.png", "sample-002.png");
  }

  @Test
  void badGenerationParametersGetA400WithAJsonError() {
    String[] bad = {
      "n=0",
      "n=-3",
      "n=257",
      "n=100000000000",
      "n=abc",
      "n=4&seed=xyz",
      "n=4&scale=0",
      "n=4&scale=9",
      "n=4&format=gif",
      "n=4&class=3",
      "n=4&class=cat"
    };
    for (String q : bad) {
      ServeFixture.Response r = get(server.url("/api/generate?" + q));
      assertThat(r.status()).as(q).isEqualTo(400);
      assertThat(r.header("Content-Type")).as(q).startsWith("application/json");
      JsonNode err = r.json();
      assertThat(err.get("status").asInt()).isEqualTo(400);
      assertThat(err.get("error").asText()).as(q).isNotBlank().doesNotContain("Exception");
    }
    assertThat(get(server.url("/api/generate?n=257")).json().get("error").asText())
        .contains("[1, 256]");
    assertThat(get(server.url("/api/generate?class=3")).json().get("error").asText())
        .contains("unconditional");
  }

  @Test
  void detectScoresRawAndMultipartUploads() throws IOException {
    byte[] white = png(solid(64, 48, 0xffffff));
    ServeFixture.Response raw = post(server.url("/api/detect"), "image/png", white);
    assertThat(raw.status()).as(raw.text()).isEqualTo(200);
    JsonNode j = raw.json();
    assertThat(j.get("probabilityFake").asDouble())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(j.get("probabilityReal").asDouble())
        .isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(j.get("verdict").asText()).isEqualTo("generated");
    assertThat(j.get("width").asInt()).isEqualTo(64);
    assertThat(j.get("height").asInt()).isEqualTo(48);
    synchronized (scored) {
      assertThat(scored.get(scored.size() - 1).shape()).containsExactly(3, 32, 32);
    }

    byte[] black = png(solid(20, 20, 0x000000));
    ServeFixture.Response multi = multipart("image", "black.png", "image/png", black);
    assertThat(multi.status()).as(multi.text()).isEqualTo(200);
    assertThat(multi.json().get("probabilityFake").asDouble())
        .isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(multi.json().get("verdict").asText()).isEqualTo("real");
  }

  @Test
  void badUploadsGet4xxJsonErrorsQuickly() throws IOException {
    assertError(
        post(
            server.url("/api/detect"),
            "image/png",
            "this is not an image".getBytes(StandardCharsets.UTF_8)),
        415,
        "not");
    assertError(
        post(server.url("/api/detect"), "application/octet-stream", new byte[0]), 400, "Empty");
    byte[] truncated = png(solid(40, 40, 0x123456));
    assertError(
        post(
            server.url("/api/detect"),
            "image/png",
            java.util.Arrays.copyOf(truncated, truncated.length / 2)),
        415,
        "decoded");
    assertError(
        post(
            server.url("/api/detect"),
            "image/png",
            png(new BufferedImage(5000, 8, BufferedImage.TYPE_BYTE_GRAY))),
        415,
        "4096");
    byte[] big = new byte[(int) SameGanServer.DEFAULT_MAX_UPLOAD + 1];
    long t0 = System.nanoTime();
    assertError(post(server.url("/api/detect"), "image/png", big), 413, "5 MB");
    assertError(multipart("image", "big.png", "image/png", big), 413, "too large");
    assertError(
        multipart("other", "x.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)),
        400,
        "no field named 'image' (its fields: 'other')");
    assertThat((System.nanoTime() - t0) / 1e9)
        .as("seconds for the oversized uploads")
        .isLessThan(10);
  }

  @Test
  void malformedMultipartAndWrongFieldNamesGet400NamingTheField() throws IOException {
    byte[] image = png(solid(16, 16, 0x808080));
    ServeFixture.Response wrongField = multipart("file", "cat.png", "image/png", image);
    assertError(wrongField, 400, "no field named 'image' (its fields: 'file')");
    assertThat(wrongField.json().get("error").asText()).contains("curl -F image=@");
    String[] malformed = {
      "--xyz\r\ngarbage without an end",
      "--xyz\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nabc",
      "no boundary line at all"
    };
    for (String body : malformed) {
      ServeFixture.Response r =
          post(
              server.url("/api/detect"),
              "multipart/form-data; boundary=xyz",
              body.getBytes(StandardCharsets.ISO_8859_1));
      assertError(r, 400, "Malformed multipart upload");
      assertThat(r.text())
          .as(body)
          .contains("'image'")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
    ServeFixture.Response noBoundary =
        post(
            server.url("/api/detect"), "multipart/form-data", "x".getBytes(StandardCharsets.UTF_8));
    assertThat(noBoundary.status()).as(noBoundary.text()).isEqualTo(400);
    assertThat(noBoundary.json().get("error").asText()).contains("'image'");
  }

  @Test
  void requestsJettyRefusesBeforeAnyRouteGetTheApisJsonErrors() throws IOException {
    String[] requests = {
      "GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
      "GET /a%00b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
      "GARBAGE\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\nConnection: close\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
          + "a".repeat(20_000)
          + "\r\nConnection: close\r\n\r\n"
    };
    for (String request : requests) {
      String response = rawRequest(request);
      String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      int status = Integer.parseInt(response.substring(9, 12));
      String what = request.substring(0, Math.min(30, request.length()));
      assertThat(status).as(what).isBetween(400, 499);
      assertThat(head).as(what).containsIgnoringCase("Content-Type: application/json");
      JsonNode err = ServeFixture.JSON.readTree(body);
      assertThat(err.get("status").asInt()).as(what).isEqualTo(status);
      assertThat(err.get("error").asText()).as(what).isNotBlank();
      assertThat(body).doesNotContain("<h1>").doesNotContain("<html");
    }
  }

  @Test
  void detectWithoutADetectorSaysHowToLoadOne() {
    try (ServeFixture.Running bare =
        ServeFixture.start(dir.resolve("bare.sqlite"), StudySettings.defaults(), null)) {
      ServeFixture.Response r = post(bare.url("/api/detect"), "image/png", new byte[] {1, 2, 3});
      assertThat(r.status()).isEqualTo(501);
      assertThat(r.json().get("error").asText())
          .contains("No detector loaded")
          .contains("--detector");
      assertThat(get(bare.url("/api/health")).json().get("detector").asBoolean()).isFalse();
    }
  }

  @Test
  void internalFailuresAre500WithoutAStackTrace() throws IOException {
    ImageScorer broken =
        new ImageScorer() {
          @Override
          public ImageShape inputShape() {
            return ImageShape.rgb(32);
          }

          @Override
          public double probabilityFake(INDArray imageCHW) {
            throw new IllegalStateException("secret internal detail");
          }
        };
    try (ServeFixture.Running s =
        ServeFixture.start(dir.resolve("broken.sqlite"), StudySettings.defaults(), broken)) {
      ServeFixture.Response r = post(s.url("/api/detect"), "image/png", png(solid(8, 8, 0)));
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.json().get("error").asText()).contains("Internal server error");
      assertThat(r.text())
          .doesNotContain("secret")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void unknownEndpointsAndMethodsGetJson404() {
    ServeFixture.Response r = get(server.url("/api/nope"));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).isEqualTo("Not found");
    ServeFixture.Response del =
        ServeFixture.send(HttpRequest.newBuilder(URI.create(server.url("/api/health"))).DELETE());
    assertThat(del.status()).isBetween(404, 405);
    assertThat(del.json().get("status").asInt()).isBetween(404, 405);
  }

  @Test
  void pathsOutsideTheServersOwnResourcesAreRefused() throws IOException {
    String[] paths = {
      "/../../../../etc/passwd", "/study/static/../../../../etc/passwd",
          "/study/static/..%2F..%2F..%2Fetc%2Fpasswd",
      "/study/static/%2e%2e/%2e%2e/pom.xml", "/study/static/index.html",
          "/study/static/study.js%00.png",
      "/samegan/study/study.js", "/io/github/samegan/examples/cli/SameGan.class",
          "/simplelogger.properties",
      "/WEB-INF/web.xml", "/study/img/..%2F..%2Fetc%2Fpasswd", "/study/img/../../../etc/passwd",
      "/study/static/%252e%252e/pom.xml", "/study/static/....//....//etc/passwd",
          "/study/static//etc/passwd",
      "/study/static/\\..\\..\\pom.xml"
    };
    for (String p : paths) {
      String response = rawGet(p);
      int status = Integer.parseInt(response.substring(9, 12));
      assertThat(status)
          .as(p + " -> " + response.lines().findFirst().orElse(""))
          .isBetween(400, 499);
      assertThat(response)
          .as(p)
          .doesNotContain("root:")
          .doesNotContain("<project")
          .doesNotContain("simpleLogger")
          .doesNotContain("use strict");
    }
    assertThat(rawGet("/study/static/study.js")).startsWith("HTTP/1.1 200").contains("use strict");
  }

  @Test
  void aLoopbackServerRefusesRequestsForOtherHostNames() throws IOException {
    String evil =
        rawRequest(
            "GET /api/health HTTP/1.1\r\nHost: attacker.example:8080\r\nConnection: close\r\n\r\n");
    assertThat(evil).startsWith("HTTP/1.1 403").contains("loopback").doesNotContain("\"ok\"");
    for (String host :
        new String[] {"localhost:1", "127.0.0.1", "127.1.2.3:80", "[::1]:8080", "LOCALHOST"}) {
      assertThat(
              rawRequest(
                  "GET /api/health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"))
          .as(host)
          .startsWith("HTTP/1.1 200");
    }
    assertThat(SameGanServer.loopbackHostHeader("127.0.0.1.attacker.example")).isFalse();
    assertThat(SameGanServer.loopbackHostHeader("[::1]")).isTrue();
    assertThat(SameGanServer.loopbackHostHeader(null)).isFalse();
  }

  private static void assertError(ServeFixture.Response r, int status, String fragment) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
    assertThat(r.json().get("error").asText()).containsIgnoringCase(fragment);
  }

  private ServeFixture.Response multipart(
      String field, String filename, String type, byte[] content) throws IOException {
    String boundary = "----samegan" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + field
                + "\"; filename=\""
                + filename
                + "\"\r\nContent-Type: "
                + type
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(content);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return post(
        server.url("/api/detect"), "multipart/form-data; boundary=" + boundary, body.toByteArray());
  }

  /** Sends the request line exactly as given (no client-side normalisation). */
  private String rawGet(String path) throws IOException {
    return rawRequest("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  }

  private String rawRequest(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.server().port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  public static BufferedImage solid(int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  public static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
