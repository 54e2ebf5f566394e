package io.github.samegan.examples.study;

import io.github.samegan.core.ImageShape;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.examples.runs.ImageCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The human real-vs-fake study: creates sessions (half real, half generated images in an order
 * drawn with {@link SecureRandom} and kept on the server), hands out one trial at a time, and
 * records answers through a {@link StudyStore}.
 *
 * <p>What the participant's browser sees carries no label: images are addressed by random 128-bit
 * tokens ({@code /study/img/TOKEN}), all images of a study are uncompressed PNGs of the same byte
 * length, and a trial's tokens are handed out only when it becomes the current one. Answers need
 * the session id, the participant key returned when the session was created (stored hashed), the
 * trial index and a token of that trial.
 */
public final class Study {
  /** The class recorded for generated images of an unconditional model. */
  public static final String GENERATED_CLASS = "(generated)";

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}");
  private static final Pattern PARTICIPANT = Pattern.compile("[\\p{L}\\p{N} ._@-]{0,40}");

  private final StudyStore store;
  private final ImageDataset real;
  private final FakeImages fake;
  private final String modelName;
  private final StudySettings defaults;
  private final SecureRandom random = new SecureRandom();
  private final ImageShape shape;
  private final long pngBytes;

  /** Generous estimates of what SQLite stores beside an image's PNG bytes, and for a session. */
  private static final long IMAGE_ROW_BYTES = 256;

  private static final long SESSION_ROW_BYTES = 1024;

  /**
   * @param store where sessions and answers live
   * @param real the real images (their class names label the per-class statistics)
   * @param fake the generator
   * @param modelName what the sessions record as the model
   * @param defaults the settings a session gets when the page asks for none
   * @throws IllegalArgumentException if the real and generated images differ in shape
   */
  public Study(
      StudyStore store,
      ImageDataset real,
      FakeImages fake,
      String modelName,
      StudySettings defaults) {
    this.store = Objects.requireNonNull(store, "store");
    this.real = Objects.requireNonNull(real, "real");
    this.fake = Objects.requireNonNull(fake, "fake");
    this.modelName = modelName;
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    ImageInfo info = real.info();
    this.shape = new ImageShape(info.channels(), info.height(), info.width());
    if (!shape.equals(fake.shape())) {
      throw new IllegalArgumentException(
          "The real images ("
              + real.name()
              + ") are "
              + shape
              + " but the model generates "
              + fake.shape()
              + "; a study must compare images of the same shape"
              + " (choose the data set with --real)");
    }
    this.pngBytes = ImageCodec.uncompressedPng(new float[(int) shape.size()], 0, shape).length;
  }

  /** The settings new sessions get by default. */
  public StudySettings defaults() {
    return defaults;
  }

  /** The store. */
  public StudyStore store() {
    return store;
  }

  /** The name of the real data set. */
  public String realName() {
    return real.name();
  }

  /**
   * About how many bytes a session with these settings adds to the database: its images (each an
   * uncompressed PNG of the same length) and their rows.
   */
  public long sessionBytes(StudySettings settings) {
    int images = settings.mode() == StudyMode.PAIR ? 2 * settings.trials() : settings.trials();
    return images * (pngBytes + IMAGE_ROW_BYTES) + SESSION_ROW_BYTES;
  }

  /** A new session's id and the participant key that must accompany its answers. */
  public record Created(String session, String key) {}

  /**
   * Creates a session: draws its real images and generates its fakes, shuffles them, encodes them
   * and stores everything before returning.
   *
   * @param participant an optional participant code (letters, digits, space, {@code . _ @ -}; at
   *     most 40 characters); blank gets {@code P-} and the start of the session id
   * @param settings the session's settings
   */
  public Created createSession(String participant, StudySettings settings) {
    String label = participant == null ? "" : participant.strip();
    if (!PARTICIPANT.matcher(label).matches()) {
      throw new StudyException(
          400,
          "participant code may hold letters, digits, spaces and . _ @ -"
              + " (at most 40 characters)");
    }
    String id = token();
    String key = token();
    if (label.isEmpty()) {
      label = "P-" + id.substring(0, 6);
    }
    int n = settings.trials();
    List<ImageRow> rows = settings.mode() == StudyMode.SINGLE ? singleTrials(n) : pairTrials(n);
    store.createSession(
        new StudyStore.SessionRow(
            id,
            hash(key),
            label,
            settings.mode(),
            n,
            settings.exposureMs(),
            modelName,
            real.name(),
            Instant.now().toString(),
            null,
            0),
        toStoreRows(rows));
    return new Created(id, key);
  }

  /**
   * The session's state for the participant's browser: the current trial's image URLs, or the score
   * once every trial is answered. Nothing in it says which image is real before the trial is
   * answered.
   */
  public Map<String, Object> state(String sessionId, String key) {
    StudyStore.SessionRow s = authorised(sessionId, key);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("session", s.id());
    out.put("participant", s.participant());
    out.put("mode", s.mode().id());
    out.put("trials", s.trials());
    out.put("exposureMs", s.exposureMs());
    out.put("answered", s.answered());
    out.put("done", s.done());
    if (!s.done()) {
      List<String> tokens =
          store.trialImages(s.id(), s.answered()).stream().map(StudyStore.ImageRow::token).toList();
      Map<String, Object> trial = new LinkedHashMap<>();
      trial.put("index", s.answered());
      trial.put("tokens", tokens);
      trial.put("images", tokens.stream().map(t -> "/study/img/" + t).toList());
      out.put("trial", trial);
    } else {
      out.put("score", score(s.id()));
    }
    return out;
  }

  /**
   * Records an answer (see {@link StudyStore#answer}) and returns the new state.
   *
   * @throws StudyException if it is refused
   */
  public Map<String, Object> answer(
      String sessionId, String key, Integer trial, String token, String answer, Long responseMs) {
    if (sessionId == null || key == null || trial == null || token == null || answer == null) {
      throw new StudyException(
          400, "An answer needs session, trial, token and answer, and the X-Study-Key header");
    }
    Long ms = responseMs == null || responseMs < 0 ? null : Math.min(responseMs, 3_600_000L);
    store.answer(sessionId, hash(key), trial, token, answer, ms);
    Map<String, Object> next = state(sessionId, key);
    next.put("accepted", true);
    return next;
  }

  /**
   * The PNG bytes of an image, if its token exists and its trial is the current one or already
   * answered (tokens of later trials are never handed out, and are refused here too).
   */
  public byte[] image(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return null;
    }
    StudyStore.ImageRow img = store.image(token).orElse(null);
    if (img == null) {
      return null;
    }
    StudyStore.SessionRow s = store.session(img.sessionId()).orElse(null);
    if (s == null || img.trial() > s.answered()) {
      return null;
    }
    return img.png();
  }

  private Map<String, Object> score(String sessionId) {
    int correct = 0;
    int total = 0;
    int realCorrect = 0;
    int realTotal = 0;
    int fakeCorrect = 0;
    int fakeTotal = 0;
    for (StudyStore.AnswerRow a : store.answersOf(sessionId)) {
      total++;
      correct += a.correct() ? 1 : 0;
      if ("real".equals(a.truth())) {
        realTotal++;
        realCorrect += a.correct() ? 1 : 0;
      } else if ("generated".equals(a.truth())) {
        fakeTotal++;
        fakeCorrect += a.correct() ? 1 : 0;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("correct", correct);
    out.put("total", total);
    out.put("accuracy", total == 0 ? 0.0 : (double) correct / total);
    if (realTotal + fakeTotal > 0) {
      out.put("realCorrect", realCorrect);
      out.put("realTotal", realTotal);
      out.put("generatedCorrect", fakeCorrect);
      out.put("generatedTotal", fakeTotal);
    }
    return out;
  }

  private StudyStore.SessionRow authorised(String sessionId, String key) {
    if (sessionId == null || !TOKEN.matcher(sessionId).matches()) {
      throw new StudyException(404, "Unknown study session");
    }
    StudyStore.SessionRow s =
        store
            .session(sessionId)
            .orElseThrow(() -> new StudyException(404, "Unknown study session"));
    if (key == null || !s.keyHash().equals(hash(key))) {
      throw new StudyException(403, "This session belongs to another participant");
    }
    return s;
  }

  /** One image of a trial before encoding. */
  private record ImageRow(
      int trial,
      int position,
      boolean isReal,
      String className,
      String origin,
      float[] chw,
      int offset) {}

  private List<ImageRow> singleTrials(int n) {
    int nReal = n / 2 + (n % 2 == 1 && random.nextBoolean() ? 1 : 0);
    int nFake = n - nReal;
    boolean[] isReal = new boolean[n];
    for (int i = 0; i < nReal; i++) {
      isReal[i] = true;
    }
    shuffle(isReal);
    int[] realIdx = drawReal(nReal);
    float[] fakes = generate(nFake);
    List<ImageRow> rows = new ArrayList<>();
    int r = 0;
    int f = 0;
    long per = shape.size();
    for (int t = 0; t < n; t++) {
      if (isReal[t]) {
        int idx = realIdx[r++];
        rows.add(
            new ImageRow(t, 0, true, className(idx), real.name() + "#" + idx, real.image(idx), 0));
      } else {
        rows.add(
            new ImageRow(
                t, 0, false, GENERATED_CLASS, modelName + " sample " + f, fakes, (int) (f * per)));
        f++;
      }
    }
    return rows;
  }

  private List<ImageRow> pairTrials(int n) {
    int[] realIdx = drawReal(n);
    float[] fakes = generate(n);
    List<ImageRow> rows = new ArrayList<>();
    long per = shape.size();
    for (int t = 0; t < n; t++) {
      int realPos = random.nextBoolean() ? 0 : 1;
      int idx = realIdx[t];
      rows.add(
          new ImageRow(
              t, realPos, true, className(idx), real.name() + "#" + idx, real.image(idx), 0));
      rows.add(
          new ImageRow(
              t,
              1 - realPos,
              false,
              GENERATED_CLASS,
              modelName + " sample " + t,
              fakes,
              (int) (t * per)));
    }
    return rows;
  }

  private List<StudyStore.ImageRow> toStoreRows(List<ImageRow> rows) {
    List<StudyStore.ImageRow> out = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (ImageRow r : rows) {
      String t;
      do {
        t = token();
      } while (!used.add(t));
      out.add(
          new StudyStore.ImageRow(
              t,
              null,
              r.trial(),
              r.position(),
              r.isReal(),
              r.className(),
              r.origin(),
              ImageCodec.uncompressedPng(r.chw(), r.offset(), shape)));
    }
    return out;
  }

  private String className(int idx) {
    int label = real.label(idx);
    return label >= 0 && label < real.classNames().size()
        ? real.classNames().get(label)
        : "(unlabelled)";
  }

  private int[] drawReal(int k) {
    int size = real.size();
    int[] out = new int[k];
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < k; i++) {
      int idx;
      do {
        idx = random.nextInt(size);
      } while (size >= k && !seen.add(idx));
      out[i] = idx;
    }
    return out;
  }

  private float[] generate(int k) {
    if (k == 0) {
      return new float[0];
    }
    INDArray imgs = fake.sample(k, random.nextLong());
    return imgs.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  private void shuffle(boolean[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      boolean tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }

  private String token() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String hash(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder();
      for (byte x : d) {
        sb.append(String.format("%02x", x));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
