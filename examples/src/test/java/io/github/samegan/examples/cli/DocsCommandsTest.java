package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command in a ```` ```bash runnable ```` block of README.md and docs/*.md, so the docs
 * cannot rot. The convention (documented in docs/getting-started.md, "Keeping the docs honest"):
 * such blocks hold only {@code ./samegan ...} lines (comments and {@code \} continuations allowed),
 * run in order per file through {@link SameGan#run} with four rewrites: a leading {@code runs/} in
 * an argument points into a temporary folder, a leading {@code configs/} to the repository's
 * recipes, {@code --steps N} becomes {@code min(⌈N/1000⌉, 2)}, and {@code train}/{@code example}
 * get {@code --batch 8}.
 */
class DocsCommandsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Pattern BLOCK =
      Pattern.compile("(?m)^```bash runnable\\s*\\n(.*?)^```", Pattern.DOTALL);

  static List<Path> docs() throws Exception {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  /** The commands of a file's runnable blocks, continuations joined and comments removed. */
  static List<String> commands(String markdown) {
    List<String> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      String joined = m.group(1).replaceAll("\\\\\\n\\s*", " ");
      for (String line : joined.split("\n")) {
        String cmd = line.replaceAll("(^|\\s)#.*$", "").strip().replaceAll("\\s+", " ");
        if (!cmd.isEmpty()) {
          out.add(cmd);
        }
      }
    }
    return out;
  }

  /** The arguments a documented command runs with in the test (see the class comment). */
  static String[] rewrite(String command, Path tmp) {
    List<String> words = new ArrayList<>(List.of(command.split("\\s+")));
    assertThat(words.get(0))
        .as("runnable blocks hold only ./samegan commands: " + command)
        .isEqualTo("./samegan");
    words.remove(0);
    List<String> args = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals("--steps") && i + 1 < words.size()) {
        long n = Long.parseLong(words.get(++i));
        args.add(w);
        args.add(Long.toString(Math.min((n + 999) / 1000, 2)));
      } else if (w.equals("--batch") && i + 1 < words.size()) {
        i++; // replaced below
      } else if (w.startsWith("runs/")) {
        args.add(tmp.resolve(w).toString());
      } else if (w.startsWith("configs/")) {
        args.add(ROOT.resolve(w).toString());
      } else {
        args.add(w);
      }
    }
    if (!args.isEmpty()
        && (args.get(0).equals("train") || args.get(0).equals("example"))
        && args.size() > 1) {
      args.addAll(List.of("--batch", "8"));
    }
    return args.toArray(String[]::new);
  }

  @Test
  void theRewritesAreTheDocumentedOnes(@TempDir Path tmp) {
    assertThat(rewrite("./samegan train --dataset shapes --steps 600 --batch 64 --out runs/a", tmp))
        .containsExactly(
            "train",
            "--dataset",
            "shapes",
            "--steps",
            "1",
            "--out",
            tmp.resolve("runs/a").toString(),
            "--batch",
            "8");
    assertThat(rewrite("./samegan example x --steps 20000", tmp)).contains("--steps", "2");
    assertThat(
            commands(
                "```bash runnable\n./samegan a \\\n  --b c   # note\n\n./samegan d\n```\n```bash\nnot me\n```\n"))
        .containsExactly("./samegan a --b c", "./samegan d");
  }

  @Test
  void everyRunnableCommandInTheDocsSucceeds(@TempDir Path tmp) throws Exception {
    int total = 0;
    for (Path doc : docs()) {
      for (String cmd : commands(Files.readString(doc))) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SameGan.run(new PrintWriter(out), new PrintWriter(err), rewrite(cmd, tmp));
        assertThat(code).as(ROOT.relativize(doc) + ": " + cmd + "\n" + out + err).isZero();
        total++;
      }
    }
    assertThat(total)
        .as("runnable commands found in README.md and docs/")
        .isGreaterThanOrEqualTo(9);
    assertThat(tmp.resolve("runs/shapes/report.html")).exists();
    assertThat(tmp.resolve("runs/shapes-grid.png")).exists();
  }
}
