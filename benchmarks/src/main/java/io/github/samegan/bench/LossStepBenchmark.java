package io.github.samegan.bench;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.losses.LossRegistry;
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
 * One training step of the reference DCGAN (32×32×3, z = 128, its batch-norm discriminator) for
 * every registered loss, with the loss's recommended optimizers ({@link LossRegistry.Recommended})
 * and {@code nCritic} discriminator updates per generator update.
 *
 * <p>Rows with {@code nCritic = 1} compare whole steps (one D and one G update) across losses. The
 * cost of one critic update is {@code (t(nCritic = 3) − t(nCritic = 1)) / 2}; the WGAN-GP target is
 * at most about 2.5× the critic update of plain {@code wgan} (same critic, no penalty).
 *
 * <p>How to run: {@code benchmarks/run.sh LossStepBenchmark} (all losses, nCritic 1 and 3), or a
 * subset, e.g. {@code benchmarks/run.sh LossStepBenchmark -p loss=wgan,wgan-gp -p nCritic=1,3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class LossStepBenchmark {

  /** A registered loss name. */
  @Param({
    "minimax",
    "minimax-saturating",
    "wgan",
    "wgan-gp",
    "hinge",
    "lsgan",
    "ragan",
    "ralsgan",
    "rahinge",
    "r1",
    "r2",
    "dragan",
    "feature-matching"
  })
  public String loss;

  /** Discriminator updates per step. */
  @Param({"1", "3"})
  public int nCritic;

  /** Batch size. */
  @Param({"64"})
  public int batch;

  private GanTrainer trainer;

  /** Builds the graphs and the trainer once per trial. */
  @Setup
  public void setup() {
    ImageShape shape = ImageShape.rgb(32);
    Dcgan dcgan = Dcgan.reference(shape);
    LossRegistry.Entry entry = LossRegistry.standard().entry(loss);
    Gan gan =
        Gan.builder(dcgan.generator(), dcgan.discriminator(), LossRegistry.create(loss)).build();
    trainer =
        GanTrainer.builder(gan, new FixedBatch(shape, batch, 7))
            .discriminatorOptimizer(entry.recommended().discriminatorOptimizer())
            .generatorOptimizer(entry.recommended().generatorOptimizer())
            .nCritic(nCritic)
            .build();
  }

  /** {@code nCritic} D updates plus one G update. */
  @Benchmark
  public StepStats trainStep() {
    return trainer.step();
  }
}
