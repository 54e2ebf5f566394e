package io.github.samegan.examples.study;

import java.util.Objects;

/**
 * The settings of one study session.
 *
 * @param mode single images or pairs
 * @param trials number of trials, in [{@value #MIN_TRIALS}, {@value #MAX_TRIALS}]; in single mode
 *     half show a real image (for an odd count the extra one is real or generated at random)
 * @param exposureMs how long images stay visible, 0 for no limit, else in [{@value
 *     #MIN_EXPOSURE_MS}, {@value #MAX_EXPOSURE_MS}]; the participant may answer after they
 *     disappear
 */
public record StudySettings(StudyMode mode, int trials, int exposureMs) {
  /** Fewest trials in a session. */
  public static final int MIN_TRIALS = 2;

  /** Most trials in a session. */
  public static final int MAX_TRIALS = 200;

  /** Shortest exposure limit. */
  public static final int MIN_EXPOSURE_MS = 100;

  /** Longest exposure limit. */
  public static final int MAX_EXPOSURE_MS = 60_000;

  /** Validates the settings, naming the field, the value and what is allowed. */
  public StudySettings {
    Objects.requireNonNull(mode, "mode");
    if (trials < MIN_TRIALS || trials > MAX_TRIALS) {
      throw new IllegalArgumentException(
          "trials must be in [" + MIN_TRIALS + ", " + MAX_TRIALS + "], found " + trials);
    }
    if (exposureMs != 0 && (exposureMs < MIN_EXPOSURE_MS || exposureMs > MAX_EXPOSURE_MS)) {
      throw new IllegalArgumentException(
          "exposure must be 0 (no limit) or in ["
              + MIN_EXPOSURE_MS
              + ", "
              + MAX_EXPOSURE_MS
              + "] ms, found "
              + exposureMs);
    }
  }

  /** The defaults: 20 single-image trials, no exposure limit. */
  public static StudySettings defaults() {
    return new StudySettings(StudyMode.SINGLE, 20, 0);
  }
}
