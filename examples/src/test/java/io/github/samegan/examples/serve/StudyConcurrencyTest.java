package io.github.samegan.examples.serve;

import static io.github.samegan.examples.serve.ServeFixture.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.samegan.examples.study.StudyMode;
import io.github.samegan.examples.study.StudySettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50 simulated participants take the study at once on loopback, each sending every answer twice at
 * the same moment (a double click, a retry): every trial is stored exactly once.
 */
class StudyConcurrencyTest {
  static final int PARTICIPANTS = 50;
  static final int TRIALS = 6;

  @Test
  void fiftyConcurrentParticipantsHaveEveryAnswerStoredExactlyOnce(@TempDir Path dir)
      throws Exception {
    Path db = dir.resolve("crowd.sqlite");
    ExecutorService pool = Executors.newFixedThreadPool(PARTICIPANTS);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger duplicatesRefused = new AtomicInteger();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    List<String> sessions = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ServeFixture.Running server =
        ServeFixture.start(db, new StudySettings(StudyMode.SINGLE, TRIALS, 0), null)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int p = 0; p < PARTICIPANTS; p++) {
        int id = p;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  participant(server, id, sessions, accepted, duplicatesRefused, problems);
                  return null;
                }));
      }
      long t0 = System.nanoTime();
      go.countDown();
      for (Future<?> f : futures) {
        f.get(90, TimeUnit.SECONDS);
      }
      System.out.printf(
          "%d participants x %d trials (each answer sent twice) in %.1f s%n",
          PARTICIPANTS, TRIALS, (System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(problems).isEmpty();
    assertThat(sessions).hasSize(PARTICIPANTS);
    assertThat(accepted.get()).isEqualTo(PARTICIPANTS * TRIALS);
    assertThat(duplicatesRefused.get()).isEqualTo(PARTICIPANTS * TRIALS);

    // Read the file with a fresh connection, as a report would after the server is gone.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT COUNT(*), COUNT(DISTINCT session_id || ':' || trial) FROM answers")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(PARTICIPANTS * TRIALS);
        assertThat(rs.getInt(2)).isEqualTo(PARTICIPANTS * TRIALS);
      }
      try (ResultSet rs =
          s.executeQuery("SELECT COUNT(*) FROM sessions WHERE finished_at IS NOT NULL")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(PARTICIPANTS);
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT MIN(n), MAX(n) FROM (SELECT COUNT(*) AS n FROM answers GROUP BY session_id)")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(TRIALS);
        assertThat(rs.getInt(2)).isEqualTo(TRIALS);
      }
    }
  }

  private static void participant(
      ServeFixture.Running server,
      int id,
      List<String> sessions,
      AtomicInteger accepted,
      AtomicInteger duplicatesRefused,
      ConcurrentLinkedQueue<String> problems)
      throws Exception {
    ServeFixture.Response created =
        ServeFixture.postJson(
            server.url("/study/api/session"), Map.of("participant", "crowd-" + id), null);
    if (created.status() != 201) {
      problems.add("participant " + id + " could not start: " + created.text());
      return;
    }
    String session = created.json().get("session").asText();
    String key = created.json().get("key").asText();
    sessions.add(session);
    JsonNode state = created.json().get("state");
    for (int t = 0; t < TRIALS; t++) {
      JsonNode trial = state.get("trial");
      String token = trial.get("tokens").get(0).asText();
      if (ServeFixture.get(server.url(trial.get("images").get(0).asText())).status() != 200) {
        problems.add("participant " + id + " trial " + t + ": image not served");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("session", session);
      body.put("trial", trial.get("index").asInt());
      body.put("token", token);
      body.put("answer", (id + t) % 2 == 0 ? "real" : "fake");
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(server.url("/study/api/answer")))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .header(SameGanServer.KEY_HEADER, key)
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
              .build();
      CompletableFuture<HttpResponse<byte[]>> a =
          ServeFixture.CLIENT.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray());
      CompletableFuture<HttpResponse<byte[]>> b =
          ServeFixture.CLIENT.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> ra = a.get(30, TimeUnit.SECONDS);
      HttpResponse<byte[]> rb = b.get(30, TimeUnit.SECONDS);
      int ok = (ra.statusCode() == 200 ? 1 : 0) + (rb.statusCode() == 200 ? 1 : 0);
      int refused = (ra.statusCode() == 409 ? 1 : 0) + (rb.statusCode() == 409 ? 1 : 0);
      if (ok != 1 || refused != 1) {
        problems.add(
            "participant "
                + id
                + " trial "
                + t
                + ": statuses "
                + ra.statusCode()
                + ", "
                + rb.statusCode());
        return;
      }
      accepted.incrementAndGet();
      duplicatesRefused.incrementAndGet();
      state = JSON.readTree(ra.statusCode() == 200 ? ra.body() : rb.body());
    }
    if (!state.get("done").asBoolean()) {
      problems.add("participant " + id + " not done after " + TRIALS + " trials");
    }
  }
}
