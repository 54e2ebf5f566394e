package io.github.samegan.examples.serve;

import static io.github.samegan.examples.serve.ServeFixture.get;
import static io.github.samegan.examples.serve.ServeFixture.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.samegan.examples.study.Study;
import io.github.samegan.examples.study.StudyMode;
import io.github.samegan.examples.study.StudySettings;
import io.github.samegan.examples.study.StudyStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study's integrity: the browser never learns which images are real before answering, and
 * answers are accepted once, in order, from the session's own participant. Also: a restarted server
 * continues a session.
 */
class StudyIntegrityTest {
  @TempDir static Path dir;
  static ServeFixture.Running server;

  @BeforeAll
  static void start() {
    server =
        ServeFixture.start(
            dir.resolve("study.sqlite"), new StudySettings(StudyMode.SINGLE, 10, 0), null);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Study.Created create(ServeFixture.Running s, Map<String, Object> body) {
    ServeFixture.Response r = postJson(s.url("/study/api/session"), body, null);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return new Study.Created(r.json().get("session").asText(), r.json().get("key").asText());
  }

  static ServeFixture.Response answer(
      ServeFixture.Running s, Study.Created c, String key, int trial, String token, String answer) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("session", c.session());
    body.put("trial", trial);
    body.put("token", token);
    body.put("answer", answer);
    body.put("responseMs", 640);
    return postJson(s.url("/study/api/answer"), body, key);
  }

