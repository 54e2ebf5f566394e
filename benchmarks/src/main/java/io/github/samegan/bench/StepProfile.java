package io.github.samegan.bench;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.losses.MinimaxLoss;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.Dcgan;
import io.github.samegan.models.ModelRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Where the reference DCGAN step spends its time: per SameDiff op type (calls and milliseconds per
 * step, from a listener around every op execution), the share of the step spent inside ops, and the
 * step time with and without a collection after every step. A diagnostic for the performance work
 * (docs/benchmarks.md), not a benchmark: the listener itself adds a little time per op.
 *
 * <p>How to run: {@code benchmarks/run-main.sh io.github.samegan.bench.StepProfile [steps=20]
 * [batch=64] [model=dcgan-reference]}; a registered model name (e.g. {@code resnet-sngan-small})
 * profiles that model's hinge step as {@link ModelStepBenchmark} times it.
 */
public final class StepProfile {
  private StepProfile() {}

  /** Accumulates wall time per op type. */
  static final class OpTimer extends BaseListener {
    final Map<String, long[]> byType = new HashMap<>();
    private long start;

    @Override
    public boolean isActive(Operation operation) {
      return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext ctx) {
      start = System.nanoTime();
    }

    @Override
    public void opExecution(
        SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx, INDArray[] outputs) {
      long[] acc = byType.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
      acc[0]++;
      acc[1] += System.nanoTime() - start;
    }
  }

  /** Entry point: {@code [steps=20] [batch=64] [model]}. */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    ImageShape shape = ImageShape.rgb(32);
    Gan gan;
    if (args.length > 2) {
      Architecture a = ModelRegistry.create(args[2], shape);
      gan = Gan.builder(a.generator(), a.discriminator(), LossRegistry.create("hinge")).build();
    } else {
      Dcgan dcgan = Dcgan.reference(shape);
      gan =
          Gan.builder(dcgan.generator(), dcgan.discriminator(), MinimaxLoss.nonSaturating())
              .build();
    }
    GanTrainer t = GanTrainer.builder(gan, new FixedBatch(shape, batch, 7)).build();
    GanTrainer collecting =
        GanTrainer.builder(gan, new FixedBatch(shape, batch, 7)).gcEvery(1).build();
    for (int i = 0; i < 5; i++) {
      t.step();
    }
    double plain = medianStep(t, steps);
    double withGc = medianStep(collecting, Math.min(steps, 10));
    System.gc();
    OpTimer timer = new OpTimer();
    gan.setTrainingListeners(timer);
    double profiled = medianStep(t, steps);
    gan.setTrainingListeners();
    List<Map.Entry<String, long[]>> rows = new ArrayList<>(timer.byType.entrySet());
    rows.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
    long calls = 0;
    long nanos = 0;
    System.out.printf(Locale.ROOT, "%-28s %8s %10s%n", "op", "calls", "ms/step");
    for (Map.Entry<String, long[]> e : rows) {
      calls += e.getValue()[0];
      nanos += e.getValue()[1];
      System.out.printf(
          Locale.ROOT,
          "%-28s %8.1f %10.2f%n",
          e.getKey(),
          e.getValue()[0] / (double) steps,
          e.getValue()[1] / 1e6 / steps);
    }
    System.out.printf(
        Locale.ROOT,
        "ops per step: %.0f, time inside ops: %.1f ms/step%n",
        calls / (double) steps,
        nanos / 1e6 / steps);
    System.out.printf(
        Locale.ROOT,
        "median step: %.1f ms plain, %.1f ms with the op listener, %.1f ms with a collection every step (batch %d)%n",
        plain,
        profiled,
        withGc,
        batch);
  }

  private static double medianStep(GanTrainer t, int steps) {
    double[] ms = new double[steps];
    for (int i = 0; i < steps; i++) {
      ms[i] = t.step().millis();
    }
    java.util.Arrays.sort(ms);
    return ms[steps / 2];
  }
}
