package io.github.samegan.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of a sweep's results: the setting, what happened and what it measured.
 *
 * @param setting the training's settings
 * @param status {@code trained} (ran in this sweep), {@code skipped} (finished by an earlier run of
 *     the sweep; the figures are that run's) or {@code failed}
 * @param error for a failed run, the exception's class and message; otherwise null
 * @param stepsDone training steps completed (the checkpoint's step)
 * @param dLoss the discriminator's loss at the last step (NaN if none)
 * @param gLoss the generator's loss at the last step (NaN if none)
 * @param msPerStep mean wall time of the steps this run trained, in milliseconds (NaN if none)
 * @param fd Fréchet distance between generated and real images at the end, or null when not asked
 * @param kid kernel inception distance (mean over subsets) on the same features, or null when not
 *     asked
 * @param detectionRate the share of generated images a detector calls generated at the end, or null
 *     when no detector was given
 * @param runDir the run folder's URI
 */
public record SweepResult(
    SweepSetting setting,
    String status,
    String error,
    long stepsDone,
    double dLoss,
    double gLoss,
    double msPerStep,
    Double fd,
    Double kid,
    Double detectionRate,
    String runDir)
    implements Serializable {
  private static final long serialVersionUID = 2L;

  /** A run trained in this sweep. */
  public static final String TRAINED = "trained";

  /** A run an earlier sweep finished. */
  public static final String SKIPPED = "skipped";

  /** A run that threw. */
  public static final String FAILED = "failed";

  /** Requires the setting and a known status. */
  public SweepResult {
    Objects.requireNonNull(setting, "setting");
    if (!TRAINED.equals(status) && !SKIPPED.equals(status) && !FAILED.equals(status)) {
      throw new IllegalArgumentException(
          "status must be trained, skipped or failed, found " + status);
    }
  }

  /** A failed run's row. */
  static SweepResult failed(SweepSetting s, Throwable t, String runDir) {
    String msg = t.getMessage() == null ? "" : ": " + t.getMessage();
    return new SweepResult(
        s,
        FAILED,
        t.getClass().getName() + msg,
        0,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        null,
        null,
        null,
        runDir);
  }

  /** The figures as text (the run folder's {@code result.properties}). */
  Map<String, String> toProperties() {
    Map<String, String> m = new LinkedHashMap<>(setting.toProperties());
    m.put("steps_done", Long.toString(stepsDone));
    m.put("d_loss", Double.toString(dLoss));
    m.put("g_loss", Double.toString(gLoss));
    m.put("ms_per_step", Double.toString(msPerStep));
    if (fd != null) {
      m.put("fd", Double.toString(fd));
    }
    if (kid != null) {
      m.put("kid", Double.toString(kid));
    }
    if (detectionRate != null) {
      m.put("detection_rate", Double.toString(detectionRate));
    }
    return m;
  }

  /**
   * A finished run's row read back from its {@code result.properties}, marked skipped; figures it
   * does not hold (e.g. written before KID was recorded) are null.
   */
  static SweepResult skipped(SweepSetting s, Map<String, String> p, String runDir) {
    return new SweepResult(
        s,
        SKIPPED,
        null,
        Long.parseLong(p.getOrDefault("steps_done", "0")),
        Double.parseDouble(p.getOrDefault("d_loss", "NaN")),
        Double.parseDouble(p.getOrDefault("g_loss", "NaN")),
        Double.parseDouble(p.getOrDefault("ms_per_step", "NaN")),
        optional(p, "fd"),
        optional(p, "kid"),
        optional(p, "detection_rate"),
        runDir);
  }

  private static Double optional(Map<String, String> p, String key) {
    String v = p.get(key);
    return v == null ? null : Double.valueOf(v);
  }
}
