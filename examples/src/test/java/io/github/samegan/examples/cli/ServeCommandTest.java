package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.samegan.core.ImageShape;
import io.github.samegan.detect.Detector;
import io.github.samegan.detect.DetectorFiles;
import io.github.samegan.detect.DetectorInfo;
import io.github.samegan.eval.classify.Classifier;
import io.github.samegan.eval.classify.ResNetClassifier;
import io.github.samegan.examples.runs.ImageCodec;
import io.github.samegan.examples.serve.ServeApiTest;
import io.github.samegan.examples.serve.ServeFixture;
import io.github.samegan.examples.study.Study;
import io.github.samegan.examples.study.StudyMode;
import io.github.samegan.examples.study.StudySettings;
import io.github.samegan.examples.study.StudyStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code samegan serve} and {@code samegan study report} run through the command line. */
class ServeCommandTest {

  record Result(int code, String out, String err) {}

  /** {@code samegan serve ARGS} running on its own thread, once it prints its address. */
  record Serving(
      Thread thread, String url, StringWriter out, StringWriter err, AtomicInteger code) {
    static Serving start(String... args) throws InterruptedException {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      AtomicInteger code = new AtomicInteger(-1);
      String[] all = new String[args.length + 1];
      all[0] = "serve";
      System.arraycopy(args, 0, all, 1, args.length);
      Thread serve =
          new Thread(
              () ->
                  code.set(
                      SameGan.run(new PrintWriter(out, true), new PrintWriter(err, true), all)),
              "serve-under-test");
      serve.start();
      long deadline = System.nanoTime() + 60_000_000_000L;
      Matcher m = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)/").matcher("");
      while (!m.reset(out.toString()).find()) {
        assertThat(serve.isAlive()).as("serve exited early: " + err).isTrue();
        assertThat(System.nanoTime()).as("serve did not start within 60 s").isLessThan(deadline);
        Thread.sleep(50);
      }
      return new Serving(serve, m.group(1), out, err, code);
    }
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SameGan.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void serveListensOnLoopbackServesTheDiscriminatorAsDetectorAndStopsWhenInterrupted(
      @TempDir Path dir) throws Exception {
    Serving serving =
        Serving.start(
            "--checkpoint",
            ServeFixture.run().toString(),
            "--db",
            dir.resolve("cli.sqlite").toString(),
            "--port",
            "0",
            "--trials",
            "4",
            "--mode",
            "pair",
            "--detector",
            "discriminator");
    Thread serve = serving.thread();
    String url = serving.url();
    StringWriter out = serving.out();
    StringWriter err = serving.err();
    AtomicInteger code = serving.code();
    try {
      assertThat(out.toString())
          .contains("/study/results")
          .contains("real images: shapes")
          .contains("Ctrl-C");
      assertThat(ServeFixture.get(url + "/api/health").json().get("status").asText())
          .isEqualTo("ok");
      JsonNode config = ServeFixture.get(url + "/study/api/config").json().get("defaults");
      assertThat(config.get("mode").asText()).isEqualTo("pair");
      assertThat(config.get("trials").asInt()).isEqualTo(4);
      ServeFixture.Response detect =
          ServeFixture.post(
              url + "/api/detect",
              "image/png",
              ServeApiTest.png(ServeApiTest.solid(32, 32, 0x3366cc)));
      assertThat(detect.status()).as(detect.text()).isEqualTo(200);
      assertThat(detect.json().get("probabilityFake").asDouble()).isBetween(0.0, 1.0);
      assertThat(detect.json().get("detector").asText()).contains("discriminator of mlp");
    } finally {
      serve.interrupt();
      serve.join(20_000);
    }
    assertThat(serve.isAlive()).isFalse();
    assertThat(code.get()).as(err.toString()).isZero();
    assertThat(Files.exists(dir.resolve("cli.sqlite"))).isTrue();
  }