  @Test
  void theBrowserNeverSeesWhichImagesAreReal() throws IOException {
    Study.Created c = create(server, Map.of("participant", "integrity"));
    Set<Integer> lengths = new HashSet<>();
    Set<String> seenTokens = new HashSet<>();
    List<String> forbidden =
        new ArrayList<>(
            List.of(
                "real",
                "generated",
                "fake",
                "origin",
                "class",
                "label",
                "source",
                "shapes#",
                "sample"));
    forbidden.addAll(ServeFixture.real().classNames());
    for (int t = 0; t < 10; t++) {
      ServeFixture.Response r = get(server.url("/study/api/session/" + c.session()), c.key());
      assertThat(r.status()).isEqualTo(200);
      JsonNode state = r.json();
      JsonNode trial = state.get("trial");
      assertThat(trial.get("index").asInt()).isEqualTo(t);
      List<String> fields = new ArrayList<>();
      trial.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactly("index", "tokens", "images");
      String payload = r.text().toLowerCase(java.util.Locale.ROOT);
      for (String word : forbidden) {
        assertThat(payload)
            .as("state payload must not mention '" + word + "'")
            .doesNotContain(word.toLowerCase(java.util.Locale.ROOT));
      }
      String token = trial.get("tokens").get(0).asText();
      assertThat(token).matches("[A-Za-z0-9_-]{22}");
      assertThat(seenTokens.add(token)).isTrue();
      assertThat(trial.get("images").get(0).asText()).isEqualTo("/study/img/" + token);

      ServeFixture.Response img = get(server.url("/study/img/" + token));
      assertThat(img.status()).isEqualTo(200);
      assertThat(img.header("Content-Type")).isEqualTo("image/png");
      assertThat(img.header("Content-Disposition")).isNull();
      assertThat(img.header("Cache-Control")).isEqualTo("no-store");
      lengths.add(img.body().length);
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(img.body()));
      assertThat(decoded.getWidth()).isEqualTo(32);

      // The next trial's image exists on the server but is not served before this one is answered.
      if (t < 9) {
        String next = server.store().trialImages(c.session(), t + 1).get(0).token();
        assertThat(get(server.url("/study/img/" + next)).status()).isEqualTo(404);
      }
      ServeFixture.Response a = answer(server, c, c.key(), t, token, t % 2 == 0 ? "real" : "fake");
      assertThat(a.status()).as(a.text()).isEqualTo(200);
      if (t < 9) { // no feedback per trial: the score comes only once every trial is answered
        assertThat(a.text().toLowerCase(java.util.Locale.ROOT))
            .doesNotContain("correct")
            .doesNotContain("generated");
      }
    }
    assertThat(lengths)
        .as("every study image has the same byte length, real or generated")
        .hasSize(1);
    JsonNode done = get(server.url("/study/api/session/" + c.session()), c.key()).json();
    assertThat(done.get("done").asBoolean()).isTrue();
    JsonNode score = done.get("score");
    assertThat(score.get("total").asInt()).isEqualTo(10);
    assertThat(score.get("realTotal").asInt()).isEqualTo(5);
    assertThat(score.get("generatedTotal").asInt()).isEqualTo(5);
  }

  @Test
  void answersForAnotherSessionOrReplayedOrOutOfOrderAreRejected() {
    Study.Created a = create(server, Map.of("participant", "alice", "trials", 4));
    Study.Created b = create(server, Map.of("participant", "bob", "trials", 4));
    String tokenA0 = server.store().trialImages(a.session(), 0).get(0).token();
    String tokenA1 = server.store().trialImages(a.session(), 1).get(0).token();
    String tokenB0 = server.store().trialImages(b.session(), 0).get(0).token();

    assertRefused(answer(server, a, b.key(), 0, tokenA0, "real"), 403, "another participant");
    assertRefused(answer(server, a, null, 0, tokenA0, "real"), 400, "X-Study-Key");
    assertRefused(answer(server, a, a.key(), 0, tokenB0, "real"), 403, "not part of trial 0");
    assertRefused(answer(server, a, a.key(), 1, tokenA1, "real"), 409, "not the current trial");
    assertRefused(answer(server, a, a.key(), 0, tokenA0, "maybe"), 400, "'real' or 'fake'");
    assertRefused(
        answer(
            server,
            new Study.Created("AAAAAAAAAAAAAAAAAAAAAA", a.key()),
            a.key(),
            0,
            tokenA0,
            "real"),
        404,
        "Unknown");
    assertRefused(
        get(server.url("/study/api/session/" + a.session()), b.key()), 403, "another participant");

    ServeFixture.Response ok = answer(server, a, a.key(), 0, tokenA0, "real");
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(ok.json().get("accepted").asBoolean()).isTrue();
    assertThat(ok.json().get("trial").get("index").asInt()).isEqualTo(1);
    assertRefused(answer(server, a, a.key(), 0, tokenA0, "real"), 409, "already answered");
    assertRefused(answer(server, a, a.key(), 0, tokenA0, "fake"), 409, "already answered");

    assertThat(server.store().answersOf(a.session())).hasSize(1);
    assertThat(server.store().answersOf(b.session())).isEmpty();
    assertThat(server.store().answersOf(a.session()).get(0).answer()).isEqualTo("real");
  }

  @Test
  void refusalsNumberTrialsFromZeroAsTheApiDoes() {
    Study.Created c = create(server, Map.of("participant", "numbering", "trials", 3));
    JsonNode state = get(server.url("/study/api/session/" + c.session()), c.key()).json();
    assertThat(state.get("trial").get("index").asInt()).isZero();
    String t0 = server.store().trialImages(c.session(), 0).get(0).token();
    String t1 = server.store().trialImages(c.session(), 1).get(0).token();

    ServeFixture.Response early = answer(server, c, c.key(), 1, t1, "real");
    assertRefused(early, 409, "Trial 1 is not the current trial (the next one is trial 0)");
    assertThat(early.json().get("error").asText()).contains("numbered from 0");
    assertThat(answer(server, c, c.key(), 0, t0, "real").status()).isEqualTo(200);
    assertRefused(answer(server, c, c.key(), 0, t0, "fake"), 409, "Trial 0 was already answered");
    assertRefused(answer(server, c, c.key(), 1, t0, "real"), 403, "not part of trial 1 ");
  }

  @Test
  void malformedSessionRequestsGet4xx() {
    assertRefused(
        postJson(server.url("/study/api/session"), Map.of("trials", 1), null), 400, "trials");
    assertRefused(
        postJson(server.url("/study/api/session"), Map.of("mode", "triple"), null), 400, "mode");
    assertRefused(
        postJson(server.url("/study/api/session"), Map.of("exposureMs", 50), null),
        400,
        "exposure");
    assertRefused(
        postJson(server.url("/study/api/session"), Map.of("participant", "<script>"), null),
        400,
        "participant");
    assertRefused(
        ServeFixture.post(
            server.url("/study/api/session"),
            "application/json",
            "{not json".getBytes(StandardCharsets.UTF_8)),
        400,
        "Malformed");
    assertRefused(
        ServeFixture.post(
            server.url("/study/api/answer"),
            "application/json",
            new byte[SameGanServer.MAX_JSON + 1]),
        413,
        "over");
    assertRefused(get(server.url("/study/api/session/nope")), 404, "Unknown");
    assertRefused(get(server.url("/study/img/AAAAAAAAAAAAAAAAAAAAAA")), 404, "No such image");
  }

  @Test
  void pairModeAsksWhichOfTwoIsRealAndRecordsTheRealImagesClass() {
    Study.Created c = create(server, Map.of("participant", "pairs", "mode", "pair", "trials", 4));
    for (int t = 0; t < 4; t++) {
      JsonNode trial =
          get(server.url("/study/api/session/" + c.session()), c.key()).json().get("trial");
      assertThat(trial.get("tokens")).hasSize(2);
      List<StudyStore.ImageRow> imgs = server.store().trialImages(c.session(), t);
      assertThat(imgs).extracting(StudyStore.ImageRow::real).containsExactlyInAnyOrder(true, false);
      // Always pick the real one: the server's truth, which the browser never sees.
      String realToken =
          imgs.stream().filter(StudyStore.ImageRow::real).findFirst().orElseThrow().token();
      assertThat(answer(server, c, c.key(), t, realToken, "real").status()).isEqualTo(200);
    }
    JsonNode done = get(server.url("/study/api/session/" + c.session()), c.key()).json();
    assertThat(done.get("score").get("correct").asInt()).isEqualTo(4);
    List<StudyStore.AnswerRow> rows = server.store().answersOf(c.session());
    assertThat(rows).extracting(StudyStore.AnswerRow::truth).containsOnly("pair");
    assertThat(rows)
        .extracting(StudyStore.AnswerRow::answer)
        .allMatch(x -> x.equals("left") || x.equals("right"));
    assertThat(rows)
        .extracting(StudyStore.AnswerRow::className)
        .allMatch(ServeFixture.real().classNames()::contains);
  }

  @Test
  void aRestartedServerContinuesAnUnfinishedSession(@TempDir Path own) {
    Path db = own.resolve("restart.sqlite");
    ServeFixture.Running first =
        ServeFixture.start(db, new StudySettings(StudyMode.SINGLE, 6, 0), null);
    Study.Created c = create(first, Map.of("participant", "restart"));
    for (int t = 0; t < 3; t++) {
      String token = first.store().trialImages(c.session(), t).get(0).token();
      assertThat(answer(first, c, c.key(), t, token, "fake").status()).isEqualTo(200);
    }
    first
        .server()
        .close(); // the store is left open, as by a crash; the next server opens the file anew

    try (ServeFixture.Running second =
        ServeFixture.start(db, new StudySettings(StudyMode.SINGLE, 6, 0), null)) {
      JsonNode state = get(second.url("/study/api/session/" + c.session()), c.key()).json();
      assertThat(state.get("answered").asInt()).isEqualTo(3);
      assertThat(state.get("trial").get("index").asInt()).isEqualTo(3);
      for (int t = 3; t < 6; t++) {
        String token = state.get("trial").get("tokens").get(0).asText();
        ServeFixture.Response r = answer(second, c, c.key(), t, token, "fake");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        state = r.json();
      }
      assertThat(state.get("done").asBoolean()).isTrue();
      assertThat(state.get("score").get("total").asInt()).isEqualTo(6);
      assertThat(second.store().answersOf(c.session()))
          .extracting(StudyStore.AnswerRow::trial)
          .containsExactly(0, 1, 2, 3, 4, 5);
    } finally {
      first.store().close();
    }
  }

  private static void assertRefused(ServeFixture.Response r, int status, String fragment) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.json().get("error").asText()).contains(fragment);
  }
}
