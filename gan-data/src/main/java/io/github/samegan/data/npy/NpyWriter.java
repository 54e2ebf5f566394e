package io.github.samegan.data.npy;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes one {@code .npy} array as a stream: the header with the final shape first, then the
 * elements in C order, a slice at a time, so that writing N images never holds N images. {@link
 * #close()} checks that exactly the declared number of elements was written; a file written through
 * {@link #create(Path, NpyHeader)} appears under its name only then (it is written to a temporary
 * file in the same folder and renamed), so an interrupted writer leaves no half array behind.
 *
 * <pre>{@code
 * try (NpyWriter w = NpyWriter.create(out, NpyHeader.of(NpyDtype.UINT8, n, 32, 32, 3))) {
 *   for (byte[] batch : batches) {
 *     w.writeBytes(batch, 0, batch.length);
 *   }
 * }
 * }</pre>
 */
public final class NpyWriter implements Closeable {
  private static final int CHUNK = 1 << 16;

  /** What happens to the destination when the writer is closed. */
  interface Completion {
    /**
     * Called once by {@link #close()}.
     *
     * @param complete whether every element was written
     */
    void close(boolean complete) throws IOException;
  }

  private final OutputStream out;
  private final NpyHeader header;
  private final Completion completion;
  private long remaining;
  private byte[] chunk;
  private boolean closed;
  private boolean failed;

  NpyWriter(OutputStream out, NpyHeader header, Completion completion) throws IOException {
    this.out = Objects.requireNonNull(out, "out");
    this.header = Objects.requireNonNull(header, "header");
    this.completion = completion;
    this.remaining = header.elementCount();
    out.write(header.encode());
  }

  /**
   * Starts a {@code .npy} file (through a temporary file in the same folder, renamed over {@code
   * file} when the writer is closed with every element written).
   */
  public static NpyWriter create(Path file, NpyHeader header) throws IOException {
    Objects.requireNonNull(file, "file");
    Path tmp = temporaryFor(file);
    OutputStream os = null;
    try {
      os = new BufferedOutputStream(Files.newOutputStream(tmp), CHUNK);
      OutputStream stream = os;
      return new NpyWriter(
          os,
          header,
          complete -> {
            try {
              stream.close();
              if (complete) {
                moveAtomically(tmp, file);
              }
            } finally {
              Files.deleteIfExists(tmp);
            }
          });
    } catch (IOException | RuntimeException e) {
      if (os != null) {
        os.close();
      }
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * Writes the header to {@code out} now; the elements follow through this writer. Closing the
   * writer flushes {@code out} but does not close it.
   */
  public static NpyWriter to(OutputStream out, NpyHeader header) throws IOException {
    Objects.requireNonNull(out, "out");
    return new NpyWriter(out, header, complete -> out.flush());
  }

  /**
   * A new, empty temporary file beside {@code file} ({@code .NAME.DIGITS.tmp}), created with the
   * default permissions (unlike {@link Files#createTempFile}, which makes it private), since the
   * arrays are meant to be read by other tools.
   */
  static Path temporaryFor(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    for (int attempt = 0; ; attempt++) {
      long id = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
      Path tmp = dir.resolve("." + file.getFileName() + "." + id + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The header written. */
  public NpyHeader header() {
    return header;
  }

  /** Elements still to write. */
  public long remaining() {
    return remaining;
  }

  /** Writes the next {@code len} elements of a one-byte array ({@code u1} or {@code i1}). */
  public void writeBytes(byte[] values, int off, int len) throws IOException {
    require(header.dtype().size() == 1, "bytes");
    take(len);
    guarded(() -> out.write(values, off, len));
  }

  /** Writes the next {@code len} elements of a {@code f4} array. */
  public void writeFloats(float[] values, int off, int len) throws IOException {
    require(header.dtype() == NpyDtype.FLOAT32, "floats");
    take(len);
    guarded(
        () -> {
          for (int done = 0; done < len; ) {
            int n = Math.min(len - done, CHUNK / 4);
            buffer(n * 4).asFloatBuffer().put(values, off + done, n);
            out.write(chunk, 0, n * 4);
            done += n;
          }
        });
  }

  /** Writes the next {@code len} elements of a {@code f8} array. */
  public void writeDoubles(double[] values, int off, int len) throws IOException {
    require(header.dtype() == NpyDtype.FLOAT64, "doubles");
    take(len);
    guarded(
        () -> {
          for (int done = 0; done < len; ) {
            int n = Math.min(len - done, CHUNK / 8);
            buffer(n * 8).asDoubleBuffer().put(values, off + done, n);
            out.write(chunk, 0, n * 8);
            done += n;
          }
        });
  }

  /** Writes the next {@code len} elements of a {@code i8} array. */
  public void writeLongs(long[] values, int off, int len) throws IOException {
    require(header.dtype() == NpyDtype.INT64, "longs");
    take(len);
    guarded(
        () -> {
          for (int done = 0; done < len; ) {
            int n = Math.min(len - done, CHUNK / 8);
            buffer(n * 8).asLongBuffer().put(values, off + done, n);
            out.write(chunk, 0, n * 8);
            done += n;
          }
        });
  }

  /** Writes the next {@code len} elements of a {@code i4} array. */
  public void writeInts(int[] values, int off, int len) throws IOException {
    require(header.dtype() == NpyDtype.INT32, "ints");
    take(len);
    guarded(
        () -> {
          for (int done = 0; done < len; ) {
            int n = Math.min(len - done, CHUNK / 4);
            buffer(n * 4).asIntBuffer().put(values, off + done, n);
            out.write(chunk, 0, n * 4);
            done += n;
          }
        });
  }

  /**
   * Finishes the array. A file from {@link #create} appears under its name only if every element
   * was written and no write failed; otherwise its temporary is deleted.
   *
   * @throws IllegalStateException if fewer elements were written than the header declares (and
   *     nothing failed before, which would already have been reported)
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    boolean complete = remaining == 0 && !failed;
    if (completion != null) {
      completion.close(complete);
    }
    if (remaining > 0 && !failed) {
      throw new IllegalStateException(
          "only "
              + (header.elementCount() - remaining)
              + " of the "
              + header.elementCount()
              + " elements of "
              + header
              + " were written; the array was discarded");
    }
  }

  private interface Write {
    void run() throws IOException;
  }

  private void guarded(Write w) throws IOException {
    try {
      w.run();
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  private ByteBuffer buffer(int bytes) {
    if (chunk == null) {
      chunk = new byte[CHUNK];
    }
    return ByteBuffer.wrap(chunk, 0, bytes).slice().order(header.byteOrder());
  }

  private void require(boolean ok, String what) {
    if (closed) {
      throw new IllegalStateException("the writer of " + header + " is closed");
    }
    if (!ok) {
      throw new IllegalStateException(
          "cannot write " + what + " into an array of " + header.descr() + " values");
    }
  }

  private void take(int len) {
    if (len < 0 || len > remaining) {
      failed = true;
      throw new IllegalStateException(
          "cannot write "
              + len
              + " more elements: the header declares "
              + header.elementCount()
              + " ("
              + header
              + ") and "
              + remaining
              + " are left");
    }
    remaining -= len;
  }
}
