package io.github.samegan.bench;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.losses.MinimaxLoss;
import io.github.samegan.models.Dcgan;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full training step of the reference DCGAN (32×32×3, z = 128, minimax non-saturating, Adam):
 * one discriminator update and one generator update, including the per-step collection that keeps
 * native memory flat. Backend-neutral: the same class runs on nd4j-native and, built with {@code
 * -Pcuda}, on nd4j-cuda.
 *
 * <p>How to run: {@code benchmarks/run.sh DcganStepBenchmark} (or with JMH options, e.g. {@code
 * benchmarks/run.sh DcganStepBenchmark -p batch=64 -wi 3 -i 5}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class DcganStepBenchmark {

  /** Batch size. */
  @Param({"64", "128"})
  public int batch;

  private GanTrainer trainer;

  /** Builds the graphs and the trainer once per trial. */
  @Setup
  public void setup() {
    ImageShape shape = ImageShape.rgb(32);
    Dcgan dcgan = Dcgan.reference(shape);
    Gan gan =
        Gan.builder(dcgan.generator(), dcgan.discriminator(), MinimaxLoss.nonSaturating()).build();
    trainer = GanTrainer.builder(gan, new FixedBatch(shape, batch, 7)).build();
  }

  /** One D update plus one G update. */
  @Benchmark
  public StepStats trainStep() {
    return trainer.step();
  }
}
