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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The study API behind the study pages: {@code GET /study/api/config}, {@code POST
 * /study/api/session}, {@code GET /study/api/session/ID}, {@code POST /study/api/answer}, {@code
 * GET /study/img/TOKEN}, and the results as JSON ({@code /study/api/results}) and CSV ({@code
 * /study/results.csv}, {@code /study/results-summary.csv}). Without a study every route answers
 * 503.
 */
final class StudyApi {
  private final Study study;
  private final String modelName;
  private final Requests requests;

  /**
   * @param study the study, or null
   * @param modelName the served model's name (in the results)
   * @param requests reads the JSON bodies
   */
  StudyApi(Study study, String modelName, Requests requests) {
    this.study = study;
    this.modelName = modelName;
    this.requests = requests;
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
    app.get("/study/api/results", ctx -> ctx.json(resultsJson()));
    app.get(
        "/study/results.csv",
        ctx -> csv(ctx, "study-answers.csv", StudyReport.answersCsv(study().store().answers())));
    app.get(
        "/study/results-summary.csv",
        ctx ->
            csv(
                ctx,
                "study-summary.csv",
                StudyReport.of(study().store().answers()).toSummaryCsv()));
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
    Study.Created c = st.createSession(req.participant(), settings);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("session", c.session());
    out.put("key", c.key());
    out.put("state", st.state(c.session(), c.key()));
    ctx.status(201).json(out);
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
