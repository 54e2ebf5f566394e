package io.github.samegan.data.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A whole {@code .npy} array in memory: its {@link NpyHeader} and its elements in C order, held in
 * the Java array that fits the type ({@code byte[]} for {@code u1}/{@code i1}, {@code int[]},
 * {@code long[]}, {@code float[]}, {@code double[]}). For small arrays (statistics, labels, test
 * data); stream large ones with {@link NpyReader} and {@link NpyWriter}.
 *
 * <p>The typed accessors return the array itself, not a copy.
 */
public final class NpyArray {
  /**
   * The default limit on the data an in-memory read accepts: the largest Java byte array. A header
   * declaring more is refused before anything is allocated.
   */
  public static final long DEFAULT_MAX_BYTES = Integer.MAX_VALUE - 8;

  private final NpyHeader header;
  private final Object data;

  private NpyArray(NpyHeader header, Object data, int length) {
    if (length != header.elementCount()) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(header.shape())
              + " has "
              + header.elementCount()
              + " elements but "
              + length
              + " values were given");
    }
    this.header = header;
    this.data = data;
  }

  /** An unsigned 8-bit array ({@code |u1}); each byte's value is {@code b & 0xFF}. */
  public static NpyArray ofUint8(byte[] values, long... shape) {
    return new NpyArray(NpyHeader.of(NpyDtype.UINT8, shape), values, values.length);
  }

  /** A signed 8-bit array ({@code |i1}). */
  public static NpyArray ofInt8(byte[] values, long... shape) {
    return new NpyArray(NpyHeader.of(NpyDtype.INT8, shape), values, values.length);
  }

  /** A 32-bit integer array ({@code <i4}). */
  public static NpyArray ofInt32(int[] values, long... shape) {
    return new NpyArray(NpyHeader.of(NpyDtype.INT32, shape), values, values.length);
  }

  /** A 64-bit integer array ({@code <i8}). */
  public static NpyArray ofInt64(long[] values, long... shape) {
    return new NpyArray(NpyHeader.of(NpyDtype.INT64, shape), values, values.length);
  }

  /** A single-precision array ({@code <f4}). */
  public static NpyArray ofFloat32(float[] values, long... shape) {
    return new NpyArray(NpyHeader.of(NpyDtype.FLOAT32, shape), values, values.length);
  }

  /** A double-precision array ({@code <f8}). */
  public static NpyArray ofFloat64(double[] values, long... shape) {
    return new NpyArray(NpyHeader.of(NpyDtype.FLOAT64, shape), values, values.length);
  }

  /** The same elements to be written in another byte order (e.g. big-endian, {@code >f8}). */
  public NpyArray withByteOrder(ByteOrder order) {
    NpyHeader h = new NpyHeader(header.dtype(), order, header.shape());
    return new NpyArray(h, data, (int) header.elementCount());
  }

  /** The header (type, byte order, shape). */
  public NpyHeader header() {
    return header;
  }

  /** The element type. */
  public NpyDtype dtype() {
    return header.dtype();
  }

  /** A copy of the shape. */
  public long[] shape() {
    return header.shape();
  }

  /** The elements of a {@code u1} or {@code i1} array. */
  public byte[] bytes() {
    return (byte[]) as(byte[].class, "bytes");
  }

  /** The elements of a {@code i4} array. */
  public int[] ints() {
    return (int[]) as(int[].class, "ints");
  }

  /** The elements of a {@code i8} array. */
  public long[] longs() {
    return (long[]) as(long[].class, "longs");
  }

  /** The elements of a {@code f4} array. */
  public float[] floats() {
    return (float[]) as(float[].class, "floats");
  }

  /** The elements of a {@code f8} array. */
  public double[] doubles() {
    return (double[]) as(double[].class, "doubles");
  }

  /**
   * The elements of any type converted to {@code double} (a new array; {@code u1} as unsigned,
   * {@code i8} beyond 2⁵³ rounded).
   */
  public double[] toDoubles() {
    int n = (int) header.elementCount();
    double[] out = new double[n];
    switch (header.dtype()) {
      case UINT8 -> {
        byte[] v = (byte[]) data;
        for (int i = 0; i < n; i++) {
          out[i] = v[i] & 0xFF;
        }
      }
      case INT8 -> {
        byte[] v = (byte[]) data;
        for (int i = 0; i < n; i++) {
          out[i] = v[i];
        }
      }
      case INT32 -> {
        int[] v = (int[]) data;
        for (int i = 0; i < n; i++) {
          out[i] = v[i];
        }
      }
      case INT64 -> {
        long[] v = (long[]) data;
        for (int i = 0; i < n; i++) {
          out[i] = v[i];
        }
      }
      case FLOAT32 -> {
        float[] v = (float[]) data;
        for (int i = 0; i < n; i++) {
          out[i] = v[i];
        }
      }
      case FLOAT64 -> System.arraycopy((double[]) data, 0, out, 0, n);
    }
    return out;
  }

  private Object as(Class<?> type, String what) {
    if (!type.isInstance(data)) {
      throw new IllegalStateException(
          "this array holds " + header.descr() + " values, not " + what);
    }
    return data;
  }

  // ------------------------------------------------------------------------------------- files

  /**
   * Reads a whole {@code .npy} file, accepting at most {@link #DEFAULT_MAX_BYTES} of data.
   *
   * @throws NpyFormatException if the file is missing, malformed, unsupported, truncated or too
   *     large
   */
  public static NpyArray read(Path file) throws IOException {
    try (NpyReader r = NpyReader.open(file)) {
      return read(r, DEFAULT_MAX_BYTES, file.toString());
    }
  }

  /**
   * Reads the whole array an open reader holds (from its current position, which must be the
   * start), then checks that the source ends there.
   *
   * @param maxBytes the most bytes of data accepted; a larger header is refused before allocating
   * @param where names the source in errors
   */
  static NpyArray read(NpyReader r, long maxBytes, String where) throws IOException {
    NpyHeader h = r.header();
    if (h.dataBytes() > Math.min(maxBytes, DEFAULT_MAX_BYTES)
        || h.elementCount() > DEFAULT_MAX_BYTES) {
      throw new NpyFormatException(
          where
              + " declares "
              + h
              + ", "
              + h.dataBytes()
              + " bytes, more than the "
              + Math.min(maxBytes, DEFAULT_MAX_BYTES)
              + " bytes accepted in memory; stream it with NpyReader instead");
    }
    int n = (int) h.elementCount();
    // The buffer grows as data arrives (at most doubling), so a source that lies about its size
    // (a zip entry's declared size is not checked until it is read) costs at most twice the bytes
    // it really holds, never the size its header claims.
    Object data =
        switch (h.dtype()) {
          case UINT8, INT8 -> readGrowing(n, byte[]::new, r::readBytes);
          case INT32 -> readGrowing(n, int[]::new, r::readInts);
          case INT64 -> readGrowing(n, long[]::new, r::readLongs);
          case FLOAT32 -> readGrowing(n, float[]::new, r::readFloats);
          case FLOAT64 -> readGrowing(n, double[]::new, r::readDoubles);
        };
    r.expectEnd();
    return new NpyArray(h, data, n);
  }

  /** Elements allocated before any data is read. */
  private static final int FIRST_CHUNK = 1 << 20;

  /** Reads {@code length} elements of a primitive array {@code A} at {@code offset}. */
  private interface ArrayRead<A> {
    void read(A array, int offset, int length) throws IOException;
  }

  /**
   * Reads {@code n} elements into a primitive array that starts small and at most doubles as data
   * arrives.
   */
  private static <A> A readGrowing(int n, IntFunction<A> create, ArrayRead<A> read)
      throws IOException {
    A v = create.apply(start(n));
    for (int got = 0; got < n; got = Array.getLength(v)) {
      if (got == Array.getLength(v)) {
        A bigger = create.apply(grow(got, n));
        System.arraycopy(v, 0, bigger, 0, got);
        v = bigger;
      }
      read.read(v, got, Array.getLength(v) - got);
    }
    return v;
  }

  private static int start(int n) {
    return Math.min(n, FIRST_CHUNK);
  }

  private static int grow(int have, int n) {
    return (int) Math.min(n, 2L * have);
  }

  /** Writes the array (header and data) to {@code out}, which stays open. */
  public void write(OutputStream out) throws IOException {
    try (NpyWriter w = NpyWriter.to(out, header)) {
      writeData(w);
    }
  }

  /** Writes the array to a {@code .npy} file (through a temporary file and a rename). */
  public void save(Path file) throws IOException {
    try (NpyWriter w = NpyWriter.create(file, header)) {
      writeData(w);
    }
  }

  void writeData(NpyWriter w) throws IOException {
    int n = (int) header.elementCount();
    switch (header.dtype()) {
      case UINT8, INT8 -> w.writeBytes((byte[]) data, 0, n);
      case INT32 -> w.writeInts((int[]) data, 0, n);
      case INT64 -> w.writeLongs((long[]) data, 0, n);
      case FLOAT32 -> w.writeFloats((float[]) data, 0, n);
      case FLOAT64 -> w.writeDoubles((double[]) data, 0, n);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NpyArray a) || !a.header.equals(header)) {
      return false;
    }
    return switch (header.dtype()) {
      case UINT8, INT8 -> Arrays.equals((byte[]) data, (byte[]) a.data);
      case INT32 -> Arrays.equals((int[]) data, (int[]) a.data);
      case INT64 -> Arrays.equals((long[]) data, (long[]) a.data);
      case FLOAT32 -> Arrays.equals((float[]) data, (float[]) a.data);
      case FLOAT64 -> Arrays.equals((double[]) data, (double[]) a.data);
    };
  }

  @Override
  public int hashCode() {
    return Objects.hash(header, Arrays.deepHashCode(new Object[] {data}));
  }

  @Override
  public String toString() {
    return "NpyArray[" + header + "]";
  }
}
