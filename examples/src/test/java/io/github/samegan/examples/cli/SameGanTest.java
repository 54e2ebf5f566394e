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

  @Test
  void everyCommandsHelpPrintsWithoutPicocliWarnings() {
    List<List<String>> commands = new ArrayList<>();
    collect(new CommandLine(new SameGan()), new ArrayList<>(), commands);
    assertThat(commands).contains(List.of("classifier", "train"), List.of("serve"));
    java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      for (List<String> command : commands) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(String.join(" ", command)).isZero();
        assertThat(r.out()).as(String.join(" ", command)).doesNotContain("%n");
      }
    } finally {
      System.setErr(original);
    }
    assertThat(stderr.toString(java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("picocli WARN");
    assertThat(CliTest.run("classifier", "train", "--help").out()).contains("a seeded 10%.");
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
    for (var e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) {
        continue;
      }
      List<String> p = new ArrayList<>(path);
      p.add(e.getKey());
      out.add(p);
      collect(e.getValue(), p, out);
    }
  }
}
