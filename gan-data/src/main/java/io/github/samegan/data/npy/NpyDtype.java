package io.github.samegan.data.npy;

import java.nio.ByteOrder;

/**
 * The numpy data types SameGAN reads and writes in {@code .npy} files: what images ({@code |u1}),
 * labels ({@code <i8}) and feature statistics ({@code <f8}) need. Each is stored with an explicit
 * byte order in the file's {@code descr} ({@code <} little-endian, {@code >} big-endian, {@code |}
 * for one-byte types).
 */
public enum NpyDtype {
  /** {@code u1}: unsigned 8-bit integers, e.g. image pixels. */
  UINT8('u', 1),
  /** {@code i1}: signed 8-bit integers. */
  INT8('i', 1),
  /** {@code i4}: signed 32-bit integers. */
  INT32('i', 4),
  /** {@code i8}: signed 64-bit integers, numpy's default integer on 64-bit Linux. */
  INT64('i', 8),
  /** {@code f4}: IEEE 754 single precision. */
  FLOAT32('f', 4),
  /** {@code f8}: IEEE 754 double precision, numpy's default float. */
  FLOAT64('f', 8);

  private final char kind;
  private final int size;

  NpyDtype(char kind, int size) {
    this.kind = kind;
    this.size = size;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  /** Whether the type is a floating-point type. */
  public boolean isFloating() {
    return kind == 'f';
  }

  /** The type code without byte order, e.g. {@code "f4"}. */
  public String code() {
    return Character.toString(kind) + size;
  }

  /**
   * The {@code descr} numpy writes for this type in the given byte order: {@code "|u1"} for
   * one-byte types, else {@code "<f4"} (little-endian) or {@code ">f4"} (big-endian).
   */
  public String descr(ByteOrder order) {
    if (size == 1) {
      return "|" + code();
    }
    return (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + code();
  }

  /** The type with this code (e.g. {@code "i8"}), or {@code null} if SameGAN does not read it. */
  static NpyDtype ofCode(String code) {
    for (NpyDtype t : values()) {
      if (t.code().equals(code)) {
        return t;
      }
    }
    return null;
  }

  /** The accepted {@code descr} values, for error messages. */
  static String accepted() {
    StringBuilder sb = new StringBuilder();
    for (NpyDtype t : values()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(t.size == 1 ? "|" + t.code() : "<" + t.code() + ", >" + t.code());
    }
    return sb.toString();
  }
}
