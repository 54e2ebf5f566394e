package io.github.samegan.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One sweep run on this machine (what a Spark task does), without Spark. */
class SweepRunnerTest {

  @Test
  void anInterruptedRunResumesFromItsCheckpointAndEndsLikeAnUninterruptedOne(@TempDir Path tmp)
      throws Exception {
    SweepOptions opts = SweepOptions.defaults().withDataDir(tmp.toString());
    SweepSetting run = new SweepSetting("mlp", "minimax", "shapes", 2e-4, 2e-4, 1, 5, 4, 8);
    SweepSetting firstHalf = new SweepSetting("mlp", "minimax", "shapes", 2e-4, 2e-4, 1, 5, 2, 8);
    RunStore whole = new RunStore(tmp.resolve("whole").toString(), new Configuration());
    RunStore interrupted = new RunStore(tmp.resolve("interrupted").toString(), new Configuration());

    SweepResult reference = SweepRunner.run(run, opts, whole);
    // An interruption after step 2: the run folder holds a step-2 checkpoint and loss log, no
    // result.
    SweepRunner.run(firstHalf, opts, interrupted);
    Path from = tmp.resolve("interrupted/runs").resolve(firstHalf.id());
    Path to = tmp.resolve("interrupted/runs").resolve(run.id());
    Files.createDirectories(to.resolve("checkpoints"));
    Files.copy(from.resolve("checkpoints/last.ckpt"), to.resolve("checkpoints/last.ckpt"));
    Files.copy(from.resolve("metrics.csv"), to.resolve("metrics.csv"));
    SweepResult resumed = SweepRunner.run(run, opts, interrupted);

    assertThat(reference.status()).isEqualTo(SweepResult.TRAINED);
    assertThat(resumed.status()).as(String.valueOf(resumed.error())).isEqualTo(SweepResult.TRAINED);
    assertThat(resumed.stepsDone()).isEqualTo(4);
    assertThat(resumed.dLoss()).isEqualTo(reference.dLoss());
    assertThat(resumed.gLoss()).isEqualTo(reference.gLoss());
    // The loss log holds steps 1-4 once each, with the uninterrupted run's losses (not its times).
    assertThat(lossColumns(to.resolve("metrics.csv")))
        .hasSize(5)
        .isEqualTo(lossColumns(tmp.resolve("whole/runs").resolve(run.id()).resolve("metrics.csv")));
  }

  /** step,d_loss,g_loss,d_real,d_fake of each line (ms_per_step differs between runs). */
  private static java.util.List<String> lossColumns(Path csv) throws java.io.IOException {
    return Files.readAllLines(csv).stream()
        .map(l -> String.join(",", java.util.Arrays.asList(l.split(",")).subList(0, 5)))
        .toList();
  }
}
