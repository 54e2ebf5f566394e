package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.train.Gan;
import io.github.samegan.examples.runs.ModelOptions;
import io.github.samegan.examples.runs.RunConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ema-bn-batches}: saved with the run, rebuilt by sample/serve/evaluate, old runs read.
 */
class EmaBatchNormCliTest {

  @Test
  void emaBnBatchesIsSavedAndTheRebuiltGanReestimatesOverThatMany(@TempDir Path dir)
      throws Exception {
    Path run = dir.resolve("ema");
    CliTest.Result r =
        CliTest.run(
            "train",
            "--dataset",
            "shapes",
            "--model",
            "dcgan",
            "--ema",
            "0.9",
            "--ema-bn-batches",
            "2",
            "--steps",
            "1",
            "--batch",
            "4",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, String> meta = Checkpoints.read(run.resolve("checkpoints/last.ckpt")).metadata();
    assertThat(meta).containsEntry("ema-bn-batches", "2");
    RunConfig.LoadedRun loaded = RunConfig.load(run);
    assertThat(loaded.gan().emaBatchNormBatches()).isEqualTo(2);
    assertThat(loaded.gan().emaBatchNormStatistics()).isNotEmpty(); // DCGAN's G has batch norm
    CliTest.Result s =
        CliTest.run(
            "sample",
            "--checkpoint",
            run.toString(),
            "--n",
            "4",
            "--out",
            dir.resolve("s.png").toString());
    assertThat(s.code()).as(s.err()).isZero();
    // how the EMA samples does not change training: a resumed run may set it anew
    CliTest.Result resumed =
        CliTest.run(
            "train", "--resume", "--out", run.toString(), "--steps", "1", "--ema-bn-batches", "0");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(Checkpoints.read(run.resolve("checkpoints/last.ckpt")).metadata())
        .containsEntry("ema-bn-batches", "0");
    assertThat(RunConfig.load(run).gan().emaBatchNormBatches()).isZero();
  }

  @Test
  void olderRunsWithoutTheKeyReestimateOverTheDefaultAndZeroIsKept() {
    assertThat(ModelOptions.fromMetadata(Map.of("ema", "0.999")))
        .isEqualTo(new ModelOptions(0, 0.999, Gan.DEFAULT_EMA_BN_BATCHES));
    ModelOptions off = new ModelOptions(0, 0.999, 0);
    assertThat(off.toMetadata()).containsEntry("ema-bn-batches", "0");
    assertThat(ModelOptions.fromMetadata(off.toMetadata())).isEqualTo(off);
    assertThat(new ModelOptions(0, 0.999).toMetadata()).doesNotContainKey("ema-bn-batches");
  }
}
