package io.github.samegan.examples.report;

import io.github.samegan.core.io.ZipArchives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a run folder that the report reads besides the loss log: the settings stored in
 * {@code checkpoints/last.ckpt}, the sample grids {@code samples/step-NNNNNN.png} and the other CSV
 * logs.
 */
final class RunFolder {
  private static final Pattern GRID = Pattern.compile("step-(\\d+)\\.png");

  private final Path dir;

  RunFolder(Path dir) {
    this.dir = dir;
  }

  /** The folder. */
  Path dir() {
    return dir;
  }

  /** A file in the folder. */
  Path resolve(String name) {
    return dir.resolve(name);
  }

  /**
   * The run's settings: the metadata of its last checkpoint (empty without one), plus its step. A
   * checkpoint that cannot be read adds a line to {@code notes} and gives no settings.
   */
  Map<String, String> checkpointMetadata(List<String> notes) {
    Path ckpt = dir.resolve("checkpoints").resolve("last.ckpt");
    Map<String, String> m = new LinkedHashMap<>();
    if (!Files.isRegularFile(ckpt)) {
      return m;
    }
    try {
      // the one bounded reader of SameGAN's zips: a hostile manifest cannot exhaust the heap
      Properties p =
          ZipArchives.read(ckpt, "checkpoint.properties", ZipArchives.MANIFEST_ONLY, "Checkpoint")
              .manifest();
      if (p == null) {
        notes.add("checkpoints/last.ckpt is not a SameGAN checkpoint; settings not shown.");
        return m;
      }
      p.stringPropertyNames().stream()
          .sorted()
          .filter(k -> k.startsWith("meta."))
          .forEach(k -> m.put(k.substring(5), p.getProperty(k)));
      if (p.getProperty("step") != null) {
        m.put("checkpoint step", p.getProperty("step"));
      }
    } catch (IOException | RuntimeException ex) {
      notes.add(
          "Could not read checkpoints/last.ckpt (" + ex.getMessage() + "); settings not shown.");
    }
    return m;
  }

  /** The sample grids, in step order. */
  List<Path> grids() throws IOException {
    Path samples = dir.resolve("samples");
    if (!Files.isDirectory(samples)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(samples)) {
      return s.filter(p -> GRID.matcher(p.getFileName().toString()).matches())
          .sorted((a, b) -> Long.compare(stepOf(a), stepOf(b)))
          .toList();
    }
  }

  /** The CSV files in the folder other than {@code metrics.csv} and {@code eval.csv}, by name. */
  List<Path> otherLogs() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".csv"))
          .filter(p -> !Set.of("metrics.csv", "eval.csv").contains(p.getFileName().toString()))
          .sorted()
          .toList();
    }
  }

  /** At most {@code max} of the grids, evenly spaced, the first and the last kept. */
  static List<Path> pick(List<Path> all, int max) {
    if (all.size() <= max) {
      return all;
    }
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      int idx = (int) Math.round(i * (all.size() - 1) / (double) (max - 1));
      if (out.isEmpty() || out.get(out.size() - 1) != all.get(idx)) {
        out.add(all.get(idx));
      }
    }
    return out;
  }

  /** The step a grid file is named after, or -1. */
  static long stepOf(Path grid) {
    Matcher m = GRID.matcher(grid.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }
}
