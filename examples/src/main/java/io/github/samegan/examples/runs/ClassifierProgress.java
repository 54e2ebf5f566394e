package io.github.samegan.examples.runs;

import io.github.samegan.eval.classify.ClassifierTrainer;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The console progress of classifier and detector training: every {@code every} steps (and at the
 * last), the loss and batch accuracy smoothed over about 20 steps, the time per step and the time
 * so far.
 */
public final class ClassifierProgress implements Consumer<ClassifierTrainer.ClassifierStep> {
  private final PrintWriter console;
  private final long steps;
  private final int every;
  private final long start = System.nanoTime();
  private double loss = Double.NaN;
  private double accuracy = Double.NaN;

  /**
   * Prints to {@code console} every {@code every} steps of {@code steps}.
   *
   * @throws IllegalArgumentException if {@code every} is below 1
   */
  public ClassifierProgress(PrintWriter console, long steps, int every) {
    if (every < 1) {
      throw new IllegalArgumentException("--progress-every must be >= 1, found " + every);
    }
    this.console = console;
    this.steps = steps;
    this.every = every;
  }

  @Override
  public void accept(ClassifierTrainer.ClassifierStep s) {
    loss = Double.isNaN(loss) ? s.loss() : 0.95 * loss + 0.05 * s.loss();
    accuracy = Double.isNaN(accuracy) ? s.accuracy() : 0.95 * accuracy + 0.05 * s.accuracy();
    if (s.step() % every == 0 || s.step() == steps) {
      double elapsed = (System.nanoTime() - start) / 1e9;
      console.printf(
          Locale.ROOT,
          "step %d/%d  loss %.4f  batch acc %.3f  %.0f ms/step  elapsed %.0f s%n",
          s.step(),
          steps,
          loss,
          accuracy,
          elapsed * 1000 / s.step(),
          elapsed);
      console.flush();
    }
  }
}
