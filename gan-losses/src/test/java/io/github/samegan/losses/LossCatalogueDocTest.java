package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/losses.md lists every built-in loss with the flags it reads, and its options table is the
 * one the {@link LossOption} declarations give (on a mismatch the message holds the table to
 * paste).
 */
class LossCatalogueDocTest {
  private static final Path DOC =
      Path.of("..").toAbsolutePath().normalize().resolve("docs/losses.md");
  private static final String BEGIN = "<!-- loss-options:begin";
  private static final String END = "<!-- loss-options:end -->";
  private static final Pattern FLAG = Pattern.compile("--[a-z0-9-]+");

  /** The options table of a registry, as docs/losses.md shows it. */
  static List<String> optionsTable(LossRegistry registry) {
    List<String> rows = new ArrayList<>();
    rows.add("| Flag | Checkpoint key | Read by | Default | Allowed values | Meaning |");
    rows.add("|---|---|---|---|---|---|");
    for (LossOption<?> o : registry.options()) {
      String readers =
          LossRegistry.COMMON.contains(o)
              ? "every loss"
              : LossRegistry.HEAD_OPTIONS.contains(o)
                  ? "every loss, for `acgan` / `infogan`"
                  : registry.readers(o).stream()
                      .map(e -> "`" + e.name() + "`")
                      .collect(Collectors.joining(", "));
      rows.add(
          "| `"
              + o.flag()
              + " "
              + o.symbol()
              + "` | `loss."
              + o.key()
              + "` | "
              + readers
              + " | `"
              + LossOptions.defaults().text(o)
              + "` | "
              + o.allowed()
              + " | "
              + o.description()
              + " |");
    }
    return rows;
  }

  @Test
  void optionsTableIsGeneratedFromTheDeclarations() throws Exception {
    List<String> lines = Files.readAllLines(DOC);
    int begin = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(BEGIN)) {
        begin = i + 1;
      } else if (lines.get(i).equals(END)) {
        end = i;
      }
    }
    assertThat(begin).as("marker " + BEGIN).isPositive();
    assertThat(end).as("marker " + END).isGreaterThanOrEqualTo(begin);
    List<String> expected = optionsTable(LossRegistry.builder().addBuiltIns().build());
    assertThat(lines.subList(begin, end))
        .as("docs/losses.md options table; it should read:\n" + String.join("\n", expected))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void catalogueRowsNameExactlyTheFlagsEachLossReads() throws Exception {
    List<String> lines = Files.readAllLines(DOC);
    for (LossRegistry.Entry e : LossRegistry.builder().addBuiltIns().build().entries()) {
      String row =
          lines.stream()
              .filter(l -> l.startsWith("| `" + e.name() + "` |"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no catalogue row for " + e.name()));
      String options = row.substring(row.lastIndexOf('|', row.length() - 2));
      Set<String> flags = new LinkedHashSet<>();
      Matcher m = FLAG.matcher(options);
      while (m.find()) {
        flags.add(m.group());
      }
      assertThat(flags)
          .as(e.name() + ": " + options)
          .containsExactlyInAnyOrderElementsOf(e.options().stream().map(LossOption::flag).toList());
    }
  }

  /**
   * The first {@code ```java} block after {@code heading} in a docs page, and the marked region of
   * a source file.
   */
  static void assertSnippetIsTheFile(String page, String heading, Path source) throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String doc = Files.readString(root.resolve(page));
    int h = doc.indexOf("\n" + heading + "\n");
    assertThat(h).as(page + ": " + heading).isPositive();
    int b = doc.indexOf("```java\n", h) + "```java\n".length();
    String snippet = doc.substring(b, doc.indexOf("```", b));
    String file = Files.readString(source);
    String region =
        file.substring(
            file.indexOf("// concepts.md:begin\n") + "// concepts.md:begin\n".length(),
            file.indexOf("// concepts.md:end"));
    assertThat(snippet.strip()).as(page + " shows " + source).isEqualTo(region.strip());
  }

  @Test
  void conceptsPageShowsTheExampleLossPluginVerbatim() throws Exception {
    assertSnippetIsTheFile(
        "docs/concepts.md",
        "## Add a loss with its own option",
        Path.of("src/test/java/com/example/gan/MarginHingeLoss.java"));
    assertThat(
            Files.readString(
                    Path.of(
                        "src/test/resources/META-INF/services/io.github.samegan.losses.LossProvider"))
                .strip())
        .isEqualTo("com.example.gan.MarginHingeLoss$Provider");
  }
}
