package io.github.samegan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps README.md's "define your own GAN" snippet identical to a compiled, running example. */
class ReadmeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static List<String> between(List<String> lines, String begin, String end) {
    int b = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(begin) && b < 0) {
        b = i + 1;
      } else if (b >= 0 && lines.get(i).contains(end)) {
        return lines.subList(b, i);
      }
    }
    throw new AssertionError("markers " + begin + " / " + end + " not found");
  }

  private static String normalise(List<String> lines) {
    return lines.stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void readmeSnippetIsTheCompiledExample() throws Exception {
    List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
    int heading = readme.indexOf("## Define your own GAN in ~20 lines");
    assertThat(heading).isPositive();
    List<String> snippet = between(readme.subList(heading, readme.size()), "```java", "```");
    List<String> source =
        Files.readAllLines(
            ROOT.resolve(
                "examples/src/main/java/io/github/samegan/examples/CustomGanExample.java"));
    List<String> region = between(source, "// README:begin", "// README:end");
    assertThat(normalise(snippet)).isEqualTo(normalise(region));
    assertThat(snippet.size()).isLessThanOrEqualTo(25);
  }

  @Test
  void readmeShowsTheSnippetsImports() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int b = readme.indexOf("<!-- snippet:imports -->\n```java\n");
    assertThat(b).as("README.md's imports block").isPositive();
    int start = readme.indexOf('\n', readme.indexOf("```java", b)) + 1;
    List<String> shown = readme.substring(start, readme.indexOf("```", start)).lines().toList();
    List<String> source =
        Files.readAllLines(
                ROOT.resolve(
                    "examples/src/main/java/io/github/samegan/examples/CustomGanExample.java"))
            .stream()
            .filter(l -> l.startsWith("import "))
            .filter(l -> !l.equals("import java.nio.file.Path;")) // the example's signature only
            .toList();
    assertThat(shown).isEqualTo(source);
  }

  @Test
  void theExampleRuns(@TempDir Path dir) {
    var trainer = CustomGanExample.runExample(2, dir);
    assertThat(trainer.currentStep()).isEqualTo(2);
    assertThat(dir.resolve("samples/step-000002.png")).exists();
    assertThat(dir.resolve("checkpoints/last.ckpt")).exists();
  }

  @Test
  void quickStartCommandsAreTheOnesCiRuns() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String ci = Files.readString(ROOT.resolve(".ci/run"));
    assertThat(readme).contains("mvn -B verify");
    assertThat(ci).contains("\nmvn -B verify\n");
    assertThat(readme).contains("./samegan train --dataset shapes");
  }
}
