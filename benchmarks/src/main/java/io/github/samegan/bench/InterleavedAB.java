package io.github.samegan.bench;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelRegistry;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * An A/B test of a code change to the train step, in one JVM with its steps interleaved, so that
 * both versions see the same machine. This VM's speed drifts by up to ~30 % over minutes, more than
 * most single changes are worth, so two JMH runs one after the other cannot resolve them
 * (docs/benchmarks.md).
 *
 * <p>How to use it: guard the old code path with a temporary {@code
 * Boolean.getBoolean("samegan.ab.old")} where the graph is built (the property is read once per
 * graph). This program builds four trainers in the order A, B, B, A (A with the property {@code
 * true}, B with {@code false}), warms them up, then steps them in turn, rotating the order every
 * round, and prints the median step of each version over its two trainers and B/A. Remove the
 * switch before committing.
 *
 * <p>Why four: with two trainers, an A/A run (no switch in the code) came out 1–3.5 % slower for
 * the trainer built second, in three runs of three. Building A, B, B, A cancels such an order
 * effect; an A/A run of this program shows the resolution that is left (docs/benchmarks.md).
 *
 * <p>{@code benchmarks/run-main.sh io.github.samegan.bench.InterleavedAB [steps=30] [batch=64]
 * [model=dcgan] [loss=minimax] [property=samegan.ab.old]}; any model and loss name of the
 * registries. The library's own switches, kept for such runs, are the {@code samegan.oldOps.*}
 * properties ({@code SameDiffPatches.OLD_OPS_PROPERTY}).
 *
 * <p>With {@code profile} first ({@code profile [steps=10] [batch] [model] [loss] [property]}) it
 * builds one trainer of each version, times every op ({@link StepProfile.OpTimer}) while they step
 * alternately, and prints ms per step per op type side by side.
 */
public final class InterleavedAB {
  private InterleavedAB() {}

  private static GanTrainer trainer(
      String property, boolean old, String model, String loss, int batch) {
    System.setProperty(property, Boolean.toString(old));
    ImageShape shape = ImageShape.rgb(32);
    Architecture arch = ModelRegistry.create(model, shape);
    Gan gan =
        Gan.builder(arch.generator(), arch.discriminator(), LossRegistry.create(loss)).build();
    GanTrainer t = GanTrainer.builder(gan, new FixedBatch(shape, batch, 7L)).build();
    for (int i = 0; i < 3; i++) {
      t.step(); // builds both update graphs while the property has this trainer's value
    }
    return t;
  }

