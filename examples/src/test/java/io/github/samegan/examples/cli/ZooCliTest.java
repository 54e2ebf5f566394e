package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.examples.runs.RunConfig;
import io.github.samegan.losses.BoundaryEquilibriumLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EBGAN, BEGAN and historical averaging from the command line: listed, trained, logged, and refused
 * in pairings that cannot work.
 */
class ZooCliTest {

  @Test
  void beganTrainsFromTheCommandLineWithKAndTheConvergenceMeasureInMetricsAndCheckpoint(
      @TempDir Path dir) throws Exception {
    Path run = dir.resolve("began");
    CliTest.Result r =
        CliTest.run(
            "train",
            "--model",
            "began",
            "--loss",
            "began",
            "--began-lambda-k",
            "0.05",
            "--steps",
            "3",
            "--batch",
            "8",
            "--sample-every",
            "3",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
    assertThat(csv.get(0)).contains("began_k").contains("began_m");
    assertThat(csv).hasSize(4);
    RunConfig.LoadedRun loaded = RunConfig.load(run);
    double k = loaded.gan().parameters().array(BoundaryEquilibriumLoss.K_STATE).getDouble(0);
    assertThat(k).isBetween(0.0, 1.0);
    assertThat(loaded.config().lossOptions().get(BoundaryEquilibriumLoss.LAMBDA_K)).isEqualTo(0.05);
  }

  @Test
  void historicalAveragingIsAFlagOfEveryLossAndIsLogged(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("hinge-history");
    CliTest.Result r =
        CliTest.run(
            "train",
            "--model",
            "mlp",
            "--loss",
            "hinge",
            "--history-weight",
            "0.01",
            "--steps",
            "2",
            "--batch",
            "8",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(run.resolve("metrics.csv")).get(0))
        .contains("history_d")
        .contains("history_g");
    assertThat(RunConfig.load(run).gan().loss().name()).isEqualTo("hinge+history");
  }

  @Test
  void energyLossesAndAutoEncoderModelsOnlyTrainTogether(@TempDir Path dir) {
    CliTest.Result aeWithMinimax =
        CliTest.run(
            "train", "--model", "ebgan", "--loss", "minimax", "--out", dir.resolve("a").toString());
    assertThat(aeWithMinimax.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(aeWithMinimax.err())
        .contains("Model 'ebgan'")
        .contains("--loss ebgan or --loss began");
    CliTest.Result energyWithDcgan =
        CliTest.run(
            "train", "--model", "dcgan", "--loss", "began", "--out", dir.resolve("b").toString());
    assertThat(energyWithDcgan.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(energyWithDcgan.err()).contains("--model ebgan or --model began");
    assertThat(dir.resolve("a")).doesNotExist();
  }

  @Test
  void modelsAndLossesListTheNewEntriesWithCountsAndSettings() {
    CliTest.Result models = CliTest.run("models");
    assertThat(models.code()).isZero();
    assertThat(models.out())
        .containsPattern("ebgan\\s+1,187,907\\s+595,331")
        .containsPattern("began\\s+298,595\\s+595,331")
        // closed forms in BigGanTest, at the listing's 10 classes
        .containsPattern("biggan\\s+9,416,676\\s+2,415,410")
        .containsPattern("biggan-small\\s+377,556\\s+270,610");
    CliTest.Result losses = CliTest.run("losses");
    assertThat(losses.code()).isZero();
    assertThat(losses.out())
        .contains("ebgan")
        .contains("--ebgan-margin")
        .contains("--pt-weight")
        .contains("began")
        .contains("--began-gamma")
        .contains("--history-weight")
        .contains("--ortho-weight");
  }

  @Test
  void bigganSmallTrainsFromTheCommandLineWithOrthogonalRegularisation(@TempDir Path dir)
      throws Exception {
    Path run = dir.resolve("biggan");
    CliTest.Result r =
        CliTest.run(
            "train",
            "--model",
            "biggan-small",
            "--dataset",
            "shapes",
            "--loss",
            "hinge",
            "--ortho-weight",
            "1e-4",
            "--steps",
            "1",
            "--batch",
            "4",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(run.resolve("metrics.csv")).get(0)).contains("ortho_g");
    RunConfig.LoadedRun loaded = RunConfig.load(run);
    assertThat(loaded.gan().loss().name()).isEqualTo("hinge+ortho");
    assertThat(loaded.gan().numClasses()).isEqualTo(16); // shapes' classes reach G and D
  }

  @Test
  void infoganTakesContinuousCodesAndTheHeadWeightsFromFlags(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("info");
    CliTest.Result r =
        CliTest.run(
            "train",
            "--model",
            "infogan",
            "--info-continuous",
            "2",
            "--info-lambda",
            "0.5",
            "--steps",
            "1",
            "--batch",
            "4",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(run.resolve("metrics.csv")).get(0))
        .contains("info_acc")
        .contains("info_cont_mse");
    RunConfig.LoadedRun loaded = RunConfig.load(run);
    assertThat(loaded.gan().loss().name()).isEqualTo("minimax+info+info-continuous");
    // the infogan D (docs/models.md) plus Q's hidden layer: 128·(4096 + 1) + 2·129
    assertThat(loaded.gan().discriminatorParameterCount())
        .isEqualTo(704_715L + 128L * 4097 + 2 * 129);

    CliTest.Result noHead =
        CliTest.run(
            "train", "--model", "mlp", "--info-lambda", "2", "--out", dir.resolve("m").toString());
    assertThat(noHead.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(noHead.err()).contains("--info-lambda").contains("--model infogan");
    CliTest.Result acOnInfo =
        CliTest.run(
            "train",
            "--model",
            "infogan",
            "--ac-weight",
            "2",
            "--out",
            dir.resolve("a").toString());
    assertThat(acOnInfo.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(acOnInfo.err()).contains("--ac-weight").contains("--model acgan");
  }
}
