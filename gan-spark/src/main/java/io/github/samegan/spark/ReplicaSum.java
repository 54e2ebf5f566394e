package io.github.samegan.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sum of some workers' {@link ReplicaState}s, the value {@code treeAggregate} folds: one
 * worker's result stays in float32 (what a task sends), sums of several are float64 so that the
 * order in which Spark combines them changes the average by rounding only, and averaging equal
 * replicas gives them back exactly. Also sums the workers' mean losses for the round's figures.
 */
final class ReplicaSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private int count;
  private ReplicaState single;
  private LinkedHashMap<String, double[]> arrays;
  private LinkedHashMap<String, double[]> optimizer;
  private double dLoss;
  private double gLoss;
  // once promoted: the first state's step, batch index and update counts, without its arrays
  private ReplicaState header;

  /** The neutral element. */
  static ReplicaSum empty() {
    return new ReplicaSum();
  }

  /** One worker's result with its mean losses over the round. */
  static ReplicaSum of(ReplicaState s, double dLoss, double gLoss) {
    ReplicaSum r = new ReplicaSum();
    r.count = 1;
    r.single = s;
    r.dLoss = dLoss;
    r.gLoss = gLoss;
    return r;
  }

  /** Adds {@code b} into {@code a} (either may be empty) and returns the sum. */
  static ReplicaSum merge(ReplicaSum a, ReplicaSum b) {
    if (a.count == 0) {
      return b;
    }
    if (b.count == 0) {
      return a;
    }
    ReplicaState shapeA = a.any();
    ReplicaState shapeB = b.any();
    if (shapeA.step != shapeB.step
        || shapeA.batchIndex != shapeB.batchIndex
        || !shapeA.iterations.equals(shapeB.iterations)) {
      throw new IllegalStateException(
          "Workers disagree on where the run is: step "
              + shapeA.step
              + " vs "
              + shapeB.step
              + ", batch "
              + shapeA.batchIndex
              + " vs "
              + shapeB.batchIndex
              + ", updates "
              + shapeA.iterations
              + " vs "
              + shapeB.iterations);
    }
    a.promote();
    b.addInto(a.arrays, a.optimizer);
    a.count += b.count;
    a.dLoss += b.dLoss;
    a.gLoss += b.gLoss;
    return a;
  }

  /** The number of workers summed. */
  int count() {
    return count;
  }

  /** Mean discriminator loss over the workers. */
  double meanDLoss() {
    return dLoss / count;
  }

  /** Mean generator loss over the workers. */
  double meanGLoss() {
    return gLoss / count;
  }

  /** The average of the summed states. */
  ReplicaState average() {
    if (count == 0) {
      throw new IllegalStateException("No worker returned a result");
    }
    if (single != null) {
      return single;
    }
    ReplicaState any = header;
    return new ReplicaState(
        any.step, any.batchIndex, any.iterations, divide(arrays), divide(optimizer));
  }

  private ReplicaState any() {
    return single != null ? single : header;
  }

  private void promote() {
    if (single == null) {
      return;
    }
    arrays = widen(single.arrays);
    optimizer = widen(single.optimizer);
    header =
        new ReplicaState(
            single.step,
            single.batchIndex,
            single.iterations,
            new LinkedHashMap<>(),
            new LinkedHashMap<>());
    single = null;
  }

  private void addInto(Map<String, double[]> toArrays, Map<String, double[]> toOptimizer) {
    if (single != null) {
      addDoubles(widen(single.arrays), toArrays);
      addDoubles(widen(single.optimizer), toOptimizer);
    } else {
      addDoubles(arrays, toArrays);
      addDoubles(optimizer, toOptimizer);
    }
  }

  private static LinkedHashMap<String, double[]> widen(Map<String, float[]> m) {
    LinkedHashMap<String, double[]> out = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          double[] d = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
          }
          out.put(k, d);
        });
    return out;
  }

  private static void addDoubles(Map<String, double[]> from, Map<String, double[]> to) {
    requireSameNames(from.keySet(), to.keySet());
    from.forEach(
        (k, v) -> {
          double[] d = to.get(k);
          for (int i = 0; i < v.length; i++) {
            d[i] += v[i];
          }
        });
  }

  private static void requireSameNames(java.util.Set<String> a, java.util.Set<String> b) {
    if (!a.equals(b)) {
      throw new IllegalStateException("Workers returned different arrays: " + a + " vs " + b);
    }
  }

  private LinkedHashMap<String, float[]> divide(Map<String, double[]> sums) {
    LinkedHashMap<String, float[]> out = new LinkedHashMap<>();
    sums.forEach(
        (k, v) -> {
          float[] f = new float[v.length];
          for (int i = 0; i < v.length; i++) {
            f[i] = (float) (v[i] / count);
          }
          out.put(k, f);
        });
    return out;
  }
}
