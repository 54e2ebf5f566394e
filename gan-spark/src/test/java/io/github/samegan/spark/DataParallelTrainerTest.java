package io.github.samegan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.train.Gan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Data-parallel training on local[2] (with up to 4 attempts per task, so a failed task is retried):
 * an MLP GAN on the embedded shapes, 2 workers of batch 4.
 */
class DataParallelTrainerTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;
  private static final AtomicInteger INJECTED = new AtomicInteger();
  private static Map<String, INDArray> cleanRun;

  /** 2 rounds of K = 2 with Adam and no failure: what (c) and (d) must reproduce. */
  private static synchronized Map<String, INDArray> cleanRun() {
    if (cleanRun == null) {
      cleanRun = dataParallel(base().localSteps(2).build(), 4, WorkerHook.NONE);
    }
    return cleanRun;
  }

  @BeforeAll
  static void start() {
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    spark =
        SparkSession.builder()
            .master("local[2,4]")
            .appName("DataParallelTrainerTest")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static DataParallelSettings.Builder base() {
    return DataParallelSettings.builder("mlp", "minimax", "shapes")
        .workers(2)
        .batchPerWorker(4)
        .seed(3);
  }

  private static Map<String, INDArray> arrays(Gan gan) {
    Map<String, INDArray> m = new LinkedHashMap<>();
    for (ParameterStore.Entry e : gan.parameters().entries()) {
      m.put(e.name(), e.array().dup());
    }
    return m;
  }

  /** Largest |a − b| over all arrays. */
  private static double maxDiff(Map<String, INDArray> a, Map<String, INDArray> b) {
    assertThat(b.keySet()).isEqualTo(a.keySet());
    double m = 0;
    for (String k : a.keySet()) {
      m = Math.max(m, a.get(k).sub(b.get(k)).amaxNumber().doubleValue());
    }
    return m;
  }

  private static Map<String, INDArray> singleWorker(DataParallelSettings s, int steps) {
    Replica one = Replica.build(s);
    for (int i = 0; i < steps; i++) {
      one.trainer.step();
    }
    return arrays(one.gan);
  }

  private static Map<String, INDArray> dataParallel(
      DataParallelSettings s, long steps, WorkerHook hook) {
    DataParallelTrainer t = DataParallelTrainer.create(jsc, s, hook);
    t.fit(steps, r -> {});
    assertThat(t.currentStep()).isEqualTo(steps);
    return arrays(t.gan());
  }

  @Test
  void syncSgdWithTwoWorkersOfBatch4EqualsOneWorkerOfBatch8() {
    DataParallelSettings.Builder b =
        base().optimizer("sgd", 0.05, 0.05, 0, 0).mode(DataParallelSettings.Mode.SYNC);
    DataParallelSettings dp = b.build();
    Map<String, INDArray> start = arrays(Replica.build(dp).gan);
    Map<String, INDArray> one = singleWorker(b.workers(1).batchPerWorker(8).build(), 3);
    Map<String, INDArray> two = dataParallel(dp, 3, WorkerHook.NONE);
    double moved = maxDiff(start, one);
    double sync = maxDiff(one, two);
    // averaging after whole steps (D and G) instead: each worker's G step sees its own D
    Map<String, INDArray> local =
        dataParallel(base().optimizer("sgd", 0.05, 0.05, 0, 0).build(), 3, WorkerHook.NONE);
    double unsynced = maxDiff(one, local);
    System.out.printf(
        "moved %.3g, sync vs one worker %.3g, local steps vs one worker %.3g%n",
        moved, sync, unsynced);
    assertThat(moved).isGreaterThan(1e-3);
    assertThat(sync).isLessThan(1e-6);
    assertThat(unsynced).isGreaterThan(100 * sync);
  }

  @Test
  void identicalShardsLeaveTheReplicasEqualToOneWorker() {
    DataParallelSettings.Builder b =
        base().localSteps(2).sharding(DataParallelSettings.Sharding.REPLICATED);
    Map<String, INDArray> two = dataParallel(b.build(), 4, WorkerHook.NONE);
    Map<String, INDArray> one = singleWorker(b.workers(1).build(), 4);
    assertThat(maxDiff(one, two)).isEqualTo(0.0);
  }

  @Test
  void aTaskThatFailsOnItsFirstAttemptIsRetriedWithTheSameResult() {
    DataParallelSettings s = base().localSteps(2).build();
    Map<String, INDArray> clean = cleanRun();
    INJECTED.set(0);
    WorkerHook failOnce =
        (phase, step, partition) -> {
          if (step == 2 && partition == 1 && TaskContext.get().attemptNumber() == 0) {
            INJECTED.incrementAndGet();
            throw new IllegalStateException("injected failure of worker 1 in round 2");
          }
        };
    Map<String, INDArray> retried = dataParallel(s, 4, failOnce);
    assertThat(INJECTED.get()).isEqualTo(1);
    assertThat(maxDiff(clean, retried)).isEqualTo(0.0);
  }

  @Test
  void resumingFromACheckpointEqualsTheUninterruptedRun(@TempDir Path dir) throws Exception {
    DataParallelSettings s = base().localSteps(2).build();
    Map<String, INDArray> uninterrupted = cleanRun();

    DataParallelTrainer first = DataParallelTrainer.create(jsc, s);
    first.round();
    Path ckpt = dir.resolve("dp.ckpt");
    first.saveCheckpoint(ckpt);
    Checkpoints.Loaded saved = Checkpoints.read(ckpt);
    assertThat(saved.step()).isEqualTo(2);
    assertThat(saved.dataPosition()).containsExactly(2); // two global batches read
    assertThat(saved.metadata()).containsEntry("dp.workers", "2").containsEntry("model", "mlp");
    // an ordinary checkpoint: the weights load into a GAN built from the registry names
    Gan plain = GanSpec.seeded("mlp", "minimax", ImageShape.rgb(32), 3).build();
    Checkpoints.loadWeights(ckpt, plain.parameters());
    assertThat(maxDiff(arrays(first.gan()), arrays(plain))).isEqualTo(0.0);

    DataParallelTrainer resumed = DataParallelTrainer.create(jsc, s);
    resumed.restore(ckpt);
    assertThat(resumed.currentStep()).isEqualTo(2);
    assertThat(resumed.imagesSeen()).isEqualTo(16);
    resumed.round();
    assertThat(maxDiff(uninterrupted, arrays(resumed.gan()))).isEqualTo(0.0);

    DataParallelTrainer other = DataParallelTrainer.create(jsc, base().batchPerWorker(8).build());
    assertThatThrownBy(() -> other.restore(ckpt))
        .isInstanceOf(io.github.samegan.core.CheckpointException.class)
        .hasMessageContaining("dp.globalBatch = 8 but this run has 16");
  }

  @Test
  void badSettingsAreRefusedWithTheFieldAndValue() {
    assertThatThrownBy(() -> base().mode(DataParallelSettings.Mode.SYNC).localSteps(4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("localSteps must be 1, found 4");
    assertThatThrownBy(() -> base().workers(0).build())
        .hasMessageContaining("workers must be in [1, 100000], found 0");
    assertThatThrownBy(() -> DataParallelSettings.builder("cdcgan", "minimax", "shapes").build())
        .hasMessageContaining("'cdcgan' is conditional");
  }
}
