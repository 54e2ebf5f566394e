package io.github.samegan.data.npy;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a {@code .npz} file that {@code numpy.load} reads: a zip archive with one {@code KEY.npy}
 * entry per array, deflated as by {@code np.savez_compressed} (stored entries, as {@code np.savez}
 * writes them, need their CRC before their data, which a stream cannot give). Arrays are written
 * one after another, each streamed through an {@link NpyWriter}, so a 50,000-image entry never
 * needs the images in memory. The archive is written to a temporary file in the target's folder and
 * renamed over the target by {@link #close()} only when every entry was written completely.
 *
 * <pre>{@code
 * try (NpzWriter npz = NpzWriter.create(Path.of("samples.npz"))) {
 *   try (NpyWriter images = npz.entry("arr_0", NpyHeader.of(NpyDtype.UINT8, n, 32, 32, 3))) {
 *     ... images.writeBytes(batch, 0, batch.length) ...
 *   }
 *   npz.write("arr_1", NpyArray.ofInt64(labels, n));
 * }
 * }</pre>
 */
public final class NpzWriter implements Closeable {
  /** The entries' modification time (zip's earliest), so that equal arrays give equal files. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  private final Path file;
  private final Path tmp;
  private final ZipOutputStream zip;
  private final Set<String> keys = new HashSet<>();
  private NpyWriter open;
  private boolean failed;
  private boolean closed;

  private NpzWriter(Path file, Path tmp, ZipOutputStream zip) {
    this.file = file;
    this.tmp = tmp;
    this.zip = zip;
  }

  /** Starts an archive whose entries are deflated at {@link Deflater#BEST_SPEED}. */
  public static NpzWriter create(Path file) throws IOException {
    return create(file, Deflater.BEST_SPEED);
  }

  /**
   * Starts an archive.
   *
   * @param level the deflate level, 0 ({@link Deflater#NO_COMPRESSION}) to 9
   */
  public static NpzWriter create(Path file, int level) throws IOException {
    Objects.requireNonNull(file, "file");
    if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
      throw new IllegalArgumentException("level must be in [0, 9], found " + level);
    }
    Path tmp = NpyWriter.temporaryFor(file);
    try {
      OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
      ZipOutputStream zip = new ZipOutputStream(os);
      zip.setMethod(ZipOutputStream.DEFLATED);
      zip.setLevel(level);
      return new NpzWriter(file, tmp, zip);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * Starts the array {@code key} (entry {@code KEY.npy}) and writes its header; its elements follow
   * through the returned writer, which must be closed before the next entry is started.
   *
   * @throws IllegalArgumentException for an empty key, one with {@code /}, or a key already written
   * @throws IllegalStateException if another entry is still open or the archive is closed
   */
  public NpyWriter entry(String key, NpyHeader header) throws IOException {
    Objects.requireNonNull(header, "header");
    if (closed) {
      throw new IllegalStateException("the archive " + file + " is closed");
    }
    if (open != null) {
      throw new IllegalStateException(
          "close the writer of " + open.header() + " before starting '" + key + "'");
    }
    if (key == null || key.isEmpty() || key.contains("/") || key.contains("\\")) {
      throw new IllegalArgumentException(
          "an array name must be non-empty without '/' or '\\', found "
              + (key == null ? "null" : "'" + key + "'"));
    }
    if (!keys.add(key)) {
      throw new IllegalArgumentException("the archive already holds an array named '" + key + "'");
    }
    ZipEntry e = new ZipEntry(key + ".npy");
    e.setTimeLocal(ENTRY_TIME);
    try {
      zip.putNextEntry(e);
      open =
          new NpyWriter(
              zip,
              header,
              complete -> {
                open = null;
                if (complete) {
                  zip.closeEntry();
                } else {
                  failed = true;
                }
              });
      return open;
    } catch (IOException | RuntimeException ex) {
      failed = true;
      throw ex;
    }
  }

  /** Writes a whole array as entry {@code KEY.npy}. */
  public void write(String key, NpyArray array) throws IOException {
    try (NpyWriter w = entry(key, array.header())) {
      array.writeData(w);
    }
  }

  /** The file being written. */
  public Path file() {
    return file;
  }

  /**
   * Finishes the archive and renames it over the target, or, if an entry is still open or was left
   * incomplete or a write failed, deletes it.
   *
   * @throws IllegalStateException if an entry is still open or failed (the archive is discarded)
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    boolean entryOpen = open != null;
    NpyHeader unfinished = entryOpen ? open.header() : null;
    try {
      if (entryOpen || failed) {
        try {
          zip.close();
        } catch (IOException | RuntimeException ignored) {
          // discarded below anyway
        }
      } else {
        zip.close();
        NpyWriter.moveAtomically(tmp, file);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    if (entryOpen) {
      throw new IllegalStateException(
          "the entry of " + unfinished + " was not closed; the archive " + file + " was discarded");
    }
    if (failed) {
      throw new IllegalStateException(
          "an entry of " + file + " was not written completely; the archive was discarded");
    }
  }
}
