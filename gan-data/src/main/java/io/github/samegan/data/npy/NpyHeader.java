package io.github.samegan.data.npy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The header of a {@code .npy} file: data type, byte order and shape of a C-order (row-major)
 * array.
 *
 * <p>The format (numpy's {@code numpy.lib.format}, NEP 1): the magic string {@code \x93NUMPY}, a
 * major and a minor version byte, the header length (little-endian {@code uint16} in version 1.0,
 * {@code uint32} in 2.0 and 3.0), then the header, a Python dictionary literal such as {@code
 * {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }} (Latin-1; UTF-8 in 3.0) padded with
 * spaces and ended by a newline so that the data starts at a multiple of 64 bytes. The data
 * follows: {@link #elementCount()} elements of {@link #dtype()} in {@link #byteOrder()}.
 *
 * <p>{@link #encode()} writes the header exactly as numpy 1.24–2.x's {@code np.save} does (sorted
 * keys, 21 − digits of the first dimension spare spaces for growing the array in place, 64-byte
 * alignment, version 1.0 unless the header needs 2.0), so a file SameGAN writes is byte for byte
 * the file numpy writes for the same array. Reading accepts versions 1.0, 2.0 and 3.0, any padding,
 * keys in any order and {@code <}, {@code >} or {@code |} byte orders; it refuses Fortran order,
 * other data types and malformed headers with an {@link NpyFormatException}.
 */
public final class NpyHeader {
  /** The magic string every {@code .npy} file starts with. */
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** The longest header accepted when reading (numpy itself refuses more than 10,000 bytes). */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  private static final int ALIGN = 64;
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;
  private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

  private final NpyDtype dtype;
  private final ByteOrder byteOrder;
  private final long[] shape;
  private final long elements;

  /**
   * A header.
   *
   * @param dtype the element type
   * @param byteOrder the byte order of the elements (ignored for one-byte types, which are stored
   *     as {@code |})
   * @param shape the dimensions, each ≥ 0 (none for a scalar)
   * @throws IllegalArgumentException for a negative dimension or a shape whose element or byte
   *     count overflows a {@code long}
   */
  public NpyHeader(NpyDtype dtype, ByteOrder byteOrder, long... shape) {
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(byteOrder, "byteOrder");
    this.byteOrder = dtype.size() == 1 ? ByteOrder.LITTLE_ENDIAN : byteOrder;
    this.shape = Objects.requireNonNull(shape, "shape").clone();
    long n = 1;
    try {
      for (long d : this.shape) {
        if (d < 0) {
          throw new IllegalArgumentException(
              "shape must have non-negative dimensions, found " + Arrays.toString(shape));
        }
        n = Math.multiplyExact(n, d);
      }
      Math.multiplyExact(n, (long) dtype.size());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " of " + dtype + " overflows a long", e);
    }
    this.elements = n;
  }

  /** A little-endian header. */
  public static NpyHeader of(NpyDtype dtype, long... shape) {
    return new NpyHeader(dtype, ByteOrder.LITTLE_ENDIAN, shape);
  }

  /** The element type. */
  public NpyDtype dtype() {
    return dtype;
  }

  /** The byte order of the elements (little-endian for one-byte types). */
  public ByteOrder byteOrder() {
    return byteOrder;
  }

  /** A copy of the dimensions. */
  public long[] shape() {
    return shape.clone();
  }

  /** Dimension {@code i}. */
  public long dimension(int i) {
    return shape[i];
  }

  /** Number of dimensions (0 for a scalar). */
  public int rank() {
    return shape.length;
  }

  /** Number of elements: the product of the dimensions (1 for a scalar). */
  public long elementCount() {
    return elements;
  }

  /** Bytes of data after the header. */
  public long dataBytes() {
    return elements * dtype.size();
  }

  /** The {@code descr} value, e.g. {@code "<f4"}, {@code ">i8"} or {@code "|u1"}. */
  public String descr() {
    return dtype.descr(byteOrder);
  }

  /** The header dictionary as numpy writes it, without padding. */
  public String dictionary() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    sb.append(shape.length == 1 ? ",)" : ")");
    return "{'descr': '" + descr() + "', 'fortran_order': False, 'shape': " + sb + ", }";
  }

  /**
   * The complete header as numpy writes it: magic, version, length, dictionary, spare spaces and
   * padding to a multiple of 64 bytes, newline. Version 1.0 unless the header is longer than 65,535
   * bytes (then 2.0).
   */
  public byte[] encode() {
    String dict = dictionary();
    if (shape.length > 0) {
      dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length());
    }
    byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
    int hlen = text.length + 1;
    int major = 1;
    int prefix = MAGIC.length + 2 + 2;
    int pad = ALIGN - ((prefix + hlen) % ALIGN);
    if (hlen + pad > 0xFFFF) {
      major = 2;
      prefix = MAGIC.length + 2 + 4;
      pad = ALIGN - ((prefix + hlen) % ALIGN);
    }
    int total = prefix + hlen + pad;
    byte[] out = new byte[total];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[6] = (byte) major;
    out[7] = 0;
    int len = hlen + pad;
    out[8] = (byte) len;
    out[9] = (byte) (len >>> 8);
    if (major == 2) {
      out[10] = (byte) (len >>> 16);
      out[11] = (byte) (len >>> 24);
    }
    System.arraycopy(text, 0, out, prefix, text.length);
    Arrays.fill(out, prefix + text.length, total - 1, (byte) ' ');
    out[total - 1] = '\n';
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyHeader h
        && h.dtype == dtype
        && h.byteOrder.equals(byteOrder)
        && Arrays.equals(h.shape, shape);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dtype, byteOrder, Arrays.hashCode(shape));
  }

  @Override
  public String toString() {
    return descr() + " " + Arrays.toString(shape);
  }

  // ------------------------------------------------------------------------------------ reading

  /** A header read from a stream, with the number of bytes it took. */
  record Parsed(NpyHeader header, int length) {}

  /**
   * Reads and checks a header; the stream is left at the first data byte.
   *
   * @param where names the file (and entry) in errors
   * @throws NpyFormatException if the bytes are not a {@code .npy} header SameGAN reads
   * @throws IOException if reading fails
   */
  static Parsed read(InputStream in, String where) throws IOException {
    byte[] start = in.readNBytes(MAGIC.length + 2);
    if (start.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(start, MAGIC.length), MAGIC)) {
      throw new NpyFormatException(
          where
              + " is not a .npy array: it does not start with the magic string \\x93NUMPY"
              + (start.length < MAGIC.length ? " (it holds only " + start.length + " bytes)" : ""));
    }
    if (start.length < MAGIC.length + 2) {
      throw new NpyFormatException(where + " is truncated: it ends inside the .npy header");
    }
    int major = start[6] & 0xFF;
    int minor = start[7] & 0xFF;
    if (major < 1 || major > 3 || minor != 0) {
      throw new NpyFormatException(
          where
              + " has .npy format version "
              + major
              + "."
              + minor
              + "; SameGAN reads versions 1.0, 2.0 and 3.0");
    }
    int lenBytes = major == 1 ? 2 : 4;
    byte[] lb = in.readNBytes(lenBytes);
    if (lb.length < lenBytes) {
      throw new NpyFormatException(where + " is truncated: it ends inside the .npy header");
    }
    long hlen = (lb[0] & 0xFFL) | (lb[1] & 0xFFL) << 8;
    if (lenBytes == 4) {
      hlen |= (lb[2] & 0xFFL) << 16 | (lb[3] & 0xFFL) << 24;
    }
    if (hlen > MAX_HEADER_BYTES) {
      throw new NpyFormatException(
          where
              + " declares a .npy header of "
              + hlen
              + " bytes, more than the "
              + MAX_HEADER_BYTES
              + " accepted");
    }
    byte[] text = in.readNBytes((int) hlen);
    if (text.length < hlen) {
      throw new NpyFormatException(
          where
              + " is truncated: its .npy header declares "
              + hlen
              + " bytes but only "
              + text.length
              + " follow");
    }
    String dict =
        new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    NpyHeader header = parse(dict, where);
    return new Parsed(header, MAGIC.length + 2 + lenBytes + (int) hlen);
  }

  /** Parses a header dictionary (with its padding and newline). */
  static NpyHeader parse(String text, String where) {
    Literal lit = new Literal(text, where);
    Map<String, Object> d = lit.dictionary();
    lit.end();
    if (!d.keySet().equals(KEYS)) {
      throw lit.error(
          "its header has the keys "
              + d.keySet()
              + "; a .npy header has exactly 'descr', 'fortran_order' and 'shape'");
    }
    if (!(d.get("descr") instanceof String descr)) {
      throw lit.error("its 'descr' is not a string: " + d.get("descr"));
    }
    if (!(d.get("fortran_order") instanceof Boolean fortran)) {
      throw lit.error("its 'fortran_order' is not True or False: " + d.get("fortran_order"));
    }
    if (!(d.get("shape") instanceof long[] shape)) {
      throw lit.error("its 'shape' is not a tuple of integers: " + d.get("shape"));
    }
    NpyDtype dtype = null;
    ByteOrder order = null;
    if (descr.length() >= 2) {
      char o = descr.charAt(0);
      dtype = NpyDtype.ofCode(descr.substring(1));
      if (dtype != null) {
        switch (o) {
          case '<' -> order = ByteOrder.LITTLE_ENDIAN;
          case '>' -> order = ByteOrder.BIG_ENDIAN;
          case '=' -> order = ByteOrder.nativeOrder();
          case '|' -> order = dtype.size() == 1 ? ByteOrder.LITTLE_ENDIAN : null;
          default -> order = null;
        }
      }
    }
    if (dtype == null || order == null) {
      throw new NpyFormatException(
          where
              + " holds an array of dtype '"
              + abbreviate(descr)
              + "', which SameGAN does not read; supported: "
              + NpyDtype.accepted()
              + " (convert with a.astype(...) before saving)");
    }
    if (fortran) {
      throw new NpyFormatException(
          where
              + " is stored in Fortran (column-major) order; SameGAN reads C order only: save"
              + " np.ascontiguousarray(a) instead");
    }
    try {
      return new NpyHeader(dtype, order, shape);
    } catch (IllegalArgumentException e) {
      throw lit.error("its shape " + Arrays.toString(shape) + " is invalid: " + e.getMessage());
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /**
   * The subset of Python literal syntax a header uses: a dictionary of string keys whose values are
   * strings, {@code True}/{@code False} or tuples of non-negative integers.
   */
  private static final class Literal {
    private final String s;
    private final String where;
    private int i;

    Literal(String s, String where) {
      this.s = s;
      this.where = where;
    }

    NpyFormatException error(String why) {
      return new NpyFormatException(where + " has a malformed .npy header: " + why);
    }

    private NpyFormatException unexpected(String wanted) {
      String found = i < s.length() ? "'" + s.charAt(i) + "'" : "the end";
      return error("expected " + wanted + " at character " + i + ", found " + found);
    }

    private void space() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    private boolean at(char c) {
      space();
      return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
      if (!at(c)) {
        throw unexpected("'" + c + "'");
      }
      i++;
    }

    Map<String, Object> dictionary() {
      expect('{');
      Map<String, Object> d = new LinkedHashMap<>();
      while (!at('}')) {
        String key = string();
        expect(':');
        Object value = value(key);
        if (d.put(key, value) != null) {
          throw error("the key '" + key + "' appears twice");
        }
        if (at(',')) {
          i++;
        } else if (!at('}')) {
          throw unexpected("',' or '}'");
        }
      }
      i++;
      return d;
    }

    /** After the dictionary only padding may follow: spaces and one final newline. */
    void end() {
      space();
      if (i < s.length() && s.charAt(i) == '\n') {
        i++;
        space();
      }
      if (i != s.length()) {
        throw error("unexpected text after the dictionary at character " + i);
      }
    }

    private Object value(String key) {
      space();
      if (i >= s.length()) {
        throw unexpected("a value");
      }
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        return string();
      }
      if (c == '(') {
        return tuple();
      }
      if (s.startsWith("True", i)) {
        i += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("False", i)) {
        i += 5;
        return Boolean.FALSE;
      }
      if (c == '[' && key.equals("descr")) {
        throw new NpyFormatException(
            where
                + " holds a structured (record) array, which SameGAN does not read; supported"
                + " dtypes: "
                + NpyDtype.accepted());
      }
      throw unexpected("a string, True, False or a tuple for '" + key + "'");
    }

    private String string() {
      space();
      if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
        throw unexpected("a quoted string");
      }
      char q = s.charAt(i++);
      int startAt = i;
      while (i < s.length() && s.charAt(i) != q) {
        if (s.charAt(i) == '\\') {
          throw error("escape sequences in strings are not supported (character " + i + ")");
        }
        i++;
      }
      if (i >= s.length()) {
        throw error("a string starting at character " + (startAt - 1) + " is not closed");
      }
      return s.substring(startAt, i++);
    }

    private long[] tuple() {
      expect('(');
      long[] out = new long[4];
      int n = 0;
      while (!at(')')) {
        int startAt = i;
        long v = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          try {
            v = Math.addExact(Math.multiplyExact(v, 10), s.charAt(i) - '0');
          } catch (ArithmeticException e) {
            throw error("a dimension at character " + startAt + " overflows a long");
          }
          i++;
        }
        if (i == startAt) {
          throw unexpected("a non-negative integer");
        }
        if (i < s.length() && s.charAt(i) == 'L') {
          i++; // Python 2's long suffix, in files written by old numpy versions
        }
        if (n == out.length) {
          if (n >= 64) {
            throw error("the shape has more than 64 dimensions");
          }
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = v;
        if (at(',')) {
          i++;
        } else if (!at(')')) {
          throw unexpected("',' or ')'");
        }
      }
      i++;
      return Arrays.copyOf(out, n);
    }
  }
}
