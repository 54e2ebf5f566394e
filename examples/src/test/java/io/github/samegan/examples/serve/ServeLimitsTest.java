package io.github.samegan.examples.serve;

import static io.github.samegan.examples.serve.ServeFixture.get;
import static io.github.samegan.examples.serve.ServeFixture.getAsOperator;
import static io.github.samegan.examples.serve.ServeFixture.postJson;
import static io.github.samegan.examples.serve.ServeFixture.postJsonFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.samegan.examples.study.Study;
import io.github.samegan.examples.study.StudyMode;
import io.github.samegan.examples.study.StudySettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounds of {@code samegan serve} ({@link ServeLimits}) one at a time, and the operator token
 * that keeps the results from participants. Every refusal is the API's JSON error. {@code
 * ServeLoadTest} drives them all at once.
 */
class ServeLimitsTest {
  static final StudySettings FOUR = new StudySettings(StudyMode.SINGLE, 4, 0);

  @TempDir Path dir;

  @Test
  void theResultsNeedTheOperatorTokenSoAParticipantLearnsNothingFromThem() {
    try (ServeFixture.Running s = ServeFixture.start(dir.resolve("r.sqlite"), FOUR, null)) {
      Study.Created c = create(s, "127.0.0.1");
      String token = s.store().trialImages(c.session(), 0).get(0).token();
      assertThat(answer(s, "127.0.0.1", c, 0, token).status()).isEqualTo(200);

      for (String path :
          List.of("/study/api/results", "/study/results.csv", "/study/results-summary.csv")) {
        ServeFixture.Response none = get(s.url(path));
        assertError(none, 401, "operator");
        assertThat(none.text()).doesNotContain("truth").doesNotContain("correct");
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertError(get(s.url(path), c.key()), 401, "#token=");
        assertError(
            ServeFixture.send(
                HttpRequest.newBuilder(URI.create(s.url(path)))
                    .header(SameGanServer.OPERATOR_HEADER, c.key())
                    .GET()),
            403,
            "Wrong operator token");
        ServeFixture.Response operator = getAsOperator(s, path);
        assertThat(operator.status()).as(path + ": " + operator.text()).isEqualTo(200);
        ServeFixture.Response bearer =
            ServeFixture.send(
                HttpRequest.newBuilder(URI.create(s.url(path)))
                    .header("Authorization", "Bearer " + s.server().operatorToken())
                    .GET());
        assertThat(bearer.status()).as(path).isEqualTo(200);
      }
      assertThat(getAsOperator(s, "/study/api/results").json().get("answers").asInt()).isEqualTo(1);
      assertThat(getAsOperator(s, "/study/results.csv").text()).contains("truth");
      // The page itself is public: it holds no data and says how to open it.
      assertThat(get(s.url("/study/results")).status()).isEqualTo(200);
    }
  }

