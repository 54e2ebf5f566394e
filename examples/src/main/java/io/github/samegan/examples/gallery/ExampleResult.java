package io.github.samegan.examples.gallery;

import io.github.samegan.core.train.StepStats;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an example run produced.
 *
 * @param example the example's name
 * @param dataset the data set it trained on
 * @param steps the step training reached
 * @param last the last step's losses and scores
 * @param out the output folder ({@code samples/}, {@code metrics.csv}, {@code
 *     checkpoints/last.ckpt}, {@code report.html})
 */
public record ExampleResult(String example, String dataset, long steps, StepStats last, Path out) {

  /** The newest sample grid. */
  public Path latestSamples() {
    return out.resolve("samples")
        .resolve(String.format(java.util.Locale.ROOT, "step-%06d.png", steps));
  }

  /** The run report. */
  public Path report() {
    return out.resolve("report.html");
  }

  /**
   * The line printed when the example is done: the step, and the newest sample grid and the report
   * where they exist (an example that scores a given checkpoint trains nothing and writes no
   * report).
   */
  public String summary() {
    StringBuilder sb = new StringBuilder("Done at step ").append(steps).append('.');
    if (Files.exists(latestSamples())) {
      sb.append(" Samples: ").append(latestSamples());
    }
    if (Files.exists(report())) {
      sb.append("  Report: ").append(report());
    }
    return sb.toString();
  }
}