  @Test
  void serveLoadsAGanDetectDetectorAndUsesItsStoredThreshold(@TempDir Path dir) throws Exception {
    ResNetClassifier net = new ResNetClassifier(ImageShape.rgb(32), 2, List.of(4, 4, 4), 1);
    Detector d =
        new Detector(
            Classifier.create(net, 3),
            new DetectorInfo(
                net.spec(),
                ImageShape.rgb(32),
                0.25,
                "fixed: test",
                "shapes",
                List.of("mlp"),
                "none",
                0,
                3,
                null));
    Path folder = dir.resolve("det");
    DetectorFiles.save(folder.resolve(DetectorFiles.FILE_NAME), d);
    Serving serving =
        Serving.start(
            "--checkpoint",
            ServeFixture.run().toString(),
            "--db",
            dir.resolve("d.sqlite").toString(),
            "--port",
            "0",
            "--detector",
            folder.toString());
    try {
      assertThat(serving.out().toString())
          .contains("detector: detector ")
          .contains("threshold 0.25 (fixed: test)");
      byte[] image = ServeApiTest.png(ServeApiTest.solid(32, 32, 0x3366cc));
      ServeFixture.Response detect =
          ServeFixture.post(serving.url() + "/api/detect", "image/png", image);
      assertThat(detect.status()).as(detect.text()).isEqualTo(200);
      double p = detect.json().get("probabilityFake").asDouble();
      INDArray chw = ImageCodec.decode(image, d.inputShape()).chw();
      assertThat(p).isEqualTo(d.probabilityFake(chw.reshape(1, 3, 32, 32))[0]);
      assertThat(detect.json().get("threshold").asDouble()).isEqualTo(0.25);
      assertThat(detect.json().get("verdict").asText()).isEqualTo(p >= 0.25 ? "generated" : "real");
      assertThat(detect.json().get("detector").asText()).contains("detector.zip");
    } finally {
      serving.thread().interrupt();
      serving.thread().join(20_000);
    }
    assertThat(serving.code().get()).as(serving.err().toString()).isZero();
  }