  @Test
  void theOperatorTokenIsRandomUnlessChosenAndMustBeLongEnough() {
    SameGanServer a = SameGanServer.builder(ServeFixture.model()).build();
    SameGanServer b = SameGanServer.builder(ServeFixture.model()).build();
    assertThat(a.operatorToken()).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(b.operatorToken());
    String chosen = "operator-token-0123456789";
    assertThat(
            SameGanServer.builder(ServeFixture.model())
                .operatorToken(chosen)
                .build()
                .operatorToken())
        .isEqualTo(chosen);
    assertThatThrownBy(() -> SameGanServer.builder(ServeFixture.model()).operatorToken("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 to 200 characters");
  }

  @Test
  void aClientMayStartOnlySoManySessionsAnHour() {
    ServeLimits limits = ServeFixture.RELAXED.withSessionsPerClient(3);
    try (ServeFixture.Running s = ServeFixture.start(dir.resolve("c.sqlite"), FOUR, null, limits)) {
      for (int i = 0; i < 3; i++) {
        create(s, "127.0.0.1");
      }
      ServeFixture.Response refused =
          postJsonFrom("127.0.0.1", s, "/study/api/session", Map.of(), null);
      assertError(refused, 429, "at most 3 per hour");
      assertThat(refused.json().get("error").asText()).contains("--sessions-per-client");
      assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3000L, 3600L);
      // A forwarding header names no other client: the limit is the TCP peer's.
      ServeFixture.Response spoofed =
          ServeFixture.sendFrom(
              "127.0.0.1",
              s,
              "POST",
              "/study/api/session",
              Map.of(
                  "Content-Type", "application/json",
                  "X-Forwarded-For", "203.0.113.9",
                  "Forwarded", "for=203.0.113.9"),
              "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertError(spoofed, 429, "Too many study sessions from 127.0.0.1");
      assertThat(s.store().sessionCount()).isEqualTo(3);
      create(s, "127.0.0.2"); // another client is not affected
      assertThat(s.store().sessionCount()).isEqualTo(4);
    }
  }

  @Test
  void theStudyHoldsAtMostMaxSessionsYetStillTakesAnswers() {
    ServeLimits limits = ServeFixture.RELAXED.withMaxSessions(2);
    Path db = dir.resolve("m.sqlite");
    Study.Created first;
    try (ServeFixture.Running s = ServeFixture.start(db, FOUR, null, limits)) {
      first = create(s, "127.0.0.1");
      create(s, "127.0.0.2");
      ServeFixture.Response full =
          postJsonFrom("127.0.0.3", s, "/study/api/session", Map.of(), null);
      assertError(full, 503, "The study is full");
      assertThat(full.json().get("error").asText()).contains("--max-sessions");
      String token = s.store().trialImages(first.session(), 0).get(0).token();
      assertThat(answer(s, "127.0.0.1", first, 0, token).status()).isEqualTo(200);
    }
    // The count is the database's, so a restarted server keeps the bound.
    try (ServeFixture.Running s = ServeFixture.start(db, FOUR, null, limits)) {
      assertError(postJson(s.url("/study/api/session"), Map.of(), null), 503, "--max-sessions");
      String token = s.store().trialImages(first.session(), 1).get(0).token();
      assertThat(answer(s, "127.0.0.1", first, 1, token).status()).isEqualTo(200);
    }
  }

  @Test
  void newSessionsStopBeforeTheDatabaseOutgrowsItsLimit() {
    long limit = 1024 * 1024;
    ServeLimits limits = ServeFixture.RELAXED.withMaxDatabaseBytes(limit);
    try (ServeFixture.Running s = ServeFixture.start(dir.resolve("d.sqlite"), FOUR, null, limits)) {
      Map<String, Object> huge = Map.of("mode", "pair", "trials", 200);
      ServeFixture.Response refused = postJson(s.url("/study/api/session"), huge, null);
      assertError(refused, 503, "The study database is full");
      assertThat(refused.json().get("error").asText()).contains("--max-db-mb of 1 MB");
      assertThat(s.store().sessionCount()).isZero();

      Map<String, Object> small = Map.of("mode", "pair", "trials", 20);
      int created = 0;
      ServeFixture.Response r;
      while ((r = postJson(s.url("/study/api/session"), small, null)).status() == 201) {
        created++;
        assertThat(created).as("sessions before the limit").isLessThan(20);
      }
      assertError(r, 503, "--max-db-mb");
      assertThat(created).isGreaterThan(2);
      assertThat(s.store().sizeBytes()).isLessThanOrEqualTo(limit);
    }
  }

  @Test
  void aClientOverTheRequestRateGets429AndOthersAreNotSlowed() throws Exception {
    ServeLimits limits = ServeFixture.RELAXED.withRequestsPerSecond(5); // bursts of 10
    try (ServeFixture.Running s = ServeFixture.start(dir.resolve("q.sqlite"), FOUR, null, limits)) {
      int ok = 0;
      ServeFixture.Response refused = null;
      for (int i = 0; i < 40; i++) {
        ServeFixture.Response r = get(s.url("/api/health"));
        if (r.status() == 200) {
          ok++;
        } else {
          refused = r;
        }
      }
      assertThat(ok).isBetween(10, 30);
      assertThat(refused).isNotNull();
      assertError(refused, 429, "at most 5 per second");
      assertThat(refused.json().get("error").asText()).contains("--rate-limit");
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      ServeFixture.Response other =
          ServeFixture.sendFrom("127.0.0.3", s, "GET", "/api/health", Map.of(), null);
      assertThat(other.status()).isEqualTo(200);
      Thread.sleep(1100);
      assertThat(get(s.url("/api/health")).status()).isEqualTo(200);
    }
  }

  @Test
  void generationIsBoundedInImagesAndPixelsPerRequest() {
    ServeLimits limits =
        ServeFixture.RELAXED.withMaxImagesPerRequest(8).withMaxPixelsPerRequest(100_000);
    try (ServeFixture.Running s = ServeFixture.start(dir.resolve("g.sqlite"), FOUR, null, limits)) {
      ServeFixture.Response many = get(s.url("/api/generate?n=9"));
      assertError(many, 413, "more images than the 8 one request may have");
      assertThat(many.json().get("error").asText()).contains("--max-images");
      assertError(get(s.url("/api/generate?n=257")), 400, "[1, 256]");
      assertThat(get(s.url("/api/generate?n=8&scale=1")).status()).isEqualTo(200);
      ServeFixture.Response big = get(s.url("/api/generate?n=8&scale=8"));
      assertError(big, 413, "602,176 pixels");
      assertThat(big.json().get("error").asText()).contains("--max-pixels");
      assertError(get(s.url("/api/generate?n=8&scale=8&format=zip")), 413, "--max-pixels");
      assertThat(get(s.url("/api/model")).json().get("maxGenerate").asInt()).isEqualTo(8);
    }
  }

  @Test
  void limitsAreCheckedNamingTheFlagAndTheValue() {
    ServeLimits d = ServeLimits.defaults();
    assertThatThrownBy(() -> d.withRequestsPerSecond(-1)).hasMessageContaining("--rate-limit");
    assertThatThrownBy(() -> d.withSessionsPerClient(-2))
        .hasMessageContaining("--sessions-per-client")
        .hasMessageContaining("-2");
    assertThatThrownBy(() -> d.withMaxSessions(0)).hasMessageContaining("--max-sessions");
    assertThatThrownBy(() -> d.withMaxDatabaseBytes(1000)).hasMessageContaining("--max-db-mb");
    assertThatThrownBy(() -> d.withMaxConcurrentGenerations(0))
        .hasMessageContaining("--max-generations must be in [1, 64], found 0");
    assertThatThrownBy(() -> d.withMaxImagesPerRequest(257))
        .hasMessageContaining("--max-images must be in [1, 256], found 257");
    assertThatThrownBy(() -> d.withMaxPixelsPerRequest(10)).hasMessageContaining("--max-pixels");
  }

  static Study.Created create(ServeFixture.Running s, String from) {
    ServeFixture.Response r = postJsonFrom(from, s, "/study/api/session", Map.of(), null);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    JsonNode j = r.json();
    return new Study.Created(j.get("session").asText(), j.get("key").asText());
  }

  static ServeFixture.Response answer(
      ServeFixture.Running s, String from, Study.Created c, int trial, String token) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("session", c.session());
    body.put("trial", trial);
    body.put("token", token);
    body.put("answer", "real");
    return postJsonFrom(from, s, "/study/api/answer", body, c.key());
  }

  static void assertError(ServeFixture.Response r, int status, String fragment) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
    assertThat(r.json().get("error").asText()).contains(fragment);
  }
}
