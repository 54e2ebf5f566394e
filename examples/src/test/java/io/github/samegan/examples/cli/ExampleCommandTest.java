package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.examples.gallery.Gallery;
import io.github.samegan.examples.testing.RequiresFashionMnist;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example program runs through {@code samegan example NAME} for two steps with a tiny batch:
 * the embedded and Fashion-MNIST ones on their own data, WGAN-GP (one step) on an empty data
 * folder, where it says so in one line and falls back to the embedded shapes set. cifar100-dcgan is
 * shapes-dcgan's program on other data: its missing-data message is checked, it is not trained.
 */
class ExampleCommandTest {
  @TempDir static Path dir;

  record Result(int code, String out, String err) {}

  static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SameGan.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  static Result runExample(String name, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "example",
                name,
                "--steps",
                "2",
                "--batch",
                "8",
                "--out",
                dir.resolve(name).toString(),
                "--data-dir",
                dir.resolve("no-data").toString()));
    args.addAll(List.of(extra));
    return cli(args.toArray(String[]::new));
  }

  static void assertRan(String name, Result r) throws Exception {
    assertRan(name, r, 2);
  }

  static void assertRan(String name, Result r, int steps) throws Exception {
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("Done at step " + steps)
        .contains("report.html")
        .contains("io.github.samegan.examples.gallery.");
    Path out = dir.resolve(name);
    assertThat(ImageIO.read(out.resolve("samples/step-00000" + steps + ".png").toFile()))
        .isNotNull();
    assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(steps + 1);
    assertThat(out.resolve("checkpoints/last.ckpt")).exists();
    assertThat(Files.readString(out.resolve("report.html"))).contains("Last logged step: " + steps);
  }

  @Test
  void listsEveryExample() {
    Result r = cli("example");
    assertThat(r.code()).isZero();
    for (Gallery.Example e : Gallery.EXAMPLES) {
      assertThat(r.out()).contains(e.name());
    }
    assertThat(r.out())
        .contains("fashion-mnist-dcgan")
        .contains("cifar10-wgan-gp")
        .contains("custom-generator");
  }

  @Test
  void shapesDcganRuns() throws Exception {
    Result r = runExample("shapes-dcgan");
    assertRan("shapes-dcgan", r);
    assertThat(r.out()).contains("shapes, 10,000 images of 3x32x32").doesNotContain("Falling back");
  }

  @Test
  @RequiresFashionMnist
  void fashionMnistDcganRunsOnDebiansCopy() throws Exception {
    Result r = runExample("fashion-mnist-dcgan");
    assertRan("fashion-mnist-dcgan", r);
    assertThat(r.out()).contains("fashion-mnist, 60,000 images of 1x32x32");
    // The checkpoint names a registered model, so 'samegan sample' can rebuild it.
    Path grid = dir.resolve("fm-grid.png");
    Result sample =
        cli(
            "sample",
            "--checkpoint",
            dir.resolve("fashion-mnist-dcgan").toString(),
            "--n",
            "4",
            "--out",
            grid.toString());
    assertThat(sample.code()).as(sample.err()).isZero();
  }

  @Test
  void customLossAndCustomGeneratorRun() throws Exception {
    assertRan("custom-loss", runExample("custom-loss"));
    Result g = runExample("custom-generator");
    assertRan("custom-generator", g);
    assertThat(Files.readString(dir.resolve("custom-generator/report.html")))
        .contains("modulated-canvas G (custom)");
  }

  @Test
  void cifarExamplesSayTheDataIsAbsentAndFallBackToShapes() throws Exception {
    // One step of WGAN-GP is five critic updates with the penalty.
    List<String> args =
        List.of(
            "example",
            "cifar10-wgan-gp",
            "--steps",
            "1",
            "--batch",
            "4",
            "--out",
            dir.resolve("cifar10-wgan-gp").toString(),
            "--data-dir",
            dir.resolve("no-data").toString());
    Result wgan = cli(args.toArray(String[]::new));
    assertRan("cifar10-wgan-gp", wgan, 1);
    assertThat(wgan.out())
        .contains("cifar10-wgan-gp: Data set 'cifar10' not found")
        .contains("samegan data download cifar10")
        .contains("Falling back to the embedded 'shapes' data set");
    assertThat(Files.readAllLines(dir.resolve("cifar10-wgan-gp/metrics.csv")).get(0))
        .contains("gp_grad_norm");
  }

  @Test
  void mistakesGiveOneClearLine() {
    Result unknown = cli("example", "nope");
    assertThat(unknown.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(unknown.err())
        .contains("Unknown example 'nope'")
        .contains("shapes-dcgan")
        .doesNotContain("\tat ");
    // A data set named explicitly must exist: no silent fallback.
    Result explicit = runExample("cifar100-dcgan", "--dataset", "cifar100");
    assertThat(explicit.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(explicit.err())
        .contains("Data set 'cifar100' not found")
        .contains("samegan data download cifar100");
    assertThat(explicit.err().lines().count()).isEqualTo(1);
  }
}
