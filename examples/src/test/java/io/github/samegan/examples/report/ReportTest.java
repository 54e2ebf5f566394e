package io.github.samegan.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.examples.runs.TestRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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

/**
 * The report of a real (tiny) run kept up to date while it trains, as {@code train --report} does,
 * and of runs without checkpoint or grids. {@code samegan report} itself is tested by {@code
 * cli.ReportCommandTest}.
 */
public class ReportTest {
  static Path run;
  static String trainOut;
  private static Path shared;

  /**
   * One small training run with the report kept up to date as {@code samegan train --report} keeps
   * it (samples every 2 steps, 6 steps), trained once per test JVM and shared with the command-line
   * tests of the report (tests that change files work on a copy).
   */
  public static synchronized Path trainedRun() throws java.io.IOException {
    if (shared != null) {
      return shared;
    }
    Path parent = Files.createTempDirectory("samegan-report-test");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try (var files = Files.walk(parent)) {
                    files
                        .sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
                  } catch (java.io.IOException ignored) {
                    // best effort
                  }
                }));
    Path r = parent.resolve("run");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
    TestRuns.in(r)
        .model("mlp")
        .steps(6)
        .batch(16)
        .sampleEvery(2)
        .checkpointEvery(3)
        .progressEvery(3)
        .log(log)
        .callback(ReportCallback.duringTraining(true, r, 2, log))
        .train();
    trainOut = out.toString(StandardCharsets.UTF_8);
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
    assertThat(imgs)
        .hasSizeGreaterThanOrEqualTo(
            2 + 2 + 1 + 4); // losses, scores, lr, speed, latest + grids 0,2,4,6
    for (String src : imgs) {
      assertThat(src).startsWith("data:image/png;base64,");
      var img =
          ImageIO.read(
              new java.io.ByteArrayInputStream(Base64.getDecoder().decode(src.substring(22))));
      assertThat(img).isNotNull();
      assertThat(img.getWidth()).isGreaterThan(50);
    }
    assertThat(page)
        .contains("model mlp")
        .contains("loss minimax")
        .contains("data set shapes")
        .contains("Samples over time")
        .contains("step 6")
        .contains("Environment")
        .contains("Where the run trained")
        .contains("ND4J backend");
    assertThat(page)
        .contains("id=\"chart-losses\"")
        .contains("id=\"chart-d-scores\"")
        .contains("id=\"chart-learning-rates\"")
        .contains("id=\"chart-throughput\"")
        .contains("D&#39;s mean probability that a batch is real")
        .doesNotContain("Evaluation metrics");
    assertThat(run.resolve("plots/losses.png")).exists();
    assertThat(ImageIO.read(run.resolve("plots/losses.png").toFile()).getWidth())
        .isEqualTo(Charts.WIDTH);
  }

  @Test
  void aRunWithoutCheckpointOrGridsStillReports(@TempDir Path bare) throws Exception {
    Files.writeString(
        bare.resolve("metrics.csv"),
        "step,d_loss,g_loss,d_real,d_fake,ms_per_step\n1,1.3,0.7,0.6,0.4,120\n");
    Path html = RunReport.write(bare, RunReport.Options.finished());
    String page = Files.readString(html);
    assertThat(page)
        .contains("No sample grids yet")
        .contains("No settings recorded")
        .contains("Learning rates were not recorded")
        .contains("the machine that wrote this report");
  }

  @Test
  void csvCellsMayHoldQuotedCommas() {
    assertThat(CsvTable.parseLine("1,\"a, b\",\"say \"\"hi\"\"\","))
        .containsExactly("1", "a, b", "say \"hi\"", "");
  }

  public static void copy(Path from, Path to) throws java.io.IOException {
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
