package io.github.samegan.examples.serve;

import static io.github.samegan.examples.serve.Requests.csv;

import io.github.samegan.examples.study.Study;
import io.github.samegan.examples.study.StudyMode;
import io.github.samegan.examples.study.StudyReport;
import io.github.samegan.examples.study.StudySettings;
import io.github.samegan.examples.study.StudyStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The study API behind the study pages: {@code GET /study/api/config}, {@code POST
 * /study/api/session}, {@code GET /study/api/session/ID}, {@code POST /study/api/answer}, {@code
 * GET /study/img/TOKEN}, and the results as JSON ({@code /study/api/results}) and CSV ({@code
 * /study/results.csv}, {@code /study/results-summary.csv}). Without a study every route answers
 * 503.
 *
 * <p>The results need the operator token ({@code X-Operator-Token}, or {@code Authorization: Bearer
 * TOKEN}): participants must not learn, while they answer, whether their answers were right. New
 * sessions are bounded per client and in all, by the size of the database and by the generation
 * slots ({@link ServeLimits}); answers to existing sessions are never refused for those limits.
 */
final class StudyApi {
  private final Study study;
  private final String modelName;
  private final Requests requests;
  private final ServeLimits limits;
  private final ClientLimiter clients;
  private final GenerationSlots slots;
  private final byte[] operatorToken;
  private int pendingSessions;
  private long pendingBytes;

  /**
   * @param study the study, or null
   * @param modelName the served model's name (in the results)
   * @param requests reads the JSON bodies
   * @param limits the bounds on new sessions
   * @param clients the per-client session counts
   * @param slots the generation slots a new session needs
   * @param operatorToken the token the results need
   */
  StudyApi(
      Study study,
      String modelName,
      Requests requests,
      ServeLimits limits,
      ClientLimiter clients,
      GenerationSlots slots,
      String operatorToken) {
    this.study = study;
    this.modelName = modelName;
    this.requests = requests;
    this.limits = limits;
    this.clients = clients;
    this.slots = slots;
    this.operatorToken = operatorToken.getBytes(StandardCharsets.UTF_8);
  }

  /** Adds the routes. */
  void register(Javalin app) {
    app.get(
        "/study/api/config",
        ctx -> {
          StudySettings d = study().defaults();
          ctx.json(
              Map.of(
                  "defaults",
                  Map.of(
                      "mode", d.mode().id(), "trials", d.trials(), "exposureMs", d.exposureMs())));
        });
    app.post("/study/api/session", this::createSession);
    app.get(
        "/study/api/session/{id}",
        ctx -> ctx.json(study().state(ctx.pathParam("id"), ctx.header(SameGanServer.KEY_HEADER))));
    app.post("/study/api/answer", this::answer);
    app.get("/study/img/{token}", this::studyImage);
    app.get(
        "/study/api/results",
        ctx -> {
          requireOperator(ctx);
          ctx.json(resultsJson());
        });
    app.get(
        "/study/results.csv",
        ctx -> {
          requireOperator(ctx);
          csv(ctx, "study-answers.csv", StudyReport.answersCsv(study().store().answers()));
        });
    app.get(
        "/study/results-summary.csv",
        ctx -> {
          requireOperator(ctx);
          csv(ctx, "study-summary.csv", StudyReport.of(study().store().answers()).toSummaryCsv());
        });
  }

