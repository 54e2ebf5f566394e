package io.github.samegan.data.loaders;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Writes small files in the IDX format (shared with the registry tests). */
public final class IdxFiles {

  private IdxFiles() {}

  /** Pixel (y, x) of image i in the files written by these helpers. */
  public static int pixel(int i, int y, int x) {
    return (i * 40 + y * 9 + x * 3) & 0xFF;
  }

  /** An IDX images file: the magic, the count, rows, columns, then the pixels of each image. */
  public static byte[] imagesFile(int magic, int count, int rows, int cols) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(cols);
    for (int i = 0; i < count; i++) {
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < cols; x++) {
          out.writeByte(pixel(i, y, x));
        }
      }
    }
    return bytes.toByteArray();
  }

  /** An IDX labels file holding {@code labels}. */
  public static byte[] labelsFile(int... labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000801);
    out.writeInt(labels.length);
    for (int l : labels) {
      out.writeByte(l);
    }
    return bytes.toByteArray();
  }
}
