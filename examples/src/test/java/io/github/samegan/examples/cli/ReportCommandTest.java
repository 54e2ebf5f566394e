package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.examples.report.ReportTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samegan report} on a copy of {@link ReportTest}'s run with optional logs added, and on
 * folders that are not runs.
 */
class ReportCommandTest {

  @Test
  void reportCommandAddsEvaluationDetectionAndMonitoredColumnsWhenPresent(@TempDir Path other)
      throws Exception {
    Path r = other.resolve("copy");
    ReportTest.copy(ReportTest.trainedRun(), r);
    Files.writeString(
        r.resolve("eval.csv"),
        String.join(
                "\n",
                "step,fd,kid_mean,kid_std,kid_subsets,kid_subset_size,n_real,n_fake,seconds,feature_network,preprocessing",
                "0,412.5,0.53,0.01,10,100,100,100,4.1,\"classifier:fmnist.zip (resnet, test acc 91.3%)\",none",
                "3,300.25,0.31,0.02,10,100,100,100,4.0,\"classifier:fmnist.zip (resnet, test acc 91.3%)\",none",
                "6,250.0,0.20,0.02,10,100,100,100,4.2,\"classifier:fmnist.zip (resnet, test acc 91.3%)\",none")
            + "\n");
    Files.writeString(
        r.resolve("detection.csv"), "step,detection_rate,auc\n0,0.99,1.0\n6,0.81,0.93\n");
    // a second --detector's log names its detector
    Files.writeString(
        r.resolve("detection-2.csv"),
        "step,detection_rate,mean_p_fake,detector\n0,1.0,0.99,\"held-out B\"\n6,0.5,0.6,\"held-out B\"\n");
    // A loss that monitors a value, and a diverged step.
    List<String> log = Files.readAllLines(r.resolve("metrics.csv"));
    List<String> withGp = new java.util.ArrayList<>(List.of(log.get(0) + ",gp_grad_norm"));
    for (int i = 1; i < log.size(); i++) {
      withGp.add(log.get(i) + "," + (i == 3 ? "NaN" : "1.2"));
    }
    Files.write(r.resolve("metrics.csv"), withGp);

    CliTest.Result rep = CliTest.run("report", r.toString());
    assertThat(rep.code()).as(rep.err()).isZero();
    assertThat(rep.out()).startsWith("Report: file:").contains("report.html");
    String page = Files.readString(r.resolve("report.html"));
    assertThat(page)
        .contains("Evaluation metrics")
        .contains("id=\"chart-eval-fd\"")
        .contains("id=\"chart-eval-kid\"")
        .contains("3 evaluations of 100 generated vs 100 real images")
        .contains("classifier:fmnist.zip (resnet, test acc 91.3%)")
        .contains("Latest FD")
        .contains("250.0")
        .contains("0.20 ± 0.02");
    assertThat(page)
        .contains("id=\"detection\"")
        .contains("id=\"chart-detection-detection_rate\"")
        .contains("id=\"chart-detection-auc\"")
        .contains("Detection (detection-2.csv)")
        .contains("detector held-out B")
        .contains("id=\"chart-detection-2-detection_rate\"")
        .contains("Detectors side by side")
        .contains("id=\"chart-detectors-rates\"")
        .contains("id=\"chart-detectors-fd\"");
    assertThat(page)
        .contains("id=\"chart-monitor-gp_grad_norm\"")
        .contains("1 non-finite value is not drawn");
    // settings read back from the checkpoint
    assertThat(page).contains("<th>Batch size</th><td>16</td>").contains("--resume --out");
    assertThat(r.resolve("plots/eval-kid.png")).exists();
  }

  @Test
  void aFolderThatIsNotARunGivesOneClearLine(@TempDir Path empty) {
    CliTest.Result missing = CliTest.run("report", empty.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(missing.err()).contains("Run folder not found").doesNotContain("\tat ");
    CliTest.Result notRun = CliTest.run("report", empty.toString());
    assertThat(notRun.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(notRun.err()).contains("No loss log").contains("metrics.csv");
    assertThat(notRun.err().lines().count()).isEqualTo(1);
  }
}