  /**
   * Entry point: {@code [steps=30] [batch=64] [model=dcgan] [loss=minimax] [property]}; steps per
   * trainer.
   */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("profile")) {
      String[] rest = Arrays.copyOfRange(args, 1, args.length);
      int batch = rest.length > 1 ? Integer.parseInt(rest[1]) : 64;
      String model = rest.length > 2 ? rest[2] : "dcgan";
      String loss = rest.length > 3 ? rest[3] : "minimax";
      String property = rest.length > 4 ? rest[4] : "samegan.ab.old";
      profile(
          new String[] {"A (" + property + ")", "B"},
          k -> trainer(property, k == 0, model, loss, batch),
          rest.length > 0 ? Integer.parseInt(rest[0]) : 10);
      System.clearProperty(property);
      return;
    }
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    String model = args.length > 2 ? args[2] : "dcgan";
    String loss = args.length > 3 ? args[3] : "minimax";
    String property = args.length > 4 ? args[4] : "samegan.ab.old";
    String result = compare(old -> trainer(property, old, model, loss, batch), steps);
    System.clearProperty(property);
    System.out.printf(
        Locale.ROOT,
        "%s/%s batch %d, %d steps per trainer: A (%s=true) %s%n",
        model,
        loss,
        batch,
        steps,
        property,
        result);
  }

  /**
   * Builds four trainers in the order A, B, B, A ({@code build.apply(true)} is A), steps them in
   * rotating order, {@code steps} times each after 3 warm-up rounds, and describes the medians:
   * {@code "median … ms, B (false) median … ms, B/A … (…); per trainer: …"}.
   */
  static String compare(Function<Boolean, GanTrainer> build, int steps) {
    boolean[] old = {true, false, false, true};
    GanTrainer[] t = new GanTrainer[old.length];
    for (int k = 0; k < t.length; k++) {
      t[k] = build.apply(old[k]);
    }
    for (int i = 0; i < 3; i++) {
      for (GanTrainer x : t) {
        x.step();
      }
    }
    double[][] per = new double[t.length][steps];
    for (int i = 0; i < steps; i++) {
      for (int j = 0; j < t.length; j++) {
        int k = (i + j) % t.length;
        per[k][i] = t[k].step().millis();
      }
    }
    StringBuilder each = new StringBuilder();
    for (int k = 0; k < t.length; k++) {
      each.append(
          String.format(Locale.ROOT, " %s%d %.1f", old[k] ? "A" : "B", k + 1, median(per[k])));
    }
    double ma = median(steps(per, old, true));
    double mb = median(steps(per, old, false));
    return String.format(
        Locale.ROOT,
        "median %.1f ms, B (false) median %.1f ms, B/A %.3f (%+.1f %%); per trainer:%s",
        ma,
        mb,
        mb / ma,
        (mb / ma - 1) * 100,
        each);
  }

  /** All steps of the trainers of one version. */
  private static double[] steps(double[][] per, boolean[] old, boolean version) {
    return IntStream.range(0, per.length)
        .filter(k -> old[k] == version)
        .mapToObj(k -> per[k])
        .flatMapToDouble(Arrays::stream)
        .toArray();
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
  }

  /**
   * Times every op of the trainers {@code build.apply(k)} ({@code k} indexing {@code labels}) while
   * they step alternately, {@code steps} times each after 3 warm-up steps, and prints ms per step
   * per op type side by side, the first trainer's largest first.
   */
  static void profile(String[] labels, IntFunction<GanTrainer> build, int steps) {
    GanTrainer[] t = new GanTrainer[labels.length];
    StepProfile.OpTimer[] timers = new StepProfile.OpTimer[labels.length];
    for (int k = 0; k < t.length; k++) {
      t[k] = build.apply(k);
      for (int i = 0; i < 3; i++) {
        t[k].step();
      }
      timers[k] = new StepProfile.OpTimer();
      t[k].gan().setTrainingListeners(timers[k]);
    }
    double[][] ms = new double[t.length][steps];
    for (int i = 0; i < steps; i++) {
      for (int k = 0; k < t.length; k++) {
        ms[k][i] = t[k].step().millis();
      }
    }
    java.util.Set<String> ops = new java.util.TreeSet<>();
    for (StepProfile.OpTimer timer : timers) {
      ops.addAll(timer.byType.keySet());
    }
    java.util.List<String> rows = new java.util.ArrayList<>(ops);
    rows.sort(
        java.util.Comparator.comparingDouble(
            (String op) -> -timers[0].byType.getOrDefault(op, new long[2])[1]));
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-24s", "op"));
    for (String label : labels) {
      head.append(String.format(Locale.ROOT, " %8s %10s", "n", label + " ms"));
    }
    System.out.println(head);
    double[] total = new double[t.length];
    double[] calls = new double[t.length];
    for (String op : rows) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-24s", op));
      for (int k = 0; k < t.length; k++) {
        long[] acc = timers[k].byType.getOrDefault(op, new long[2]);
        total[k] += acc[1] / 1e6 / steps;
        calls[k] += acc[0] / (double) steps;
        line.append(
            String.format(
                Locale.ROOT, " %8.1f %10.2f", acc[0] / (double) steps, acc[1] / 1e6 / steps));
      }
      System.out.println(line);
    }
    for (int k = 0; k < t.length; k++) {
      System.out.printf(
          Locale.ROOT,
          "%s: %.0f ops per step, %.1f ms inside ops, median step %.1f ms (with the op listener)%n",
          labels[k],
          calls[k],
          total[k],
          median(ms[k]));
    }
  }
}
