package io.github.samegan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.library.LibraryGuide;
import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.synthetic.ShapesDataset;
import io.github.samegan.detect.DetectionReport;
import io.github.samegan.eval.metrics.MetricReport;
import io.github.samegan.losses.LeastSquaresLoss;
import io.github.samegan.models.Dcgan;
import io.github.samegan.models.MlpGan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * docs/library.md: every Java block is a region of {@link LibraryGuide} (compiled here) shown
 * verbatim, the dependency block is README's, and every snippet runs.
 */
class LibraryGuideTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path GUIDE =
      ROOT.resolve("examples/src/test/java/com/example/library/LibraryGuide.java");
  private static final List<String> SNIPPETS =
      List.of(
          "build",
          "loss",
          "network",
          "dataset",
          "train",
          "checkpoint",
          "sample",
          "evaluate",
          "detect");

  /** The region's lines, without the indentation they share. */
  static String region(String source, String name) {
    String begin = "// library.md:begin " + name + "\n";
    int b = source.indexOf(begin);
    assertThat(b).as("region " + name + " in " + GUIDE).isNotNegative();
    int start = b + begin.length();
    int end = source.indexOf("// library.md:end " + name, start);
    assertThat(end).as("end of region " + name).isPositive();
    List<String> lines =
        source.substring(start, source.lastIndexOf('\n', end) + 1).lines().toList();
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent));
    }
    return String.join("\n", out).strip();
  }

  /** The fenced block right after {@code <!-- library.md:NAME -->} on the page. */
  static String block(String page, String name) {
    Matcher m =
        Pattern.compile(
                "<!-- snippet:" + Pattern.quote(name) + " -->\\n```(\\w+)\\n(.*?)\\n```",
                Pattern.DOTALL)
            .matcher(page);
    assertThat(m.find()).as("the page has a block marked " + name).isTrue();
    return m.group(2).strip();
  }

  @Test
  void everyJavaBlockOfThePageIsACompiledRegion() throws Exception {
    String page = Files.readString(ROOT.resolve("docs/library.md"));
    String source = Files.readString(GUIDE);
    for (String name : SNIPPETS) {
      assertThat(block(page, name)).as("docs/library.md, " + name).isEqualTo(region(source, name));
    }
    long javaBlocks = Pattern.compile("```java\\n").matcher(page).results().count();
    assertThat(javaBlocks).as("every java block is a checked snippet").isEqualTo(SNIPPETS.size());
    // losses.md's "Write your own loss" is the same compiled loss.
    String losses = Files.readString(ROOT.resolve("docs/losses.md"));
    assertThat(block(losses, "loss")).as("docs/losses.md").isEqualTo(region(source, "loss"));
    // The dependency block is README's, which the check-as-user script builds a project from.
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(block(page, "depend")).isEqualTo(block(readme, "depend"));
  }

  @Test
  void theHandWrittenLossIsTheBuiltInLeastSquaresLossStepForStep() {
    List<StepStats> mine = train(new LibraryGuide.MyLeastSquares(), 3);
    List<StepStats> builtIn = train(LeastSquaresLoss.zeroOne(), 3);
    for (int i = 0; i < 3; i++) {
      assertThat(mine.get(i).dLoss()).isCloseTo(builtIn.get(i).dLoss(), within(i));
      assertThat(mine.get(i).gLoss()).isCloseTo(builtIn.get(i).gLoss(), within(i));
      assertThat(mine.get(i).dReal()).isCloseTo(builtIn.get(i).dReal(), within(i));
    }
  }

  private static org.assertj.core.data.Offset<Double> within(int step) {
    return org.assertj.core.data.Offset.offset(1e-5 * (step + 1));
  }

  private static List<StepStats> train(GanLoss loss, int steps) {
    MlpGan mlp = new MlpGan(ImageShape.rgb(32), 16, 32, 1);
    Gan gan = Gan.builder(mlp.generator(), mlp.discriminator(), loss).seed(5).build();
    BatchIterator it = BatchIterator.builder(new LibraryGuide.Gradients(64), 16).seed(1).build();
    GanTrainer t =
        GanTrainer.builder(gan, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
            .generatorOptimizer(Optimizer.adam(1e-3, 0.5, 0.999))
            .discriminatorOptimizer(Optimizer.adam(1e-3, 0.5, 0.999))
            .seed(2)
            .build();
    List<StepStats> out = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      out.add(t.step());
    }
    return out;
  }

  @Test
  void theSnippetsRunFromBuildingToDetection(@TempDir Path dir) throws Exception {
    // A network of one's own trains beside a catalogue discriminator.
    Dcgan dcgan = Dcgan.reference(ImageShape.rgb(32));
    Gan mine =
        Gan.builder(
                new LibraryGuide.MlpGenerator(32, ImageShape.rgb(32)),
                dcgan.discriminator(),
                new LibraryGuide.MyLeastSquares())
            .seed(1)
            .build();
    assertThat(
            LibraryGuide.trainWithCallbacks(
                    mine, new LibraryGuide.Gradients(128), dir.resolve("mine"), 1)
                .currentStep())
        .isEqualTo(1);
    assertThat(mine.sample(4, new Rng(1)).shape()).containsExactly(4, 3, 32, 32);

    // Train the catalogue GAN with callbacks; checkpoint and resume; load it and sample.
    ImageDataset data = new LibraryGuide.Gradients(256);
    Gan gan = LibraryGuide.buildAGan();
    Path run = dir.resolve("run");
    GanTrainer trainer = LibraryGuide.trainWithCallbacks(gan, data, run, 2);
    assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(3);
    assertThat(run.resolve("checkpoints/last.ckpt")).isRegularFile();
    GanTrainer resumed =
        LibraryGuide.checkpointAndResume(trainer, LibraryGuide.buildAGan(), data, dir, 1);
    assertThat(resumed.currentStep()).isEqualTo(3);

    Path grid = dir.resolve("grid.png");
    INDArray loaded = LibraryGuide.loadAndSample(run, grid);
    assertThat(grid).isRegularFile();
    assertThat(loaded)
        .as("the loaded weights are the trained ones")
        .isEqualTo(gan.sample(64, new Rng(7)));

    MetricReport metrics = LibraryGuide.evaluate(gan, data, 200);
    assertThat(metrics.frechetDistance()).isFinite().isNotNegative();
    assertThat(metrics.kid()).isNotNull();

    DetectionReport detection =
        LibraryGuide.detect(
            gan, ShapesDataset.generate(64, 1), ShapesDataset.generate(64, 2), 64, 2);
    assertThat(detection.clean().overall().averagePrecision()).isBetween(0.0, 1.0);
    assertThat(detection.clean().overall().fakeCount()).isEqualTo(64);
  }
}
