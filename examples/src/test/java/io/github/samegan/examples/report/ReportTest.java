package io.github.samegan.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.examples.cli.SameGan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code samegan report} and {@code train --report} on a real (tiny) run, with and without optional logs. */
class ReportTest {
  static Path run;
  static String trainOut;
  private static Path shared;

  record Result(int code, String out, String err) {}

  static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SameGan.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * One small training run with --report, trained once per test JVM and shared with
   * ReportBrowserTest (tests that change files work on a copy).
   */
  static synchronized Path trainedRun() throws java.io.IOException {
    if (shared != null) {
      return shared;
    }
    Path parent = Files.createTempDirectory("samegan-report-test");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (var files = Files.walk(parent)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException ignored) {
        // best effort
      }
    }));
    Path r = parent.resolve("run");
    Result t = cli("train", "--dataset", "shapes", "--model", "mlp", "--steps", "6", "--batch", "16",
        "--out", r.toString(), "--sample-every", "2", "--checkpoint-every", "3", "--progress-every", "3", "--report");
    assertThat(t.code()).as(t.err()).isZero();
    trainOut = t.out();
    shared = r;
    return r;
  }

  @BeforeAll
  static void train() throws java.io.IOException {
    run = trainedRun();
  }

  static List<String> images(String html) {
    Matcher m = Pattern.compile("<img[^>]*src=\"([^\"]*)\"").matcher(html);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void trainWithReportWritesASelfContainedPageAndTheEnvironment() throws Exception {
    assertThat(trainOut).contains("Report: file:");
    Path html = run.resolve("report.html");
    assertThat(html).exists();
    assertThat(run.resolve("environment.properties")).content().contains("backend=CPU");
    String page = Files.readString(html, StandardCharsets.UTF_8);
    // Finished: no self-reload; every image embedded and decodable as a PNG.
    assertThat(page).doesNotContain("http-equiv=\"refresh\"").contains("Last logged step: 6");
    assertThat(page).doesNotContainPattern("(src|href)=\"https?:").doesNotContain("<script");
    List<String> imgs = images(page);
    assertThat(imgs).hasSizeGreaterThanOrEqualTo(2 + 2 + 1 + 4); // losses, scores, lr, speed, latest + grids 0,2,4,6
    for (String src : imgs) {
      assertThat(src).startsWith("data:image/png;base64,");
      var img = ImageIO.read(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(src.substring(22))));
      assertThat(img).isNotNull();
      assertThat(img.getWidth()).isGreaterThan(50);
    }
    assertThat(page).contains("model mlp").contains("loss minimax").contains("data set shapes")
        .contains("Samples over time").contains("step 6").contains("Environment")
        .contains("Where the run trained").contains("ND4J backend");
    assertThat(page).contains("id=\"chart-losses\"").contains("id=\"chart-d-scores\"")
        .contains("id=\"chart-learning-rates\"").contains("id=\"chart-throughput\"")
        .contains("D&#39;s mean probability that a batch is real").doesNotContain("Evaluation metrics");
    assertThat(run.resolve("plots/losses.png")).exists();
    assertThat(ImageIO.read(run.resolve("plots/losses.png").toFile()).getWidth()).isEqualTo(Charts.WIDTH);
  }

  @Test
  void reportCommandAddsEvaluationDetectionAndMonitoredColumnsWhenPresent(@TempDir Path other) throws Exception {
    Path r = other.resolve("copy");
    copy(run, r);
    Files.writeString(r.resolve("eval.csv"), String.join("\n",
        "step,fd,kid_mean,kid_std,kid_subsets,kid_subset_size,n_real,n_fake,seconds,feature_network,preprocessing",
        "0,412.5,0.53,0.01,10,100,100,100,4.1,\"classifier:fmnist.zip (resnet, test acc 91.3%)\",none",
        "3,300.25,0.31,0.02,10,100,100,100,4.0,\"classifier:fmnist.zip (resnet, test acc 91.3%)\",none",
        "6,250.0,0.20,0.02,10,100,100,100,4.2,\"classifier:fmnist.zip (resnet, test acc 91.3%)\",none") + "\n");
    Files.writeString(r.resolve("detection.csv"), "step,detection_rate,auc\n0,0.99,1.0\n6,0.81,0.93\n");
    // A loss that monitors a value, and a diverged step.
    List<String> log = Files.readAllLines(r.resolve("metrics.csv"));
    List<String> withGp = new java.util.ArrayList<>(List.of(log.get(0) + ",gp_grad_norm"));
    for (int i = 1; i < log.size(); i++) {
      withGp.add(log.get(i) + "," + (i == 3 ? "NaN" : "1.2"));
    }
    Files.write(r.resolve("metrics.csv"), withGp);

    Result rep = cli("report", r.toString());
    assertThat(rep.code()).as(rep.err()).isZero();
    assertThat(rep.out()).startsWith("Report: file:").contains("report.html");
    String page = Files.readString(r.resolve("report.html"));
    assertThat(page).contains("Evaluation metrics").contains("id=\"chart-eval-fd\"").contains("id=\"chart-eval-kid\"")
        .contains("3 evaluations of 100 generated vs 100 real images")
        .contains("classifier:fmnist.zip (resnet, test acc 91.3%)")
        .contains("Latest FD").contains("250.0").contains("0.20 ± 0.02");
    assertThat(page).contains("id=\"detection\"").contains("id=\"chart-detection-detection_rate\"")
        .contains("id=\"chart-detection-auc\"");
    assertThat(page).contains("id=\"chart-monitor-gp_grad_norm\"").contains("1 non-finite value is not drawn");
    // settings read back from the checkpoint
    assertThat(page).contains("<th>Batch size</th><td>16</td>").contains("--resume --out");
    assertThat(r.resolve("plots/eval-kid.png")).exists();
  }

  @Test
  void aFolderThatIsNotARunGivesOneClearLine(@TempDir Path empty) {
    Result missing = cli("report", empty.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(missing.err()).contains("Run folder not found").doesNotContain("\tat ");
    Result notRun = cli("report", empty.toString());
    assertThat(notRun.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(notRun.err()).contains("No loss log").contains("metrics.csv");
    assertThat(notRun.err().lines().count()).isEqualTo(1);
  }

  @Test
  void aRunWithoutCheckpointOrGridsStillReports(@TempDir Path bare) throws Exception {
    Files.writeString(bare.resolve("metrics.csv"), "step,d_loss,g_loss,d_real,d_fake,ms_per_step\n1,1.3,0.7,0.6,0.4,120\n");
    Path html = RunReport.write(bare, RunReport.Options.finished());
    String page = Files.readString(html);
    assertThat(page).contains("No sample grids yet").contains("No settings recorded")
        .contains("Learning rates were not recorded").contains("the machine that wrote this report");
  }

  @Test
  void csvCellsMayHoldQuotedCommas() {
    assertThat(CsvTable.parseLine("1,\"a, b\",\"say \"\"hi\"\"\",")).containsExactly("1", "a, b", "say \"hi\"", "");
  }

  static void copy(Path from, Path to) throws java.io.IOException {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
