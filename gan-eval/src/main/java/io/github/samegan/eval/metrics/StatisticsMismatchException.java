package io.github.samegan.eval.metrics;

/**
 * A feature-statistics file is valid but describes other images, another feature network or another
 * preprocessing than the caller expected (see {@link StatisticsKey}); recompute it rather than
 * compare incomparable numbers.
 */
public class StatisticsMismatchException extends StatisticsFileException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception that quotes the expected and the found key. */
  public StatisticsMismatchException(String message) {
    super(message);
  }
}
