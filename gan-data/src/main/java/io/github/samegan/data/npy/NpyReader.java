package io.github.samegan.data.npy;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Streams the elements of one {@code .npy} array in C order, a slice at a time, so that an array
 * larger than memory (50,000 images) can be read batch by batch. The header is read and checked
 * when the reader is opened; when the size of the source is known, a header that declares more data
 * than the source holds is refused before anything is read.
 *
 * <pre>{@code
 * try (NpyReader r = NpyReader.open(Path.of("images.npy"))) {
 *   byte[] batch = new byte[250 * 32 * 32 * 3];
 *   r.readBytes(batch, 0, batch.length);   // the first 250 images of a uint8 [N, 32, 32, 3] array
 * }
 * }</pre>
 */
public final class NpyReader implements Closeable {
  private static final int CHUNK = 1 << 16;

  private final InputStream in;
  private final String where;
  private final NpyHeader header;
  private final int headerLength;
  private long remaining;
  private byte[] chunk;
  private ByteBuffer view;

  private NpyReader(InputStream in, String where, NpyHeader.Parsed parsed) {
    this.in = in;
    this.where = where;
    this.header = parsed.header();
    this.headerLength = parsed.length();
    this.remaining = header.elementCount();
  }

  /**
   * Opens a {@code .npy} file.
   *
   * @throws NpyFormatException if the file is missing, not a {@code .npy} array SameGAN reads, or
   *     holds less data than its header declares
   * @throws IOException if reading fails
   */
  public static NpyReader open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    InputStream in;
    long size;
    try {
      size = Files.size(file);
      in = new BufferedInputStream(Files.newInputStream(file), CHUNK);
    } catch (NoSuchFileException e) {
      throw new NpyFormatException("Array file " + file + " does not exist", e);
    }
    try {
      return open(in, file.toString(), size);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Reads the header of the {@code .npy} array that {@code in} holds; the reader then owns {@code
   * in} and closes it.
   *
   * @param where names the source in errors, e.g. {@code "samples.npz: entry 'arr_0.npy'"}
   * @param size the bytes the source holds (header and data), or −1 if unknown
   * @throws NpyFormatException if the header is malformed or unsupported, or declares more data
   *     than {@code size} leaves after it
   */
  public static NpyReader open(InputStream in, String where, long size) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(where, "where");
    NpyHeader.Parsed p = NpyHeader.read(in, where);
    if (size >= 0) {
      long available = size - p.length();
      if (p.header().dataBytes() > available) {
        throw new NpyFormatException(
            where
                + " declares "
                + p.header()
                + " ("
                + p.header().dataBytes()
                + " bytes of data) but holds only "
                + Math.max(0, available)
                + " bytes after its header; the file is truncated or corrupt");
      }
      if (p.header().dataBytes() < available) {
        throw new NpyFormatException(
            where
                + " holds "
                + available
                + " bytes after its header but the header declares "
                + p.header()
                + " ("
                + p.header().dataBytes()
                + " bytes); the file is corrupt");
      }
    }
    return new NpyReader(in, where, p);
  }

  /** The array's header. */
  public NpyHeader header() {
    return header;
  }

  /** Bytes the header took (the data starts there). */
  public int headerLength() {
    return headerLength;
  }

  /** Elements not read yet. */
  public long remaining() {
    return remaining;
  }

  /**
   * Reads the next {@code len} elements of a one-byte array ({@code |u1}, {@code |i1}) as they are
   * stored (for {@code u1}, {@code b & 0xFF} is the value).
   */
  public void readBytes(byte[] dst, int off, int len) throws IOException {
    require(header.dtype().size() == 1, "bytes");
    take(len);
    fill(dst, off, len);
  }

  /** Reads the next {@code len} elements of a {@code f4} array. */
  public void readFloats(float[] dst, int off, int len) throws IOException {
    require(header.dtype() == NpyDtype.FLOAT32, "floats");
    take(len);
    int done = 0;
    while (done < len) {
      int n = next(len - done);
      view.asFloatBuffer().get(dst, off + done, n);
      done += n;
    }
  }

