package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code samegan} without a command, and its javadoc, name every registered command. */
class SameGanTest {
  static final Path SOURCE = Path.of("src/main/java/io/github/samegan/examples/cli/SameGan.java");

  static List<String> registered() {
    return List.copyOf(new CommandLine(new SameGan()).getSubcommands().keySet());
  }

  @Test
  void theMissingCommandMessageListsEveryRegisteredCommand() {
    CliTest.Result r = CliTest.run();
    assertThat(r.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(r.err())
        .contains("Missing command: choose one of " + String.join(", ", registered()));
    assertThat(registered())
        .contains(
            "train",
            "sample",
            "models",
            "losses",
            "datasets",
            "classifier",
            "evaluate",
            "detect",
            "data",
            "serve",
            "study",
            "report",
            "example",
            "help");
  }

  @Test
  void theJavadocListsEveryRegisteredCommandInOrder() throws Exception {
    String source = Files.readString(SOURCE);
    String javadoc = source.substring(source.indexOf("/**"), source.indexOf("@Command("));
    Matcher m = Pattern.compile("<li>\\{@code ([a-z]+)}").matcher(javadoc);
    List<String> listed = new ArrayList<>();
    while (m.find()) {
      listed.add(m.group(1));
    }
    assertThat(listed).isEqualTo(registered());
  }
}
