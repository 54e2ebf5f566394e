package io.github.samegan.examples.report;

import io.github.samegan.examples.report.Section.Chart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sections drawn from the loss log {@code metrics.csv}: the losses, D(real) and D(fake), the
 * values the loss monitors ("Training"), and the learning rates and time per step ("Learning rates
 * and speed").
 */
final class TrainingSections {
  private static final Set<String> BASE =
      Set.of("step", "d_loss", "g_loss", "d_real", "d_fake", "ms_per_step");

  private TrainingSections() {}

  /** The "Training" section; a log without steps adds a line to {@code notes}. */
  static Section training(CsvTable log, Map<String, String> meta, List<String> notes) {
    double[] step = log.numbers("step");
    List<Chart> training = new ArrayList<>();
    if (log.rows().isEmpty()) {
      notes.add("The loss log has no steps yet.");
    } else {
      training.add(
          Chart.draw(
              "losses",
              "Losses",
              yLabelOf("loss", meta),
              "Both losses, one thin line per step and a thick moving average. In a healthy run they stay "
                  + "in a band rather than one going to zero: a D loss near zero with a rising G loss means "
                  + "the discriminator has won and the generator gets no useful gradient.",
              List.of(
                  Charts.Series.smoothed("D loss", step, log.numbers("d_loss")),
                  Charts.Series.smoothed("G loss", step, log.numbers("g_loss"))),
              List.of(),
              false));
      double[] dReal = log.numbers("d_real");
      double[] dFake = log.numbers("d_fake");
      boolean prob = within01(dReal) && within01(dFake);
      training.add(
          Chart.draw(
              "d-scores",
              "Discriminator on real and generated batches",
              prob ? "probability D says 'real'" : "raw critic score",
              prob
                  ? "D's mean probability that a batch is real. Early on D separates them (real near 1, generated "
                      + "near 0); as G improves they move towards each other. Both pinned at 1 and 0 for long stretches "
                      + "means D wins outright; D(fake) above D(real) means D is being fooled."
                  : "The loss reports D's raw score (a Wasserstein-style critic, not a probability). The gap "
                      + "D(real) − D(fake) estimates how far apart the distributions are; it should shrink as G improves.",
              List.of(
                  Charts.Series.smoothed("D(real)", step, dReal),
                  Charts.Series.smoothed("D(fake)", step, dFake)),
              prob ? List.of(new Charts.Reference("0.5: D cannot tell", 0.5)) : List.of(),
              false));
      for (String col : log.header()) {
        if (!BASE.contains(col) && log.isNumeric(col)) {
          training.add(
              Chart.draw(
                  "monitor-" + col,
                  "Monitored by the loss: " + col,
                  col,
                  monitoredHelp(col),
                  List.of(Charts.Series.smoothed(col, step, log.numbers(col))),
                  col.endsWith("grad_norm")
                      ? List.of(new Charts.Reference("target 1", 1.0))
                      : List.of(),
                  false));
        }
      }
    }
    return new Section("training", "Training", null, training);
  }

  /**
   * The "Learning rates and speed" section: the logged rates, else the constant ones of the
   * settings (else a line in {@code notes}), and the time per step.
   */
  static Section schedule(CsvTable log, Map<String, String> meta, List<String> notes) {
    double[] step = log.numbers("step");
    List<Chart> charts = new ArrayList<>();
    if (log.has("g_lr") || log.has("d_lr")) {
      List<Charts.Series> s = new ArrayList<>();
      if (log.has("g_lr")) {
        s.add(Charts.Series.line("G learning rate", step, log.numbers("g_lr")));
      }
      if (log.has("d_lr")) {
        s.add(new Charts.Series("D learning rate", step, log.numbers("d_lr"), null, false, true));
      }
      charts.add(
          Chart.draw(
              "learning-rates",
              "Learning rates",
              "learning rate",
              "Per step, from the loss log.",
              s,
              List.of(),
              false,
              new Charts.YAxis(0.0, null, "0.0E0")));
    } else if (meta.containsKey("g_lr") && meta.containsKey("d_lr") && step.length > 0) {
      double g = Numbers.parse(meta.get("g_lr"));
      double d = Numbers.parse(meta.get("d_lr"));
      double[] x = {step[0], step[step.length - 1]};
      charts.add(
          Chart.draw(
              "learning-rates",
              "Learning rates",
              "learning rate",
              "Constant for the whole run (the run's --g-lr and --d-lr; "
                  + Html.esc(meta.getOrDefault("optimizer", "?"))
                  + "). "
                  + (g == d
                      ? "G and D use the same rate, so the two lines coincide."
                      : "G and D differ (two time-scale update rule)."),
              List.of(
                  Charts.Series.line("G learning rate", x, new double[] {g, g}),
                  new Charts.Series("D learning rate", x, new double[] {d, d}, null, false, true)),
              List.of(),
              false,
              new Charts.YAxis(
                  0.0, Double.isFinite(Math.max(g, d)) ? Math.max(g, d) * 1.25 : null, "0.0E0")));
    } else {
      notes.add(
          "Learning rates were not recorded (the checkpoint has no g_lr/d_lr): runs started by "
              + "'samegan train' record them.");
    }
    if (log.has("ms_per_step") && step.length > 0) {
      charts.add(
          Chart.draw(
              "throughput",
              "Time per training step",
              "milliseconds per step",
              "Wall time of each step (D and G updates, data loading, callbacks). Spikes are steps that also "
                  + "wrote a sample grid, a checkpoint or an evaluation; the first steps include warm-up.",
              List.of(Charts.Series.smoothed("ms per step", step, log.numbers("ms_per_step"))),
              List.of(),
              false));
    }
    return new Section("schedule", "Learning rates and speed", null, charts);
  }

  private static String yLabelOf(String what, Map<String, String> meta) {
    return meta.containsKey("loss") ? what + " (" + meta.get("loss") + ")" : what;
  }

  private static String monitoredHelp(String col) {
    if (col.endsWith("grad_norm")) {
      return "Mean norm of D's input gradient where the penalty is taken; the WGAN-GP and DRAGAN penalties pull "
          + "it towards 1 (dotted line).";
    }
    if (col.endsWith("grad_sq")) {
      return "Mean squared norm of D's input gradient that the R1/R2 penalty pushes towards 0.";
    }
    if (col.startsWith("evade_") && col.endsWith("_p_fake")) {
      return "Mean P(generated) that the detector G is trained to evade (--evade) gives the generated batch"
          + " of each step, on G's continuous output; detector-aware training pushes it down.";
    }
    if (col.startsWith("evade_") && col.endsWith("_weight")) {
      return "The scheduled weight (lambda) of the detector term in G's loss: 0 up to --evade-start, then"
          + " a linear ramp over --evade-ramp steps.";
    }
    if (col.startsWith("evade_")) {
      return "The detector term G minimises before weighting: mean -log P(real) under the evaded"
          + " detector (docs/detection.md).";
    }
    if (col.endsWith("penalty")) {
      return "The penalty term added to D's loss (already multiplied by its weight).";
    }
    return "A value the loss reports with every step.";
  }

  private static boolean within01(double[] v) {
    boolean any = false;
    for (double x : v) {
      if (Double.isFinite(x)) {
        any = true;
        if (x < 0 || x > 1) {
          return false;
        }
      }
    }
    return any;
  }
}
