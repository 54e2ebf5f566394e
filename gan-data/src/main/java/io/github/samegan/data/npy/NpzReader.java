package io.github.samegan.data.npy;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a {@code .npz} file: a zip archive of {@code .npy} arrays, written by numpy's {@code
 * np.savez} (entries stored) or {@code np.savez_compressed} (entries deflated). Arrays are named as
 * numpy names them, by the entry name without {@code .npy} ({@code np.savez(f, images)} gives
 * {@code arr_0}, {@code np.savez(f, mu=m)} gives {@code mu}). Entries are found through the zip's
 * central directory; each array is read whole ({@link #read}) or streamed ({@link #open}), and its
 * header is checked against the entry's uncompressed size before any data is read.
 */
public final class NpzReader implements Closeable {
  private final Path file;
  private final ZipFile zip;
  private final Map<String, ZipEntry> entries;

  private NpzReader(Path file, ZipFile zip, Map<String, ZipEntry> entries) {
    this.file = file;
    this.zip = zip;
    this.entries = entries;
  }

  /**
   * Opens a {@code .npz} file.
   *
   * @throws NpyFormatException if the file is missing or not a zip archive
   */
  public static NpzReader open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    if (!Files.exists(file)) {
      throw new NpyFormatException("Array file " + file + " does not exist");
    }
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException | NoSuchFileException e) {
      throw new NpyFormatException(
          file + " is not a .npz archive (not a readable zip file: " + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new NpyFormatException(
          file + " cannot be opened as a .npz archive: " + e, e); // e.g. a cut end record
    }
    try {
      Map<String, ZipEntry> entries = new LinkedHashMap<>();
      Enumeration<? extends ZipEntry> en = zip.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        String name = e.getName();
        if (!e.isDirectory() && name.endsWith(".npy")) {
          entries.putIfAbsent(name.substring(0, name.length() - 4), e);
        }
      }
      return new NpzReader(file, zip, entries);
    } catch (RuntimeException e) {
      zip.close();
      throw new NpyFormatException(file + " is not a readable .npz archive: " + e, e);
    }
  }

  /** The archive's array names, in the order of its entries. */
  public List<String> keys() {
    return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
  }

  /** Whether the archive holds an array named {@code key}. */
  public boolean contains(String key) {
    return entries.containsKey(key);
  }

  /**
   * The header of array {@code key} (reads only the header).
   *
   * @throws NpyFormatException if there is no such array or its header is malformed
   */
  public NpyHeader header(String key) throws IOException {
    try (NpyReader r = open(key)) {
      return r.header();
    }
  }

  /**
   * Streams array {@code key}; the caller closes the reader.
   *
   * @throws NpyFormatException if there is no such array, its header is malformed or unsupported,
   *     or it declares more data than the entry holds
   */
  public NpyReader open(String key) throws IOException {
    ZipEntry e = entry(key);
    InputStream in;
    try {
      in = new BufferedInputStream(zip.getInputStream(e), 1 << 16);
    } catch (ZipException ex) {
      throw new NpyFormatException(where(key) + " cannot be read: " + ex.getMessage(), ex);
    }
    try {
      return NpyReader.open(new ZipErrors(in, where(key)), where(key), e.getSize());
    } catch (IOException | RuntimeException ex) {
      in.close();
      throw ex;
    }
  }

  /**
   * Reads array {@code key} whole, accepting at most {@link NpyArray#DEFAULT_MAX_BYTES} of data.
   *
   * @throws NpyFormatException if there is no such array, or it is malformed, unsupported,
   *     truncated or too large
   */
  public NpyArray read(String key) throws IOException {
    return read(key, NpyArray.DEFAULT_MAX_BYTES);
  }

  /**
   * Reads array {@code key} whole, refusing (before allocating) one whose header declares more than
   * {@code maxBytes} of data.
   */
  public NpyArray read(String key, long maxBytes) throws IOException {
    try (NpyReader r = open(key)) {
      return NpyArray.read(r, maxBytes, where(key));
    }
  }

  /** The file this reader reads. */
  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }

  private ZipEntry entry(String key) {
    ZipEntry e = entries.get(Objects.requireNonNull(key, "key"));
    if (e == null) {
      throw new NpyFormatException(
          file + " holds no array named '" + key + "'; it holds " + entries.keySet());
    }
    return e;
  }

  private String where(String key) {
    return file + ": array '" + key + "'";
  }

  /**
   * Reports a damaged or cut deflate stream, or a CRC mismatch, as a format error naming the entry.
   */
  private static final class ZipErrors extends InputStream {
    private final InputStream in;
    private final String where;

    ZipErrors(InputStream in, String where) {
      this.in = in;
      this.where = where;
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (ZipException | EOFException e) {
        throw corrupt(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (ZipException | EOFException e) {
        throw corrupt(e);
      }
    }

    private NpyFormatException corrupt(IOException e) {
      return new NpyFormatException(where + " is corrupt: " + e.getMessage(), e);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
