package io.github.samegan.examples.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The study's durable state in one SQLite file: sessions, the images of every trial (the PNG bytes
 * and whether each is real), and answers.
 *
 * <p>The database runs in WAL mode with {@code synchronous=FULL}, and every answer is written and
 * committed in its own transaction before the server responds, so a killed server loses no answered
 * trial; since everything a session needs is in the file, a server restarted on the same file
 * continues unfinished sessions at their next unanswered trial. An answer is accepted only for the
 * session's next trial, by the session's participant, with a token of that trial: the checks and
 * the insert run in one transaction (and {@code PRIMARY KEY(session_id, trial)} backs them), so
 * each trial is answered exactly once however many requests race.
 *
 * <p>One connection serves all threads; methods are synchronized.
 */
public final class StudyStore implements AutoCloseable {
  static final int SCHEMA_VERSION = 1;

  /**
   * How refusals number trials: as the API does ({@code "trial"} of an answer, {@code trial.index}
   * of the state), from 0.
   */
  private static final String NUMBERING = "; trials are numbered from 0, as in the API";

  private final Connection conn;
  private final Path file;

  /** A session: who, how, and how far they got. */
  public record SessionRow(
      String id,
      String keyHash,
      String participant,
      StudyMode mode,
      int trials,
      int exposureMs,
      String model,
      String dataset,
      String createdAt,
      String finishedAt,
      int answered) {
    /** Whether every trial is answered. */
    public boolean done() {
      return answered >= trials;
    }
  }

  /** One image of one trial. {@code png} is null when listed without bytes. */
  public record ImageRow(
      String token,
      String sessionId,
      int trial,
      int position,
      boolean real,
      String className,
      String origin,
      byte[] png) {}

  /** One stored answer with what the report needs about its trial and session. */
  public record AnswerRow(
      String sessionId,
      String participant,
      StudyMode mode,
      int trial,
      String truth,
      String className,
      String answer,
      boolean correct,
      Long responseMs,
      String answeredAt,
      String model,
      String dataset) {}

  private StudyStore(Connection conn, Path file) {
    this.conn = conn;
    this.file = file;
  }

