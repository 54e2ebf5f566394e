package io.github.samegan.spark;

import io.github.samegan.core.engine.Checkpoints;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A replica's whole training state as plain float arrays, for broadcasting to workers and averaging
 * their results: parameters and state entries, optimizer state, each network's update count, the
 * step and the next global batch index. Converts to and from gan-core's in-memory checkpoint
 * ({@link Checkpoints.Loaded}).
 */
final class ReplicaState implements Serializable {
  private static final long serialVersionUID = 1L;

  final long step;
  final long batchIndex;
  final Map<String, Integer> iterations;
  final LinkedHashMap<String, float[]> arrays;
  final LinkedHashMap<String, float[]> optimizer;

  ReplicaState(
      long step,
      long batchIndex,
      Map<String, Integer> iterations,
      LinkedHashMap<String, float[]> arrays,
      LinkedHashMap<String, float[]> optimizer) {
    this.step = step;
    this.batchIndex = batchIndex;
    this.iterations = Map.copyOf(iterations);
    this.arrays = arrays;
    this.optimizer = optimizer;
  }

  /** The state of a trainer's snapshot whose data source is a {@link BlockBatches}. */
  static ReplicaState of(Checkpoints.Loaded s) {
    return new ReplicaState(
        s.step(), s.dataPosition()[0], s.iterations(), floats(s.arrays()), floats(s.optimizer()));
  }

  /**
   * This state as an in-memory checkpoint shaped like {@code template} (a snapshot of the trainer
   * it will be restored into).
   */
  Checkpoints.Loaded toLoaded(Checkpoints.Loaded template, long rngState) {
    return new Checkpoints.Loaded(
        step,
        rngState,
        iterations,
        new long[] {batchIndex},
        template.initSeed(),
        template.metadata(),
        arrays(arrays, template.arrays()),
        arrays(optimizer, template.optimizer()));
  }

  /** Scalars in the state (parameters, state entries and optimizer state). */
  long size() {
    long n = 0;
    for (float[] a : arrays.values()) {
      n += a.length;
    }
    for (float[] a : optimizer.values()) {
      n += a.length;
    }
    return n;
  }

  private static LinkedHashMap<String, float[]> floats(Map<String, INDArray> m) {
    LinkedHashMap<String, float[]> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v.castTo(DataType.FLOAT).dup('c').data().asFloat()));
    return out;
  }

  private static Map<String, INDArray> arrays(
      Map<String, float[]> values, Map<String, INDArray> template) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          INDArray t = template.get(k);
          long[] shape = t == null ? new long[] {v.length} : t.shape();
          out.put(k, Nd4j.create(v, shape, 'c'));
        });
    return out;
  }
}
