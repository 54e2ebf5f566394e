package io.github.samegan.examples.study;

import java.util.Locale;

/** How the study presents images. */
public enum StudyMode {
  /** One image per trial: is it real or generated? Half the trials show a real image. */
  SINGLE,
  /** Two images per trial, one real and one generated in random order: which one is real? */
  PAIR;

  /** The lower-case name used in URLs, JSON and the database. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code single} or {@code pair} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static StudyMode parse(String s) {
    if (s != null) {
      for (StudyMode m : values()) {
        if (m.id().equalsIgnoreCase(s.trim())) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException("mode must be 'single' or 'pair', found '" + s + "'");
  }
}
