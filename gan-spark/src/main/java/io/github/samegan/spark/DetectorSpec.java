package io.github.samegan.spark;

import io.github.samegan.detect.Detector;
import io.github.samegan.detect.DetectorFiles;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;

/**
 * Where a saved detector ({@code samegan detect train}'s {@code detector.zip}, gan-detect's {@link
 * DetectorFiles}) lives on a file system every executor can read; tasks copy it to a local
 * temporary file and load it there.
 *
 * @param store the folder that holds the file
 * @param file the file's name in it
 */
public record DetectorSpec(RunStore store, String file) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validates. */
  public DetectorSpec {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(file, "file");
  }

  /**
   * The detector at a URI: a {@code .zip} file, or a folder holding {@link DetectorFiles#FILE_NAME}
   * (as {@code samegan detect train --out} writes it).
   */
  public static DetectorSpec at(String uri, Configuration hadoop) {
    Objects.requireNonNull(uri, "uri");
    String u = uri.strip();
    if (!u.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
      u = (u.endsWith("/") ? u : u + "/") + DetectorFiles.FILE_NAME;
    }
    Map.Entry<RunStore, String> f = RunStore.ofFile(u, hadoop);
    return new DetectorSpec(f.getKey(), f.getValue());
  }

  /**
   * Copies the file here and loads it.
   *
   * @throws IllegalArgumentException if there is no file at the URI
   * @throws java.io.UncheckedIOException if it cannot be read or is no detector
   */
  public Detector load() {
    return store.readLocalCopy(
        file,
        ".zip",
        "detector",
        "pass the detector.zip that `samegan detect train` wrote, or its folder",
        DetectorFiles::load);
  }
}
