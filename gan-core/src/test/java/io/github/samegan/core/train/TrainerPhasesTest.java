package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The hooks data-parallel training builds on: a step split into its discriminator and generator
 * phases, in-memory snapshots, and latent noise drawn per global row index.
 */
class TrainerPhasesTest {

  private static GanTrainer trainer(LatentSource latents) {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(3)
            .build();
    return GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 5))
        .seed(9)
        .latents(latents)
        .build();
  }

  private static void assertSameArrays(GanTrainer a, GanTrainer b) {
    ParameterStore sa = a.gan().parameters();
    for (ParameterStore.Entry e : sa.entries()) {
      assertThat(b.gan().parameters().array(e.name())).as(e.name()).isEqualTo(e.array());
    }
  }

  @Test
  void stepIsTheDiscriminatorPhaseThenTheGeneratorPhase() {
    GanTrainer whole = trainer(LatentSource.FROM_TRAINER_RNG);
    GanTrainer halves = trainer(LatentSource.FROM_TRAINER_RNG);
    for (int i = 0; i < 3; i++) {
      StepStats a = whole.step();
      StepStats half = halves.discriminatorPhase();
      assertThat(half.step()).isEqualTo(a.step());
      assertThat(half.dLoss()).isEqualTo(a.dLoss());
      assertThat(half.gLoss()).isNaN();
      StepStats b = halves.generatorPhase();
      assertThat(b.step()).isEqualTo(a.step());
      assertThat(b.dLoss()).isEqualTo(a.dLoss());
      assertThat(b.gLoss()).isEqualTo(a.gLoss());
    }
    assertSameArrays(whole, halves);
    assertThat(halves.rngState()).isEqualTo(whole.rngState());
  }

  @Test
  void generatorPhaseInAnotherTrainerCompletesTheStepExactly() {
    GanTrainer here = trainer(LatentSource.FROM_TRAINER_RNG);
    here.step();
    here.discriminatorPhase();
    Checkpoints.Loaded afterD = here.snapshot();
    assertThat(afterD.step()).isEqualTo(1);
    StepStats expected = here.generatorPhase();

    GanTrainer there = trainer(LatentSource.FROM_TRAINER_RNG);
    there.restore(afterD);
    RandomImages data = new RandomImages(TinyModels.IMAGE, 8, 5);
    data.next(); // step 1's batch; step 2's discriminator update read the next one
    StepStats s = there.generatorPhase(data.next());

    assertThat(s.step()).isEqualTo(2);
    assertThat(s.gLoss()).isEqualTo(expected.gLoss());
    assertThat(s.dLoss()).isNaN();
    assertSameArrays(here, there);
    assertThat(there.rngState()).isEqualTo(here.rngState());
  }

  @Test
  void restoringASnapshotContinuesAsTheUninterruptedRun() {
    GanTrainer a = trainer(LatentSource.FROM_TRAINER_RNG);
    a.step();
    a.step();
    Checkpoints.Loaded s = a.snapshot();
    INDArray kept = s.arrays().get("G/" + firstName(a, "G/")).dup();
    a.step();
    a.step();
    // the snapshot holds copies: later steps did not change it
    assertThat(s.arrays().get("G/" + firstName(a, "G/"))).isEqualTo(kept);

    GanTrainer b = trainer(LatentSource.FROM_TRAINER_RNG);
    b.restore(s);
    assertThat(b.currentStep()).isEqualTo(2);
    b.step();
    b.step();
    assertSameArrays(a, b);
    assertThat(b.snapshot().optimizer()).containsOnlyKeys(a.snapshot().optimizer().keySet());
    a.snapshot()
        .optimizer()
        .forEach((k, v) -> assertThat(b.snapshot().optimizer().get(k)).as(k).isEqualTo(v));
  }

  private static String firstName(GanTrainer t, String prefix) {
    return t.gan().parameters().parameterNames(prefix).get(0).substring(prefix.length());
  }

  @Test
  void perIndexLatentsOfTwoHalvesAreTheRowsOfTheWholeBatch() {
    Rng rng = new Rng(1);
    INDArray whole = LatentSource.perIndex(7, 0).latents(4, 1, 6, 5, DataType.FLOAT, rng);
    INDArray first = LatentSource.perIndex(7, 0).latents(4, 1, 3, 5, DataType.FLOAT, rng);
    INDArray second = LatentSource.perIndex(7, 3).latents(4, 1, 3, 5, DataType.FLOAT, rng);
    assertThat(whole.shape()).containsExactly(6, 5);
    assertThat(whole.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3))).isEqualTo(first);
    assertThat(whole.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 6))).isEqualTo(second);
    assertThat(rng.state()).as("the trainer's RNG is not used").isEqualTo(1);
    // another step, another update or another seed draws other noise
    assertThat(LatentSource.perIndex(7, 0).latents(5, 1, 3, 5, DataType.FLOAT, rng))
        .isNotEqualTo(first);
    assertThat(LatentSource.perIndex(7, 0).latents(4, 0, 3, 5, DataType.FLOAT, rng))
        .isNotEqualTo(first);
    assertThat(LatentSource.perIndex(8, 0).latents(4, 1, 3, 5, DataType.FLOAT, rng))
        .isNotEqualTo(first);
    // and it is standard normal: mean ~0, variance ~1 over 20,000 draws
    INDArray many = LatentSource.perIndex(7, 0).latents(1, 0, 2000, 10, DataType.DOUBLE, rng);
    assertThat(many.meanNumber().doubleValue()).isBetween(-0.05, 0.05);
    assertThat(many.varNumber().doubleValue()).isBetween(0.95, 1.05);
  }

  @Test
  void aTrainerWithPerIndexLatentsFeedsThemToItsUpdates() {
    GanTrainer a = trainer(LatentSource.perIndex(11, 0));
    GanTrainer b = trainer(LatentSource.perIndex(11, 0));
    GanTrainer c = trainer(LatentSource.perIndex(12, 0));
    a.step();
    b.step();
    c.step();
    assertSameArrays(a, b);
    String g = a.gan().parameters().parameterNames("G/").get(0);
    assertThat(c.gan().parameters().array(g)).isNotEqualTo(a.gan().parameters().array(g));
  }

  @Test
  void phasesOutOfOrderAreRefused(@TempDir Path dir) {
    GanTrainer t = trainer(LatentSource.FROM_TRAINER_RNG);
    assertThatThrownBy(t::generatorPhase)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call discriminatorPhase() first");
    t.discriminatorPhase();
    assertThatThrownBy(t::discriminatorPhase)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already ran");
    assertThatThrownBy(() -> t.saveCheckpoint(dir.resolve("x.ckpt")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("complete step 1");
    assertThatThrownBy(() -> t.generatorPhase(new RandomImages(TinyModels.IMAGE, 8, 5).next()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("generatorPhase()");
    t.generatorPhase();
    assertThat(t.currentStep()).isEqualTo(1);
  }
}