  /**
   * Opens (creating if needed) a study database.
   *
   * @param file the SQLite file
   * @throws IllegalArgumentException if it cannot be opened or is not a study database
   */
  public static StudyStore open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout=10000");
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA foreign_keys=ON");
        s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS sessions("
                + "id TEXT PRIMARY KEY, key_hash TEXT NOT NULL, participant TEXT NOT NULL,"
                + " mode TEXT NOT NULL CHECK(mode IN ('single','pair')), trials INTEGER NOT NULL,"
                + " exposure_ms INTEGER NOT NULL, model TEXT, dataset TEXT, created_at TEXT NOT NULL,"
                + " finished_at TEXT)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS images("
                + "token TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id),"
                + " trial INTEGER NOT NULL, position INTEGER NOT NULL,"
                + " source TEXT NOT NULL CHECK(source IN ('real','generated')), class_name TEXT NOT NULL,"
                + " origin TEXT NOT NULL, png BLOB NOT NULL, UNIQUE(session_id, trial, position))");
        s.execute(
            "CREATE TABLE IF NOT EXISTS answers("
                + "session_id TEXT NOT NULL REFERENCES sessions(id), trial INTEGER NOT NULL,"
                + " truth TEXT NOT NULL, class_name TEXT NOT NULL, answer TEXT NOT NULL,"
                + " correct INTEGER NOT NULL CHECK(correct IN (0,1)), response_ms INTEGER,"
                + " answered_at TEXT NOT NULL, PRIMARY KEY(session_id, trial))");
        s.execute(
            "INSERT OR IGNORE INTO meta(key, value) VALUES('schema', '" + SCHEMA_VERSION + "')");
        try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key='schema'")) {
          if (!rs.next() || !Integer.toString(SCHEMA_VERSION).equals(rs.getString(1))) {
            c.close();
            throw new IllegalArgumentException(
                "Study database " + file + " has an unknown schema version");
          }
        }
      }
      return new StudyStore(c, file);
    } catch (SQLException e) {
      throw new IllegalArgumentException(
          "Cannot open study database " + file + ": " + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "Cannot create the folder of study database " + file + ": " + e, e);
    }
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /** Stores a new session and all its trial images in one transaction. */
  public synchronized void createSession(SessionRow s, List<ImageRow> images) {
    inTransaction(
        () -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "INSERT INTO sessions(id, key_hash, participant, mode,"
                      + " trials, exposure_ms, model, dataset, created_at) VALUES(?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, s.id());
            ps.setString(2, s.keyHash());
            ps.setString(3, s.participant());
            ps.setString(4, s.mode().id());
            ps.setInt(5, s.trials());
            ps.setInt(6, s.exposureMs());
            ps.setString(7, s.model());
            ps.setString(8, s.dataset());
            ps.setString(9, s.createdAt());
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "INSERT INTO images(token, session_id, trial, position,"
                      + " source, class_name, origin, png) VALUES(?,?,?,?,?,?,?,?)")) {
            for (ImageRow i : images) {
              ps.setString(1, i.token());
              ps.setString(2, s.id());
              ps.setInt(3, i.trial());
              ps.setInt(4, i.position());
              ps.setString(5, i.real() ? "real" : "generated");
              ps.setString(6, i.className());
              ps.setString(7, i.origin());
              ps.setBytes(8, i.png());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  /** A session with its answered count, if it exists. */
  public synchronized Optional<SessionRow> session(String id) {
    return query(
        () -> {
          try (PreparedStatement ps = conn.prepareStatement(SESSION_SELECT + " WHERE s.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(sessionRow(rs)) : Optional.<SessionRow>empty();
            }
          }
        });
  }

  /** Every session, oldest first. */
  public synchronized List<SessionRow> sessions() {
    return query(
        () -> {
          List<SessionRow> out = new ArrayList<>();
          try (PreparedStatement ps =
                  conn.prepareStatement(SESSION_SELECT + " ORDER BY s.created_at, s.id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(sessionRow(rs));
            }
          }
          return out;
        });
  }

  /** How many sessions the database holds. */
  public synchronized int sessionCount() {
    return query(
        () -> {
          try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM sessions");
              ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
          }
        });
  }

  /**
   * The database's size in bytes: its SQLite pages ({@code page_count × page_size}), including
   * those committed to the write-ahead log but not yet copied back.
   */
  public synchronized long sizeBytes() {
    return query(
        () -> {
          try (Statement s = conn.createStatement()) {
            long pages;
            long pageSize;
            try (ResultSet rs = s.executeQuery("PRAGMA page_count")) {
              pages = rs.next() ? rs.getLong(1) : 0;
            }
            try (ResultSet rs = s.executeQuery("PRAGMA page_size")) {
              pageSize = rs.next() ? rs.getLong(1) : 0;
            }
            return pages * pageSize;
          }
        });
  }

  /** The images of one trial, by position, without their bytes. */
  public synchronized List<ImageRow> trialImages(String sessionId, int trial) {
    return query(() -> readTrialImages(sessionId, trial));
  }

  /** The images of one trial, by position, without their bytes (inside a query or transaction). */
  private List<ImageRow> readTrialImages(String sessionId, int trial) throws SQLException {
    List<ImageRow> out = new ArrayList<>();
    try (PreparedStatement ps =
        conn.prepareStatement(
            "SELECT token, session_id, trial, position, source,"
                + " class_name, origin FROM images WHERE session_id = ? AND trial = ? ORDER BY position")) {
      ps.setString(1, sessionId);
      ps.setInt(2, trial);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(imageRow(rs, null));
        }
      }
    }
    return out;
  }

  /**
   * The image row at the result set's cursor, from the columns {@code token, session_id, trial,
   * position, source, class_name, origin} in that order.
   */
  private static ImageRow imageRow(ResultSet rs, byte[] png) throws SQLException {
    return new ImageRow(
        rs.getString(1),
        rs.getString(2),
        rs.getInt(3),
        rs.getInt(4),
        "real".equals(rs.getString(5)),
        rs.getString(6),
        rs.getString(7),
        png);
  }

  /** An image with its bytes, by token. */
  public synchronized Optional<ImageRow> image(String token) {
    return query(
        () -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "SELECT token, session_id, trial, position, source,"
                      + " class_name, origin, png FROM images WHERE token = ?")) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<ImageRow>empty();
              }
              return Optional.of(imageRow(rs, rs.getBytes(8)));
            }
          }
        });
  }

  /**
   * Checks and stores one answer in a single committed transaction.
   *
   * @param sessionId the session
   * @param keyHash the hash of the participant key presented with the answer
   * @param trial the trial answered: must be the session's next unanswered one
   * @param token the image answered about (single) or chosen as real (pair); must belong to the
   *     trial
   * @param answer {@code real} or {@code fake} (single); {@code real} (pair)
   * @param responseMs the response time the browser measured (may be null)
   * @return the stored answer
   * @throws StudyException with 404/403/409/400 when the answer is refused
   */
  public synchronized AnswerRow answer(
      String sessionId, String keyHash, int trial, String token, String answer, Long responseMs) {
    return inTransaction(
        () -> {
          SessionRow s;
          try (PreparedStatement ps = conn.prepareStatement(SESSION_SELECT + " WHERE s.id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new StudyException(404, "Unknown study session");
              }
              s = sessionRow(rs);
            }
          }
          if (!s.keyHash().equals(keyHash)) {
            throw new StudyException(403, "This session belongs to another participant");
          }
          if (s.done()) {
            throw new StudyException(409, "This session is finished; every trial is answered");
          }
          if (trial < s.answered()) {
            throw new StudyException(409, "Trial " + trial + " was already answered" + NUMBERING);
          }
          if (trial != s.answered()) {
            throw new StudyException(
                409,
                "Trial "
                    + trial
                    + " is not the current trial (the next one is trial "
                    + s.answered()
                    + ")"
                    + NUMBERING);
          }
          List<ImageRow> images = readTrialImages(sessionId, trial);
          ImageRow chosen =
              images.stream()
                  .filter(i -> i.token().equals(token))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new StudyException(
                              403,
                              "That image is not part of trial "
                                  + trial
                                  + " of this session"
                                  + NUMBERING));
          String stored;
          String truth;
          String className;
          boolean correct;
          if (s.mode() == StudyMode.SINGLE) {
            if (!"real".equals(answer) && !"fake".equals(answer)) {
              throw new StudyException(
                  400, "answer must be 'real' or 'fake', found '" + answer + "'");
            }
            stored = answer;
            truth = chosen.real() ? "real" : "generated";
            className = chosen.className();
            correct = chosen.real() == "real".equals(answer);
          } else {
            if (!"real".equals(answer)) {
              throw new StudyException(
                  400,
                  "In pair mode post the token of the image you think is real with"
                      + " answer 'real', found '"
                      + answer
                      + "'");
            }
            stored = chosen.position() == 0 ? "left" : "right";
            truth = "pair";
            className =
                images.stream()
                    .filter(ImageRow::real)
                    .map(ImageRow::className)
                    .findFirst()
                    .orElse("?");
            correct = chosen.real();
          }
          String now = Instant.now().toString();
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "INSERT INTO answers(session_id, trial, truth, class_name,"
                      + " answer, correct, response_ms, answered_at) VALUES(?,?,?,?,?,?,?,?)")) {
            ps.setString(1, sessionId);
            ps.setInt(2, trial);
            ps.setString(3, truth);
            ps.setString(4, className);
            ps.setString(5, stored);
            ps.setInt(6, correct ? 1 : 0);
            if (responseMs == null) {
              ps.setNull(7, Types.INTEGER);
            } else {
              ps.setLong(7, responseMs);
            }
            ps.setString(8, now);
            ps.executeUpdate();
          }
          if (trial + 1 == s.trials()) {
            try (PreparedStatement ps =
                conn.prepareStatement("UPDATE sessions SET finished_at = ? WHERE id = ?")) {
              ps.setString(1, now);
              ps.setString(2, sessionId);
              ps.executeUpdate();
            }
          }
          return new AnswerRow(
              sessionId,
              s.participant(),
              s.mode(),
              trial,
              truth,
              className,
              stored,
              correct,
              responseMs,
              now,
              s.model(),
              s.dataset());
        });
  }

  /** Every answer with its session's details, by session creation then trial. */
  public synchronized List<AnswerRow> answers() {
    return answers(null);
  }

  /** The answers of one session, by trial. */
  public synchronized List<AnswerRow> answersOf(String sessionId) {
    return answers(Objects.requireNonNull(sessionId, "sessionId"));
  }

  private List<AnswerRow> answers(String sessionId) {
    return query(
        () -> {
          List<AnswerRow> out = new ArrayList<>();
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "SELECT a.session_id, s.participant, s.mode, a.trial,"
                      + " a.truth, a.class_name, a.answer, a.correct, a.response_ms, a.answered_at, s.model, s.dataset"
                      + " FROM answers a JOIN sessions s ON s.id = a.session_id"
                      + (sessionId == null ? "" : " WHERE a.session_id = ?")
                      + " ORDER BY s.created_at, s.id, a.trial")) {
            if (sessionId != null) {
              ps.setString(1, sessionId);
            }
            try (ResultSet rs = ps.executeQuery()) {
              readAnswers(rs, out);
            }
          }
          return out;
        });
  }

  private static void readAnswers(ResultSet rs, List<AnswerRow> out) throws SQLException {
    while (rs.next()) {
      long ms = rs.getLong(9);
      Long response = rs.wasNull() ? null : ms;
      out.add(
          new AnswerRow(
              rs.getString(1),
              rs.getString(2),
              StudyMode.parse(rs.getString(3)),
              rs.getInt(4),
              rs.getString(5),
              rs.getString(6),
              rs.getString(7),
              rs.getInt(8) == 1,
              response,
              rs.getString(10),
              rs.getString(11),
              rs.getString(12)));
    }
  }

  /** Closes the connection (the data are already committed). */
  @Override
  public synchronized void close() {
    try {
      conn.close();
    } catch (SQLException e) {
      // Nothing is pending: every write was committed when it was made.
    }
  }

  private static final String SESSION_SELECT =
      "SELECT s.id, s.key_hash, s.participant, s.mode, s.trials,"
          + " s.exposure_ms, s.model, s.dataset, s.created_at, s.finished_at,"
          + " (SELECT COUNT(*) FROM answers a WHERE a.session_id = s.id) FROM sessions s";

  private static SessionRow sessionRow(ResultSet rs) throws SQLException {
    return new SessionRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        StudyMode.parse(rs.getString(4)),
        rs.getInt(5),
        rs.getInt(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getInt(11));
  }

  private interface Sql<T> {
    T run() throws SQLException;
  }

  private <T> T query(Sql<T> body) {
    try {
      return body.run();
    } catch (SQLException e) {
      throw new IllegalStateException("Study database " + file + " failed: " + e.getMessage(), e);
    }
  }

  private <T> T inTransaction(Sql<T> body) {
    try {
      conn.setAutoCommit(false);
      try {
        T result = body.run();
        conn.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        conn.rollback();
        throw e;
      } finally {
        conn.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Study database " + file + " failed: " + e.getMessage(), e);
    }
  }
}
