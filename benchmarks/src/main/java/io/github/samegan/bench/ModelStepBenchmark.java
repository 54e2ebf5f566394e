package io.github.samegan.bench;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelRegistry;
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
 * One full training step (one D update, one G update, the per-step collection) of a registered
 * model at 32×32×3 with the hinge loss and Adam, so the ResNet SN-GAN (spectral norm on every D
 * weight) can be compared with the reference DCGAN at the same batch size. Unconditional models
 * only (a conditional model needs a labelled source).
 *
 * <p>How to run: {@code benchmarks/run.sh ModelStepBenchmark} (or e.g. {@code benchmarks/run.sh
 * ModelStepBenchmark -p model=resnet-sngan -p batch=64}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class ModelStepBenchmark {

  /** Registered model name. */
  @Param({"dcgan", "resnet-sngan-small", "resnet-sngan"})
  public String model;

  /** Batch size. */
  @Param({"64"})
  public int batch;

  private GanTrainer trainer;

  /** Builds the graphs and the trainer once per trial. */
  @Setup
  public void setup() {
    ImageShape shape = ImageShape.rgb(32);
    Architecture a = ModelRegistry.create(model, shape);
    Gan gan = Gan.builder(a.generator(), a.discriminator(), LossRegistry.create("hinge")).build();
    trainer = GanTrainer.builder(gan, new FixedBatch(shape, batch, 7)).build();
  }

  /** One D update plus one G update. */
  @Benchmark
  public StepStats trainStep() {
    return trainer.step();
  }
}
