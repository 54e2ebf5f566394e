package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointResumeTest {

  private static GanTrainer fresh(int nCritic) {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(21)
            .build();
    return GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 4))
        .seed(99)
        .nCritic(nCritic)
        .metadata("model", "tiny")
        .build();
  }

  @Test
  void resumedRunMatchesUninterruptedRunBitForBit(@TempDir Path dir) throws Exception {
    GanTrainer straight = fresh(2);
    List<StepStats> expected = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      expected.add(straight.step());
    }

    GanTrainer first = fresh(2);
    for (int i = 0; i < 3; i++) {
      first.step();
    }
    Path ckpt = dir.resolve("run.ckpt");
    first.saveCheckpoint(ckpt);

    // a brand-new process would build a new model (different initial weights are overwritten)
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(12345)
            .build();
    GanTrainer resumed =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 4))
            .seed(0)
            .nCritic(2)
            .build();
    resumed.restore(ckpt);
    assertThat(resumed.currentStep()).isEqualTo(3);
    for (int i = 3; i < 6; i++) {
      StepStats s = resumed.step();
      assertThat(s.dLoss()).isEqualTo(expected.get(i).dLoss());
      assertThat(s.gLoss()).isEqualTo(expected.get(i).gLoss());
      assertThat(s.dReal()).isEqualTo(expected.get(i).dReal());
    }
    ParameterStore a = straight.gan().parameters();
    ParameterStore b = resumed.gan().parameters();
    for (ParameterStore.Entry e : a.entries()) {
      assertThat(b.array(e.name())).as(e.name()).isEqualTo(e.array());
    }
    assertThat(resumed.rngState()).isEqualTo(straight.rngState());
    assertThat(Checkpoints.read(ckpt).metadata()).containsEntry("model", "tiny");
  }

  @Test
  void metadataSurvivesTheManifestExactly(@TempDir Path dir) throws Exception {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .build();
    String awkward = " leading space, a:colon=equals #hash !bang\\back\nnewline\rcr é";
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 4))
            .metadata("note", awkward)
            .build();
    Path ckpt = dir.resolve("meta.ckpt");
    t.saveCheckpoint(ckpt);
    assertThat(Checkpoints.read(ckpt).metadata()).containsEntry("note", awkward);
  }

  @Test
  void checkpointIsWrittenAtomicallyWithoutLeftovers(@TempDir Path dir) throws Exception {
    GanTrainer t = fresh(1);
    t.step();
    Path ckpt = dir.resolve("last.ckpt");
    t.saveCheckpoint(ckpt);
    t.step();
    t.saveCheckpoint(ckpt); // overwrite
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("last.ckpt");
    }
    assertThat(Checkpoints.read(ckpt).step()).isEqualTo(2);
  }

  @Test
  void checkpointCallbackRemovesWhatAKilledRunLeftWhenTrainingStarts(@TempDir Path dir)
      throws Exception {
    Path ckpts = dir.resolve("checkpoints");
    Files.createDirectories(ckpts);
    Path leftover =
        Files.write(ckpts.resolve(".last.ckpt.8011245960412.tmp"), new byte[4096]); // seconds old
    Path kept = Files.write(ckpts.resolve("notes.txt"), new byte[1]);
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(21)
            .build();
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 4))
            .callback(Callbacks.checkpoints(ckpts, 100, 0))
            .build();
    t.fit(1);
    try (Stream<Path> files = Files.list(ckpts)) {
      assertThat(files).containsExactlyInAnyOrder(ckpts.resolve("last.ckpt"), kept);
    }
    assertThat(leftover).doesNotExist();
  }

  @Test
  void corruptOrForeignFilesAreRejectedWithClearMessages(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.ckpt");
    Files.writeString(junk, "not a checkpoint");
    assertThatThrownBy(() -> Checkpoints.read(junk))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("junk.ckpt");
    assertThatThrownBy(() -> Checkpoints.read(dir.resolve("missing.ckpt")))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("not found");
  }

  @Test
  void restoringIntoADifferentArchitectureNamesTheMismatch(@TempDir Path dir) throws Exception {
    GanTrainer t = fresh(1);
    Path ckpt = dir.resolve("a.ckpt");
    t.saveCheckpoint(ckpt);
    Gan other =
        Gan.builder(TinyModels.generator(true), TinyModels.discriminator(true), new BceLoss())
            .build();
    GanTrainer wrong = GanTrainer.builder(other, new RandomImages(TinyModels.IMAGE, 8, 4)).build();
    // same names/shapes (activations differ only): restores fine
    wrong.restore(ckpt);
    Gan mlp =
        Gan.builder(
                new io.github.samegan.core.model.SequentialGenerator(
                    "g",
                    8,
                    TinyModels.IMAGE,
                    io.github.samegan.core.nn.Sequential.of(
                        new io.github.samegan.core.nn.Dense(8, 128),
                        io.github.samegan.core.nn.Reshape.toImage(2, 8, 8))),
                TinyModels.discriminator(false),
                new BceLoss())
            .build();
    GanTrainer mismatched =
        GanTrainer.builder(mlp, new RandomImages(TinyModels.IMAGE, 8, 4)).build();
    assertThatThrownBy(() -> mismatched.restore(ckpt))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("different model");
  }

  @Test
  void aRunFolderOrACheckpointFolderStandsForItsLatestCheckpoint(@TempDir Path run)
      throws Exception {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(21)
            .build();
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 4))
            .callback(Callbacks.checkpoints(run.resolve("checkpoints"), 2, 0))
            .build();
    t.fit(2);

    assertThat(Checkpoints.resolve(run)).isEqualTo(run.resolve("checkpoints/last.ckpt"));
    assertThat(Checkpoints.resolve(run.resolve("checkpoints")))
        .isEqualTo(run.resolve("checkpoints/last.ckpt"));
    assertThat(Checkpoints.read(run).step()).isEqualTo(2);
    Gan fresh =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(5)
            .build();
    assertThat(Checkpoints.loadWeights(run, fresh.parameters()).step()).isEqualTo(2);
    for (ParameterStore.Entry e : gan.parameters().entries()) {
      assertThat(fresh.parameters().array(e.name())).as(e.name()).isEqualTo(e.array());
    }
    GanTrainer resumed =
        GanTrainer.builder(fresh, new RandomImages(TinyModels.IMAGE, 8, 4)).build();
    resumed.restore(run);
    assertThat(resumed.currentStep()).isEqualTo(2);
  }

  @Test
  void aFolderWithoutACheckpointSaysWhichFilesItLookedFor(@TempDir Path dir) {
    assertThatThrownBy(() -> Checkpoints.read(dir))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            "No checkpoint in the folder "
                + dir
                + ": expected "
                + dir.resolve("checkpoints/last.ckpt")
                + " (a run folder) or "
                + dir.resolve("last.ckpt")
                + " (a checkpoint folder); or name a .ckpt file");
  }

  @Test
  void checkpointsGetTheSamePermissionsAsOtherNewFiles(@TempDir Path dir) throws Exception {
    Path ckpt = dir.resolve("last.ckpt");
    fresh(1).saveCheckpoint(ckpt);
    Path other = Files.createFile(dir.resolve("other.txt"));
    assertThat(Files.getPosixFilePermissions(ckpt))
        .isEqualTo(Files.getPosixFilePermissions(other))
        .contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ);
  }
}
