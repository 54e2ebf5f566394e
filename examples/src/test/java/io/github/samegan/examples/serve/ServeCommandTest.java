package io.github.samegan.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.samegan.examples.SameGan;
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

/** {@code samegan serve} and {@code samegan study report} run through the command line. */
class ServeCommandTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SameGan.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void serveListensOnLoopbackServesTheDiscriminatorAsDetectorAndStopsWhenInterrupted(@TempDir Path dir)
      throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger code = new AtomicInteger(-1);
    Thread serve = new Thread(() -> code.set(SameGan.run(new PrintWriter(out, true), new PrintWriter(err, true), "serve",
        "--checkpoint", ServeFixture.run().toString(), "--db", dir.resolve("cli.sqlite").toString(), "--port", "0",
        "--trials", "4", "--mode", "pair", "--detector", "discriminator")), "serve-under-test");
    serve.start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    Matcher m = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)/").matcher("");
    while (!m.reset(out.toString()).find()) {
      assertThat(serve.isAlive()).as("serve exited early: " + err).isTrue();
      assertThat(System.nanoTime()).as("serve did not start within 60 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    String url = m.group(1);
    try {
      assertThat(out.toString()).contains("/study/results").contains("real images: shapes").contains("Ctrl-C");
      assertThat(ServeFixture.get(url + "/api/health").json().get("status").asText()).isEqualTo("ok");
      JsonNode config = ServeFixture.get(url + "/study/api/config").json().get("defaults");
      assertThat(config.get("mode").asText()).isEqualTo("pair");
      assertThat(config.get("trials").asInt()).isEqualTo(4);
      ServeFixture.Response detect = ServeFixture.post(url + "/api/detect", "image/png",
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
  void serveMistakesGiveOneClearLine(@TempDir Path dir) {
    String db = dir.resolve("x.sqlite").toString();
    String ckpt = ServeFixture.run().toString();
    Result missing = run("serve", "--checkpoint", dir.resolve("none.ckpt").toString(), "--db", db);
    assertThat(missing.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(missing.err()).contains("not found").doesNotContain("\tat ");
    assertThat(missing.err().lines().count()).isEqualTo(1);
    assertThat(run("serve", "--checkpoint", ckpt, "--db", db, "--trials", "1").err()).contains("trials").contains("found 1");
    assertThat(run("serve", "--checkpoint", ckpt, "--db", db, "--mode", "triple").err()).contains("'single' or 'pair'");
    assertThat(run("serve", "--checkpoint", ckpt, "--db", db, "--exposure-ms", "5").err()).contains("exposure");
    assertThat(run("serve", "--checkpoint", ckpt, "--db", db, "--port", "70000").err()).contains("--port");
    Result badReal = run("serve", "--checkpoint", ckpt, "--db", db, "--real", "nope", "--port", "0");
    assertThat(badReal.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(badReal.err()).contains("Unknown dataset 'nope'");
    Result badDetector = run("serve", "--checkpoint", ckpt, "--db", db, "--detector", dir.resolve("d.ckpt").toString(),
        "--port", "0");
    assertThat(badDetector.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(badDetector.err()).contains("not found");
  }

  @Test
  void studyReportPrintsAccuracyTablesAndWritesCsv(@TempDir Path dir) {
    Path db = dir.resolve("report.sqlite");
    try (StudyStore store = StudyStore.open(db)) {
      Study study = new Study(store, ServeFixture.real(), ServeFixture.model(), "mlp", new StudySettings(StudyMode.SINGLE, 4, 0));
      Study.Created c = study.createSession("report-person", study.defaults());
      for (int t = 0; t < 4; t++) {
        String token = store.trialImages(c.session(), t).get(0).token();
        study.answer(c.session(), c.key(), t, token, "real", 800L);
      }
      study.createSession("no-answers-yet", study.defaults());
    }
    Path csv = dir.resolve("out/answers.csv");
    Path summary = dir.resolve("out/summary.csv");
    Result r = run("study", "report", "--db", db.toString(), "--csv", csv.toString(), "--summary-csv", summary.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("4 answers").contains("Pooled").contains("By participant").contains("report-person")
        .contains("By image class").contains("(generated)").contains("p vs 50%").contains("2/4").contains("50.0%");
    assertThat(r.out()).contains("Wrote 4 answers to");
    List<String> lines = readLines(csv);
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("session,participant,mode,trial,truth,class,answer,correct");
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
