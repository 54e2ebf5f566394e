package io.github.samegan.core.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Temporary files for atomic writes (write the temporary, then rename it over the target). Unlike
 * {@link Files#createTempFile}, which makes the file readable by its owner only (mode 0600), the
 * file gets the permissions of any other new file (the process's umask, 0644 under the usual 022),
 * so the renamed result — a checkpoint, a sample grid, a statistics file — can be read like the
 * rest of a run folder by the people and services that share it.
 */
public final class TemporaryFiles {
  private TemporaryFiles() {}

  /**
   * Creates a new, empty file {@code <prefix><digits><suffix>} in {@code dir}, with the default
   * permissions for new files.
   *
   * @param dir an existing folder, normally the target's own (so the rename stays on one file
   *     system)
   * @throws IOException if the file cannot be created
   */
  public static Path createIn(Path dir, String prefix, String suffix) throws IOException {
    for (int attempt = 0; ; attempt++) {
      long n = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
      try {
        return Files.createFile(dir.resolve(prefix + n + suffix));
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }
}