  @Test
  void serveMistakesGiveOneClearLine(@TempDir Path dir) {
    String db = dir.resolve("x.sqlite").toString();
    String ckpt = ServeFixture.run().toString();
    Result missing = run("serve", "--checkpoint", dir.resolve("none.ckpt").toString(), "--db", db);
    assertThat(missing.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(missing.err()).contains("not found").doesNotContain("\tat ");
    assertThat(missing.err().lines().count()).isEqualTo(1);
    assertThat(run("serve", "--checkpoint", ckpt, "--db", db, "--trials", "1").err())
        .contains("trials")
        .contains("found 1");
    assertThat(run("serve", "--checkpoint", ckpt, "--db", db, "--mode", "triple").err())
        .contains("'single' or 'pair'");
    assertThat(run("serve", "--checkpoint", ckpt, "--db", db, "--exposure-ms", "5").err())
        .contains("exposure");
    assertThat(run("serve", "--checkpoint", ckpt, "--db", db, "--port", "70000").err())
        .contains("--port");
    Result badReal =
        run("serve", "--checkpoint", ckpt, "--db", db, "--real", "nope", "--port", "0");
    assertThat(badReal.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(badReal.err()).contains("Unknown dataset 'nope'");
    Result badDetector =
        run(
            "serve",
            "--checkpoint",
            ckpt,
            "--db",
            db,
            "--detector",
            dir.resolve("d.ckpt").toString(),
            "--port",
            "0");
    assertThat(badDetector.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(badDetector.err()).contains("not found");
  }

  @Test
  void serveHandsTheResultsOnlyToWhoeverHoldsThePrintedOperatorToken(@TempDir Path dir)
      throws Exception {
    Serving serving =
        Serving.start(
            "--checkpoint",
            ServeFixture.run().toString(),
            "--db",
            dir.resolve("t.sqlite").toString(),
            "--port",
            "0");
    try {
      Matcher m =
          Pattern.compile(
                  "results \\(operator only[^)]*\\): (http://\\S+/study/results)#token=(\\S+)")
              .matcher(serving.out().toString());
      assertThat(m.find()).as(serving.out().toString()).isTrue();
      String token = m.group(2);
      assertThat(token).matches("[A-Za-z0-9_-]{22}");
      assertThat(ServeFixture.get(serving.url() + "/study/api/results").status()).isEqualTo(401);
      ServeFixture.Response ok =
          ServeFixture.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(serving.url() + "/study/api/results"))
                  .header("X-Operator-Token", token)
                  .GET());
      assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    } finally {
      serving.thread().interrupt();
      serving.thread().join(20_000);
    }

    Path tokenFile = dir.resolve("operator.token");
    Files.writeString(tokenFile, "my-operator-token-1234567890\n");
    Serving chosen =
        Serving.start(
            "--checkpoint",
            ServeFixture.run().toString(),
            "--db",
            dir.resolve("t.sqlite").toString(),
            "--port",
            "0",
            "--operator-token-file",
            tokenFile.toString(),
            "--rate-limit",
            "0");
    try {
      assertThat(chosen.out().toString()).contains("#token=my-operator-token-1234567890");
      ServeFixture.Response ok =
          ServeFixture.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(chosen.url() + "/study/results.csv"))
                  .header("X-Operator-Token", "my-operator-token-1234567890")
                  .GET());
      assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    } finally {
      chosen.thread().interrupt();
      chosen.thread().join(20_000);
    }
  }

  @Test
  void serveLimitFlagsAreCheckedNamingTheFlag(@TempDir Path dir) throws Exception {
    String db = dir.resolve("l.sqlite").toString();
    String ckpt = ServeFixture.run().toString();
    String[][] bad = {
      {"--rate-limit", "-1", "--rate-limit must be in [0, 100000]"},
      {"--sessions-per-client", "-1", "--sessions-per-client"},
      {"--max-sessions", "0", "--max-sessions must be at least 1, found 0"},
      {"--max-db-mb", "0", "--max-db-mb must be in [1, 1048576], found 0"},
      {"--max-generations", "65", "--max-generations must be in [1, 64], found 65"},
      {"--max-images", "300", "--max-images must be in [1, 256], found 300"},
      {"--max-pixels", "5", "--max-pixels"}
    };
    for (String[] b : bad) {
      Result r = run("serve", "--checkpoint", ckpt, "--db", db, b[0], b[1]);
      assertThat(r.code()).as(b[0]).isEqualTo(SameGan.EXIT_USAGE);
      assertThat(r.err()).as(b[0]).contains(b[2]).doesNotContain("\tat ");
    }
    Path shortToken = dir.resolve("short.token");
    Files.writeString(shortToken, "abc\n");
    Result r =
        run(
            "serve",
            "--checkpoint",
            ckpt,
            "--db",
            db,
            "--operator-token-file",
            shortToken.toString());
    assertThat(r.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(r.err()).contains("--operator-token-file").contains("16 to 200 characters");
    Result missing =
        run(
            "serve",
            "--checkpoint",
            ckpt,
            "--db",
            db,
            "--operator-token-file",
            dir.resolve("none").toString());
    assertThat(missing.err()).contains("is not a file");
  }

  @Test
  void aPortInUseGivesOneCleanLineAndNoLogNoise(@TempDir Path dir) throws Exception {
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    java.io.PrintStream originalErr = System.err;
    Result r;
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
      try {
        r =
            run(
                "serve",
                "--checkpoint",
                ServeFixture.run().toString(),
                "--db",
                dir.resolve("p.sqlite").toString(),
                "--port",
                Integer.toString(taken.getLocalPort()));
      } finally {
        System.setErr(originalErr);
      }
      assertThat(r.code()).isEqualTo(SameGan.EXIT_USAGE);
      assertThat(r.err().strip().lines().toList())
          .containsExactly(
              "samegan: Cannot listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": the port is already in use (another samegan serve?); choose another"
                  + " --port, or --port 0 for any free one");
    }
    assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("ERROR")
        .doesNotContain("Failed to start");
  }

  @Test
  void studyReportPrintsAccuracyTablesAndWritesCsv(@TempDir Path dir) {
    Path db = dir.resolve("report.sqlite");
    try (StudyStore store = StudyStore.open(db)) {
      Study study =
          new Study(
              store,
              ServeFixture.real(),
              ServeFixture.model(),
              "mlp",
              new StudySettings(StudyMode.SINGLE, 4, 0));
      Study.Created c = study.createSession("report-person", study.defaults());
      for (int t = 0; t < 4; t++) {
        String token = store.trialImages(c.session(), t).get(0).token();
        study.answer(c.session(), c.key(), t, token, "real", 800L);
      }
      study.createSession("no-answers-yet", study.defaults());
    }
    Path csv = dir.resolve("out/answers.csv");
    Path summary = dir.resolve("out/summary.csv");
    Result r =
        run(
            "study",
            "report",
            "--db",
            db.toString(),
            "--csv",
            csv.toString(),
            "--summary-csv",
            summary.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("4 answers")
        .contains("Pooled")
        .contains("By participant")
        .contains("report-person")
        .contains("By image class")
        .contains("(generated)")
        .contains("p vs 50%")
        .contains("2/4")
        .contains("50.0%");
    assertThat(r.out()).contains("Wrote 4 answers to");
    List<String> lines = readLines(csv);
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0))
        .startsWith("session,participant,mode,trial,truth,class,answer,correct");
    assertThat(readLines(summary).get(1)).startsWith("pooled,all answers,2,4,0.500000,");

    Result noDb = run("study", "report", "--db", dir.resolve("nope.sqlite").toString());
    assertThat(noDb.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(noDb.err()).contains("Study database not found");
    assertThat(Files.exists(dir.resolve("nope.sqlite"))).isFalse();
    assertThat(run("study").code()).isEqualTo(SameGan.EXIT_USAGE);
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
