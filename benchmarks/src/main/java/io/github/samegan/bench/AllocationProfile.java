package io.github.samegan.bench;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.UpdateGraph;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.losses.MinimaxLoss;
import io.github.samegan.models.Dcgan;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;

/**
 * How SameDiff's array cache serves the reference DCGAN step: per update graph, allocations per
 * step that hit or miss {@code ArrayCacheMemoryMgr}, the bytes, and the time spent allocating; plus
 * releases into the cache. A diagnostic for the performance work (docs/benchmarks.md, {@code
 * core.train.SessionArrays}), not a benchmark. It reaches the trainer's package-private step graphs
 * by reflection.
 *
 * <p>How to run: {@code benchmarks/run-main.sh io.github.samegan.bench.AllocationProfile
 * [steps=10]}.
 */
public final class AllocationProfile {
  private static final Map<String, long[]> STATS = new TreeMap<>();

  private AllocationProfile() {}

  /** Counts around the session's own memory manager. */
  static final class Counting implements SessionMemMgr {
    private final ArrayCacheMemoryMgr cache;
    private final String graph;

    Counting(ArrayCacheMemoryMgr cache, String graph) {
      this.cache = cache;
      this.graph = graph;
    }

    private void count(String kind, long bytes, long nanos) {
      long[] s = STATS.computeIfAbsent(graph + " " + kind, k -> new long[3]);
      s[0]++;
      s[1] += bytes;
      s[2] += nanos;
    }

    private INDArray counted(boolean detached, long t0, long cachedBefore, INDArray a) {
      boolean hit = cache.getCurrentCacheSize() < cachedBefore;
      count(
          (detached ? "allocate (detached) " : "allocate ") + (hit ? "hit" : "miss"),
          a.length() * a.dataType().width(),
          System.nanoTime() - t0);
      return a;
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
      long t0 = System.nanoTime();
      long before = cache.getCurrentCacheSize();
      return counted(detached, t0, before, cache.allocate(detached, dataType, shape));
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
      long t0 = System.nanoTime();
      long before = cache.getCurrentCacheSize();
      return counted(detached, t0, before, cache.allocate(detached, descriptor));
    }

    @Override
    public INDArray ulike(INDArray arr) {
      return cache.ulike(arr);
    }

    @Override
    public INDArray dup(INDArray arr) {
      return cache.dup(arr);
    }

    @Override
    public void release(INDArray array) {
      if (cache.getLruCache().contains(array.getId())) {
        return; // what SessionArrays checks through instanceof, which this wrapper hides
      }
      long before = cache.getCurrentCacheSize();
      cache.release(array);
      count(cache.getCurrentCacheSize() > before ? "release cached" : "release closed", 0, 0);
    }

    @Override
    public void close() {
      cache.close();
    }
  }

  /** Entry point: {@code [steps=10]}. */
  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    ImageShape shape = ImageShape.rgb(32);
    Dcgan dcgan = Dcgan.reference(shape);
    Gan gan =
        Gan.builder(dcgan.generator(), dcgan.discriminator(), MinimaxLoss.nonSaturating()).build();
    GanTrainer trainer = GanTrainer.builder(gan, new FixedBatch(shape, 64, 7)).build();
    for (int i = 0; i < 3; i++) {
      trainer.step(); // creates the sessions
    }
    for (String which : new String[] {"discriminatorStep", "generatorStep"}) {
      UpdateGraph graph =
          which.equals("discriminatorStep") ? gan.discriminatorGraph() : gan.generatorGraph();
      SameDiff grad = graph.sd().getFunction("grad");
      for (InferenceSession s : grad.getSessions().values()) {
        s.setMmgr(new Counting((ArrayCacheMemoryMgr) s.getMmgr(), which));
      }
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      trainer.step();
    }
    System.out.printf(
        "mean step: %.1f ms over %d steps (batch 64)%n",
        (System.nanoTime() - t0) / 1e6 / steps, steps);
    System.out.printf(
        "%-45s %10s %10s %12s%n", "graph and event", "per step", "MB/step", "ms/step");
    STATS.forEach(
        (k, v) ->
            System.out.printf(
                "%-45s %10.1f %10.2f %12.2f%n",
                k, v[0] / (double) steps, v[1] / 1e6 / steps, v[2] / 1e6 / steps));
  }
}
