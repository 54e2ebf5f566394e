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
 * registries.
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
}