  /** Refuses a request without the operator token: 401 when none is sent, 403 when another is. */
  private void requireOperator(Context ctx) {
    String given = ctx.header(SameGanServer.OPERATOR_HEADER);
    String auth = ctx.header("Authorization");
    if ((given == null || given.isBlank()) && auth != null && auth.startsWith("Bearer ")) {
      given = auth.substring("Bearer ".length());
    }
    if (given == null || given.isBlank()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"samegan study results\"");
      throw new ApiException(
          401,
          "The study results are for the study's operator: open the results link that"
              + " 'samegan serve' printed when it started (it ends in #token=...), or send that"
              + " token in the "
              + SameGanServer.OPERATOR_HEADER
              + " header");
    }
    if (!MessageDigest.isEqual(given.strip().getBytes(StandardCharsets.UTF_8), operatorToken)) {
      throw new ApiException(
          403,
          "Wrong operator token: use the one 'samegan serve' printed when it started"
              + " (or the one in its --operator-token-file)");
    }
  }

  /** The JSON body of {@code POST /study/api/session}. */
  record SessionRequest(String participant, String mode, Integer trials, Integer exposureMs) {}

  /** The JSON body of {@code POST /study/api/answer}. */
  record AnswerRequest(
      String session, Integer trial, String token, String answer, Long responseMs) {}

  private Study study() {
    if (study == null) {
      throw new ApiException(503, "No study is configured on this server");
    }
    return study;
  }

  private void createSession(Context ctx) throws IOException {
    Study st = study();
    SessionRequest req = requests.jsonBody(ctx, SessionRequest.class);
    StudySettings d = st.defaults();
    StudySettings settings;
    try {
      settings =
          new StudySettings(
              req.mode() == null ? d.mode() : StudyMode.parse(req.mode()),
              req.trials() == null ? d.trials() : req.trials(),
              req.exposureMs() == null ? d.exposureMs() : req.exposureMs());
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
    String client = ctx.ip();
    clients.reserveSession(client);
    Study.Created c;
    boolean created = false;
    try {
      try (GenerationSlots.Slot slot = slots.within(ServeLimits.SESSION_WAIT_MS)) {
        long bytes = st.sessionBytes(settings);
        admit(st, bytes);
        try {
          c = st.createSession(req.participant(), settings);
        } finally {
          release(bytes);
        }
      }
      created = true;
    } finally {
      if (created) {
        clients.sessionCreated(client);
      } else {
        clients.sessionFailed(client);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("session", c.session());
    out.put("key", c.key());
    out.put("state", st.state(c.session(), c.key()));
    ctx.status(201).json(out);
  }

  /**
   * Reserves room for a new session of {@code bytes} within the total and database limits, counting
   * the sessions being created; {@link #release} must follow.
   *
   * @throws ApiException 503 when the study is full
   */
  private synchronized void admit(Study st, long bytes) {
    int sessions = st.store().sessionCount() + pendingSessions;
    if (sessions >= limits.maxSessions()) {
      throw new ApiException(
          503,
          "The study is full: it holds "
              + sessions
              + " sessions, the server's --max-sessions, so no new session can start"
              + " (its operator can raise --max-sessions or use a new --db)");
    }
    long size = st.store().sizeBytes() + pendingBytes;
    if (size + bytes > limits.maxDatabaseBytes()) {
      throw new ApiException(
          503,
          String.format(
              Locale.ROOT,
              "The study database is full: it holds %.1f MB and this session needs about %.1f MB"
                  + " more, over the server's --max-db-mb of %d MB, so no new session can start"
                  + " (fewer trials need less; its operator can raise --max-db-mb or use a new --db)",
              size / 1048576.0,
              bytes / 1048576.0,
              limits.maxDatabaseBytes() / 1048576));
    }
    pendingSessions++;
    pendingBytes += bytes;
  }

  private synchronized void release(long bytes) {
    pendingSessions--;
    pendingBytes -= bytes;
  }

  private void answer(Context ctx) throws IOException {
    AnswerRequest req = requests.jsonBody(ctx, AnswerRequest.class);
    ctx.json(
        study()
            .answer(
                req.session(),
                ctx.header(SameGanServer.KEY_HEADER),
                req.trial(),
                req.token(),
                req.answer(),
                req.responseMs()));
  }

  private void studyImage(Context ctx) {
    byte[] png = study().image(ctx.pathParam("token"));
    if (png == null) {
      throw new ApiException(404, "No such image");
    }
    ctx.contentType("image/png").result(png);
  }

  private Map<String, Object> resultsJson() {
    Study st = study();
    List<StudyStore.AnswerRow> answers = st.store().answers();
    StudyReport report = StudyReport.of(answers);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("answers", report.answers());
    out.put("model", modelName);
    out.put("realDataset", st.realName());
    out.put("sections", report.sections());
    out.put(
        "sessions",
        st.store().sessions().stream()
            .map(
                s -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("participant", s.participant());
                  m.put("session", s.id().substring(0, 6));
                  m.put("mode", s.mode().id());
                  m.put("answered", s.answered());
                  m.put("trials", s.trials());
                  m.put("exposureMs", s.exposureMs());
                  m.put("createdAt", s.createdAt());
                  m.put("finishedAt", s.finishedAt());
                  return m;
                })
            .toList());
    return out;
  }
}
