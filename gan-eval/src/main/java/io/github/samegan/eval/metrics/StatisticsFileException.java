package io.github.samegan.eval.metrics;

import io.github.samegan.core.SameGanException;

/** A feature-statistics file is missing, unreadable, truncated or corrupt. */
public class StatisticsFileException extends SameGanException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception naming the file problem. */
  public StatisticsFileException(String message) {
    super(message);
  }

  /** Creates an exception naming the file problem, with its cause. */
  public StatisticsFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