  /** Reads the next {@code len} elements of a {@code i8} array. */
  public void readLongs(long[] dst, int off, int len) throws IOException {
    require(header.dtype() == NpyDtype.INT64, "longs");
    take(len);
    int done = 0;
    while (done < len) {
      int n = next(len - done);
      view.asLongBuffer().get(dst, off + done, n);
      done += n;
    }
  }

  /** Reads the next {@code len} elements of a {@code i4} array. */
  public void readInts(int[] dst, int off, int len) throws IOException {
    require(header.dtype() == NpyDtype.INT32, "ints");
    take(len);
    int done = 0;
    while (done < len) {
      int n = next(len - done);
      view.asIntBuffer().get(dst, off + done, n);
      done += n;
    }
  }

  /**
   * Reads the next {@code len} elements of any type, converted to {@code double} ({@code u1} as
   * unsigned; {@code i8} values beyond 2⁵³ are rounded).
   */
  public void readDoubles(double[] dst, int off, int len) throws IOException {
    take(len);
    NpyDtype t = header.dtype();
    int done = 0;
    while (done < len) {
      int n = next(len - done);
      int o = off + done;
      switch (t) {
        case FLOAT64 -> view.asDoubleBuffer().get(dst, o, n);
        case FLOAT32 -> {
          for (int k = 0; k < n; k++) {
            dst[o + k] = view.getFloat(4 * k);
          }
        }
        case INT64 -> {
          for (int k = 0; k < n; k++) {
            dst[o + k] = view.getLong(8 * k);
          }
        }
        case INT32 -> {
          for (int k = 0; k < n; k++) {
            dst[o + k] = view.getInt(4 * k);
          }
        }
        case UINT8 -> {
          for (int k = 0; k < n; k++) {
            dst[o + k] = view.get(k) & 0xFF;
          }
        }
        case INT8 -> {
          for (int k = 0; k < n; k++) {
            dst[o + k] = view.get(k);
          }
        }
      }
      done += n;
    }
  }

  /**
   * Checks that the source ends right after the array (call once every element has been read).
   *
   * @throws IllegalStateException if elements are left to read
   * @throws NpyFormatException if bytes follow the array's data
   */
  public void expectEnd() throws IOException {
    if (remaining > 0) {
      throw new IllegalStateException(remaining + " elements of " + where + " are still unread");
    }
    if (in.read() != -1) {
      throw new NpyFormatException(
          where
              + " holds more bytes than its header declares ("
              + header
              + ", "
              + header.dataBytes()
              + " bytes of data); the file is corrupt");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(
          "cannot read " + what + " from " + where + ", which holds " + header.descr() + " values");
    }
  }

  private void take(int len) {
    if (len < 0 || len > remaining) {
      throw new IllegalArgumentException(
          "cannot read "
              + len
              + " elements of "
              + where
              + ": "
              + remaining
              + " of "
              + header.elementCount()
              + " are left");
    }
    remaining -= len;
  }

  /** Reads up to {@code want} elements into the chunk buffer; returns how many. */
  private int next(int want) throws IOException {
    int size = header.dtype().size();
    if (chunk == null) {
      chunk = new byte[CHUNK];
    }
    int n = Math.min(want, CHUNK / size);
    fill(chunk, 0, n * size);
    view = ByteBuffer.wrap(chunk, 0, n * size).slice().order(header.byteOrder());
    return n;
  }

  private void fill(byte[] dst, int off, int len) throws IOException {
    int got = in.readNBytes(dst, off, len);
    if (got < len) {
      throw new NpyFormatException(
          where
              + " is truncated: its data ends before the "
              + header.dataBytes()
              + " bytes its header declares ("
              + header
              + ")");
    }
  }
}
