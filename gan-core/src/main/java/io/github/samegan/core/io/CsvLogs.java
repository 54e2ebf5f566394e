package io.github.samegan.core.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Helpers for the CSV logs a run appends to while it trains (loss log, evaluation and detection
 * logs), whose rows start with the step number.
 */
public final class CsvLogs {
  private CsvLogs() {}

  /**
   * Removes the rows whose first column is a step number above {@code step}, keeping the header and
   * every other line, so that a run resumed at {@code step} appends after its own last row. Does
   * nothing if the file does not exist.
   */
  public static void dropRowsAfter(Path csv, long step) throws IOException {
    if (!Files.exists(csv)) {
      return;
    }
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<String> keep = new ArrayList<>();
    for (String line : lines) {
      int comma = line.indexOf(',');
      String first = comma > 0 ? line.substring(0, comma) : "";
      if (!first.isEmpty()
          && first.chars().allMatch(Character::isDigit)
          && first.length() < 19
          && Long.parseLong(first) > step) {
        continue;
      }
      keep.add(line);
    }
    if (keep.size() != lines.size()) {
      Files.write(csv, keep, StandardCharsets.UTF_8);
    }
  }

  /**
   * Prepares a step log for a run at {@code step}: creates its folder, drops rows past {@code step}
   * (a resumed run) and writes {@code header} if the file is new or empty.
   *
   * @param what names the log in the error, e.g. {@code "evaluation log"}
   * @throws java.io.UncheckedIOException if the file cannot be read or written
   */
  public static void openForStep(Path csv, String header, long step, String what) {
    try {
      Files.createDirectories(csv.toAbsolutePath().getParent());
      dropRowsAfter(csv, step);
      if (!Files.exists(csv) || Files.size(csv) == 0) {
        Files.writeString(csv, header + "\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + what + " " + csv, e);
    }
  }

  /** A CSV field in double quotes (inner quotes doubled). */
  public static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  /**
   * Appends text (one or more complete lines) to a log.
   *
   * @param what names the log in the error, e.g. {@code "evaluation log"}
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public static void append(Path csv, String lines, String what) {
    try (BufferedWriter w =
        Files.newBufferedWriter(
            csv, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      w.write(lines);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + what + " " + csv, e);
    }
  }
}
