package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.engine.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samegan train --resume} keeps the saved run's training settings: a setting left out takes
 * the saved value, one given with another value is refused unless {@code --allow-changed} names it,
 * allowed changes are recorded in the checkpoint, and {@code --steps} below the saved step is an
 * error.
 */
class ResumeTest {

  static CliTest.Result train(Path out, int steps, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--model",
                "mlp",
                "--steps",
                Integer.toString(steps),
                "--out",
                out.toString(),
                "--progress-every",
                "1"));
    args.addAll(List.of(more));
    return CliTest.run(args.toArray(String[]::new));
  }

  static Map<String, String> meta(Path run) throws IOException {
    return Checkpoints.read(run.resolve("checkpoints/last.ckpt")).metadata();
  }

  @Test
  void changedTrainingSettingsAreRefusedUnlessAllowedAndAllowedOnesAreRecorded(@TempDir Path dir)
      throws Exception {
    Path run = dir.resolve("run");
    CliTest.Result first = train(run, 2, "--batch", "8", "--g-lr", "1e-4", "--seed", "7");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(meta(run))
        .containsEntry("batch", "8")
        .containsEntry("g_lr", "1.0E-4")
        .containsEntry("seed", "7")
        .containsEntry("beta1", "0.5")
        .doesNotContainKey(ResumeSettings.HISTORY_KEY);

    String[][] changed = {
      {"--batch", "4", "used --batch 8 but 4 was given"},
      {"--g-lr", "2e-4", "used --g-lr 1.0E-4 but 2.0E-4 was given"},
      {"--d-lr", "3e-4", "used --d-lr 2.0E-4 but 3.0E-4 was given"},
      {"--seed", "8", "used --seed 7 but 8 was given"},
      {"--beta1", "0.9", "used --beta1 0.5 but 0.9 was given"},
      {"--n-critic", "2", "used --n-critic 1 but 2 was given"}
    };
    for (String[] c : changed) {
      CliTest.Result r = train(run, 3, "--resume", c[0], c[1]);
      assertThat(r.code()).as(c[0]).isEqualTo(SameGan.EXIT_USAGE);
      assertThat(r.err())
          .as(c[0])
          .contains(c[2])
          .contains("--allow-changed " + c[0].substring(2))
          .doesNotContain("\tat ");
      assertThat(r.out()).as(c[0]).doesNotContain("Done");
    }
    assertThat(meta(run)).containsEntry("batch", "8");

    // Left out, a setting keeps its saved value (not the flag's default); the same value in
    // another spelling is the same setting.
    CliTest.Result same = train(run, 3, "--resume", "--g-lr", "0.0001");
    assertThat(same.code()).as(same.err()).isZero();
    assertThat(same.out()).contains("batch 8").doesNotContain("Changed");
    assertThat(meta(run))
        .containsEntry("batch", "8")
        .containsEntry("g_lr", "1.0E-4")
        .containsEntry("seed", "7")
        .doesNotContainKey(ResumeSettings.HISTORY_KEY);

    CliTest.Result allowed =
        train(run, 4, "--resume", "--batch", "4", "--seed", "9", "--allow-changed", "batch,seed");
    assertThat(allowed.code()).as(allowed.err()).isZero();
    assertThat(allowed.out())
        .contains("Changed from the saved run")
        .contains("--batch 8 -> 4")
        .contains("--seed 7 -> 9")
        .contains("batch 4");
    assertThat(meta(run))
        .containsEntry("batch", "4")
        .containsEntry("seed", "9")
        .containsEntry("initSeed", "7")
        .containsEntry(ResumeSettings.HISTORY_KEY, "step 3: --batch 8 -> 4, --seed 7 -> 9");

    CliTest.Result again = train(run, 5, "--resume", "--g-lr", "5e-5", "--allow-changed=G-LR");
    assertThat(again.code()).as(again.err()).isZero();
    CliTest.Result plain = train(run, 6, "--resume");
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(meta(run))
        .containsEntry("batch", "4")
        .containsEntry("g_lr", "5.0E-5")
        .containsEntry(
            ResumeSettings.HISTORY_KEY,
            "step 3: --batch 8 -> 4, --seed 7 -> 9; step 4: --g-lr 1.0E-4 -> 5.0E-5");
  }

  @Test
  void allowChangedNamesOnlySettingsThatMayChange(@TempDir Path dir) {
    Path run = dir.resolve("run");
    assertThat(train(run, 1, "--batch", "4").code()).isZero();
    CliTest.Result model = train(run, 2, "--resume", "--allow-changed", "model");
    assertThat(model.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(model.err())
        .contains("--model cannot change when a run is resumed")
        .contains("batch, seed, g-lr, d-lr, beta1, beta2, n-critic, augment");
    CliTest.Result unknown = train(run, 2, "--resume", "--allow-changed", "colour");
    assertThat(unknown.err()).contains("unknown setting 'colour'");
    CliTest.Result fresh = train(dir.resolve("new"), 1, "--allow-changed", "batch");
    assertThat(fresh.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(fresh.err()).contains("--allow-changed applies only with --resume");
    CliTest.Result otherModel =
        CliTest.run(
            "train", "--model", "dcgan", "--steps", "2", "--out", run.toString(), "--resume");
    assertThat(otherModel.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(otherModel.err())
        .contains("used --model mlp but dcgan was given")
        .contains("cannot change in a resumed run");
  }

  @Test
  void aChangedLossFlagIsRefusedUnlessAllowedAndThenTrainsAndIsRecorded(@TempDir Path dir)
      throws Exception {
    Path run = dir.resolve("run");
    CliTest.Result first = train(run, 1, "--batch", "4", "--loss", "wgan-gp", "--n-critic", "1");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(meta(run)).containsEntry("loss.gpWeight", "10.0");

    CliTest.Result refused = train(run, 2, "--resume", "--gp-weight", "5");
    assertThat(refused.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(refused.err())
        .contains("used --gp-weight 10.0 but 5.0 was given")
        .contains("--allow-changed gp-weight")
        .doesNotContain("\tat ");
    assertThat(refused.out()).doesNotContain("Done");
    assertThat(train(run, 2, "--resume", "--gp-weight", "10").code()).isZero();

    CliTest.Result allowed =
        train(run, 3, "--resume", "--gp-weight", "5", "--allow-changed", "gp-weight");
    assertThat(allowed.code()).as(allowed.err()).isZero();
    assertThat(allowed.out()).contains("--gp-weight 10.0 -> 5.0");
    assertThat(meta(run))
        .containsEntry("loss.gpWeight", "5.0")
        .containsEntry(ResumeSettings.HISTORY_KEY, "step 2: --gp-weight 10.0 -> 5.0");
    // and the next plain resume keeps the new value
    assertThat(train(run, 4, "--resume").code()).isZero();
    assertThat(meta(run)).containsEntry("loss.gpWeight", "5.0");
  }

  @Test
  void aTargetStepBelowTheSavedStepIsAnError(@TempDir Path dir) {
    Path run = dir.resolve("run");
    assertThat(train(run, 3, "--batch", "4").code()).isZero();
    CliTest.Result below = train(run, 1, "--resume");
    assertThat(below.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(below.err())
        .contains("--steps 1 is below the step the run being resumed reached (3)")
        .contains("pass --steps 4 for 1 more");
    assertThat(below.out()).doesNotContain("Done");
    CliTest.Result equal = train(run, 3, "--resume");
    assertThat(equal.code()).as(equal.err()).isZero();
    assertThat(equal.out()).contains("Done at step 3");
  }

  @Test
  void aRunWithoutAugmentationSaysSoAndToOmitTheFlag(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    assertThat(train(run, 1, "--batch", "4").code()).isZero();
    CliTest.Result augment = train(run, 2, "--resume", "--augment", "hflip");
    assertThat(augment.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(augment.err())
        .contains("used no --augment (no augmentation) but hflip was given; omit --augment")
        .doesNotContain("null");
    CliTest.Result diff = train(run, 2, "--resume", "--diffaugment", "cutout");
    assertThat(diff.err())
        .contains("used no --diffaugment (no DiffAugment) but cutout was given; omit --diffaugment")
        .doesNotContain("null");
    assertThat(augment.err()).doesNotContain("pass --augment");
    CliTest.Result none = train(run, 2, "--resume", "--augment", "none");
    assertThat(none.code()).as(none.err()).isZero();
    CliTest.Result allowed =
        train(run, 3, "--resume", "--augment", "hflip", "--allow-changed", "augment");
    assertThat(allowed.code()).as(allowed.err()).isZero();
    assertThat(meta(run))
        .containsEntry("augment", "hflip")
        .containsEntry(ResumeSettings.HISTORY_KEY, "step 2: --augment none -> hflip");
  }

  @Test
  void theDataSetMayBeGivenByAnyOfItsNames(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    tinyCifar10(data.resolve("cifar-10-batches-bin"));
    Path run = dir.resolve("run");
    CliTest.Result first =
        train(run, 1, "--dataset", "cifar10", "--data-dir", data.toString(), "--batch", "4");
    assertThat(first.code()).as(first.err()).isZero();
    CliTest.Result alias =
        train(run, 2, "--resume", "--dataset", "CIFAR-10", "--data-dir", data.toString());
    assertThat(alias.code()).as(alias.err()).isZero();
    assertThat(meta(run)).containsEntry("dataset", "cifar10");
    CliTest.Result other = train(run, 3, "--resume", "--dataset", "shapes");
    assertThat(other.err()).contains("used --dataset cifar10 but shapes was given");
  }

  /** A CIFAR-10 binary folder with 8 random records per file. */
  static void tinyCifar10(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(
        folder.resolve("batches.meta.txt"),
        "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n");
    Random random = new Random(3);
    List<String> files = new ArrayList<>(List.of("test_batch.bin"));
    for (int i = 1; i <= 5; i++) {
      files.add("data_batch_" + i + ".bin");
    }
    for (String f : files) {
      byte[] b = new byte[8 * 3073];
      random.nextBytes(b);
      for (int r = 0; r < 8; r++) {
        b[r * 3073] = (byte) (r % 10);
      }
      Files.write(folder.resolve(f), b);
    }
  }

  @Test
  void datasetNamesCompareByRegistryEntryAndArgument() {
    assertThat(ResumeSettings.sameDataset("cifar-10", "cifar10")).isTrue();
    assertThat(ResumeSettings.sameDataset(" Fashion_MNIST ", "fashion-mnist")).isTrue();
    assertThat(ResumeSettings.sameDataset("cifar10", "cifar100")).isFalse();
    assertThat(ResumeSettings.sameDataset("folder:/a/b", "FOLDER:/a/b")).isTrue();
    assertThat(ResumeSettings.sameDataset("folder:/a/b", "folder:/a/c")).isFalse();
    assertThat(ResumeSettings.sameDataset("my-own-set", "MY-OWN-SET")).isTrue();
    assertThat(ResumeSettings.sameDataset("shapes", null)).isFalse();
  }
}
