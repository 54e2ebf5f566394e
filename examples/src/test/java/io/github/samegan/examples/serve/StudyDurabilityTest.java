package io.github.samegan.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.samegan.examples.study.Study;
import io.github.samegan.examples.study.StudyMode;
import io.github.samegan.examples.study.StudySettings;
import io.github.samegan.examples.study.StudyStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code samegan serve} process is killed with SIGKILL in the middle of a session: every
 * answer it acknowledged is in the database, and a server restarted on the same file continues the
 * session at its next trial.
 */
class StudyDurabilityTest {

  @Test
  void aKilledServerLosesNoAnsweredTrialAndARestartedOneContinues(@TempDir Path dir)
      throws Exception {
    Path db = dir.resolve("durable.sqlite");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-Dorg.bytedeco.javacpp.maxbytes=2G",
                "-cp",
                cp,
                "io.github.samegan.examples.cli.SameGan",
                "serve",
                "--checkpoint",
                ServeFixture.run().toString(),
                "--db",
                db.toString(),
                "--port",
                "0",
                "--trials",
                "6")
            .redirectErrorStream(true);
    pb.environment().put("CLASSPATH", "");
    long t0 = System.nanoTime();
    Process server = pb.start();
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.offer(line);
                }
              } catch (java.io.IOException e) {
                // The process was killed.
              }
            },
            "serve-output");
    reader.setDaemon(true);
    reader.start();
    Study.Created c;
    try {
      String url = null;
      List<String> seen = new ArrayList<>();
      Pattern p = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)/");
      long deadline = System.nanoTime() + 90_000_000_000L;
      while (url == null && System.nanoTime() < deadline) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line != null) {
          seen.add(line);
          Matcher m = p.matcher(line);
          if (m.find()) {
            url = m.group(1);
          }
        } else {
          assertThat(server.isAlive()).as("serve exited: " + seen).isTrue();
        }
      }
      assertThat(url).as("serve did not start: " + seen).isNotNull();
      System.out.printf("DURABILITY started in %.1f s%n", (System.nanoTime() - t0) / 1e9);

      ServeFixture.Response created =
          ServeFixture.postJson(url + "/study/api/session", Map.of("participant", "kill-9"), null);
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      c =
          new Study.Created(
              created.json().get("session").asText(), created.json().get("key").asText());
      JsonNode state = created.json().get("state");
      for (int t = 0; t < 3; t++) {
        ServeFixture.Response r =
            ServeFixture.postJson(
                url + "/study/api/answer",
                answer(c, t, state.get("trial").get("tokens").get(0).asText()),
                c.key());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        state = r.json();
      }
    } finally {
      server.destroyForcibly(); // SIGKILL: no shutdown hook, no close
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(server.exitValue()).isEqualTo(137);
    System.out.printf("DURABILITY killed at %.1f s%n", (System.nanoTime() - t0) / 1e9);

    try (ServeFixture.Running again =
        ServeFixture.start(db, new StudySettings(StudyMode.SINGLE, 6, 0), null)) {
      assertThat(again.store().answersOf(c.session()))
          .extracting(StudyStore.AnswerRow::trial)
          .containsExactly(0, 1, 2);
      JsonNode state =
          ServeFixture.get(again.url("/study/api/session/" + c.session()), c.key()).json();
      assertThat(state.get("trial").get("index").asInt()).isEqualTo(3);
      for (int t = 3; t < 6; t++) {
        ServeFixture.Response r =
            ServeFixture.postJson(
                again.url("/study/api/answer"),
                answer(c, t, state.get("trial").get("tokens").get(0).asText()),
                c.key());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        state = r.json();
      }
      assertThat(state.get("done").asBoolean()).isTrue();
      assertThat(again.store().answersOf(c.session())).hasSize(6);
    }
  }

  private static Map<String, Object> answer(Study.Created c, int trial, String token) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("session", c.session());
    body.put("trial", trial);
    body.put("token", token);
    body.put("answer", trial % 2 == 0 ? "real" : "fake");
    return body;
  }
}
