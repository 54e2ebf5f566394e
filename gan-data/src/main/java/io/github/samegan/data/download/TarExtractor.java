package io.github.samegan.data.download;

import io.github.samegan.data.DatasetFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a {@code .tar.gz} archive into a folder without letting any entry escape it.
 *
 * <p>Only regular files and directories are extracted. An entry with an absolute name ({@code
 * /etc/x}, {@code C:\x}), a {@code ..} segment, or of any other type (symbolic or hard link,
 * device, FIFO) is refused before anything of it is written, with a {@link DatasetFormatException}
 * naming the entry; since the caller extracts into a fresh staging folder, a refused archive leaves
 * nothing behind. File modes and owners are not restored.
 */
final class TarExtractor {

  private TarExtractor() {}

  /**
   * Extracts {@code archive} into the existing, empty folder {@code into}.
   *
   * @param archive the gzipped tar file
   * @param into the destination folder
   * @param fix what the user should do if the archive is refused or corrupt
   * @return the number of regular files written
   * @throws DatasetFormatException if an entry is unsafe or the archive is corrupt
   * @throws IOException if writing fails
   */
  static int extract(Path archive, Path into, String fix) throws IOException {
    Path root = into.toAbsolutePath().normalize();
    int files = 0;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        GZIPInputStream gz = new GZIPInputStream(raw, 1 << 16);
        TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextTarEntry()) != null) {
        String name = entry.getName();
        Path target = checkedTarget(archive, root, name, fix);
        if (entry.isSymbolicLink() || entry.isLink()) {
          throw refuse(
              archive,
              name,
              "is a "
                  + (entry.isSymbolicLink() ? "symbolic" : "hard")
                  + " link to '"
                  + entry.getLinkName()
                  + "', and links could point outside "
                  + root,
              fix);
        }
        if (entry.isCharacterDevice()
            || entry.isBlockDevice()
            || entry.isFIFO()
            || entry.isSparse()) {
          throw refuse(
              archive, name, "is not a regular file or folder (device, FIFO or sparse file)", fix);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isFile()) {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          files++;
        } else {
          throw refuse(archive, name, "is not a regular file or folder", fix);
        }
      }
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new DatasetFormatException(
          "archive " + archive + " is not a complete .tar.gz file (" + e.getMessage() + "); " + fix,
          e);
    } catch (IllegalArgumentException e) {
      // commons-compress reports malformed headers this way
      throw new DatasetFormatException(
          "archive " + archive + " has a malformed tar header (" + e.getMessage() + "); " + fix, e);
    }
    return files;
  }

  private static Path checkedTarget(Path archive, Path root, String name, String fix) {
    if (name.isEmpty()) {
      throw refuse(archive, name, "has an empty name", fix);
    }
    if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
      throw refuse(archive, name, "has an absolute path", fix);
    }
    for (String segment : name.split("[/\\\\]")) {
      if (segment.equals("..")) {
        throw refuse(archive, name, "contains '..' and would be written outside " + root, fix);
      }
    }
    Path target = root.resolve(name).normalize();
    if (!target.startsWith(root)) {
      throw refuse(archive, name, "would be written outside " + root, fix);
    }
    return target;
  }

  private static DatasetFormatException refuse(Path archive, String name, String why, String fix) {
    return new DatasetFormatException(
        "refusing to extract "
            + archive
            + ": entry '"
            + name
            + "' "
            + why
            + "; nothing was extracted. This is not the official archive: "
            + fix);
  }
}
