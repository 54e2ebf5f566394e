package io.github.samegan.spark;

import io.github.samegan.detect.Detector;
import io.github.samegan.detect.DetectorFiles;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    if (!u.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
      u = u + "/" + DetectorFiles.FILE_NAME;
    }
    int slash = u.lastIndexOf('/');
    if (slash < 0) {
      return new DetectorSpec(new RunStore(".", hadoop), u);
    }
    return new DetectorSpec(new RunStore(u.substring(0, slash), hadoop), u.substring(slash + 1));
  }

  /**
   * Copies the file here and loads it.
   *
   * @throws IllegalArgumentException if there is no file at the URI
   * @throws UncheckedIOException if it cannot be read or is no detector
   */
  public Detector load() {
    try {
      Path local = Files.createTempFile("samegan-detector-", ".zip");
      try {
        if (!store.download(file, local)) {
          throw new IllegalArgumentException(
              "no detector at "
                  + store.uri(file)
                  + "; pass the detector.zip that `samegan detect train` wrote, or its folder");
        }
        return DetectorFiles.load(local);
      } finally {
        Files.deleteIfExists(local);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not load the detector " + store.uri(file), e);
    }
  }
}
