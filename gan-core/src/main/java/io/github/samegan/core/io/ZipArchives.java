package io.github.samegan.core.io;

import io.github.samegan.core.CheckpointException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pieces SameGAN's zip-based files (GAN checkpoints, saved classifiers) share: entries, ND4J
 * arrays in their exact binary form, and a properties manifest written in a stable, escaped form.
 */
public final class ZipArchives {
  private ZipArchives() {}

  /** Writes one complete entry. */
  public static void putEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  /** An array in ND4J's binary form (exact round trip with {@link #readArray}). */
  public static byte[] arrayBytes(INDArray arr) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (DataOutputStream dos = new DataOutputStream(bos)) {
      Nd4j.write(arr, dos);
    }
    return bos.toByteArray();
  }

  /**
   * Reads an array written by {@link #arrayBytes}.
   *
   * @param corruptMessage the message of the exception thrown when the bytes are not an array,
   *     naming the file and the entry
   * @throws CheckpointException if the bytes cannot be read
   */
  public static INDArray readArray(byte[] bytes, String corruptMessage) {
    try (DataInputStream dis = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return Nd4j.read(dis);
    } catch (IOException | RuntimeException e) {
      throw new CheckpointException(corruptMessage, e);
    }
  }

  /**
   * Escapes a key or value for a {@link java.util.Properties} file, producing ASCII that {@code
   * Properties.load} reads back exactly (spaces, including those inside keys, and control
   * characters).
   */
  public static String escapeProperty(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '=' -> sb.append("\\=");
        case ':' -> sb.append("\\:");
        case '#' -> sb.append("\\#");
        case '!' -> sb.append("\\!");
        case ' ' -> sb.append("\\ "); // in a key an unescaped space ends the key
        default -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return sb.toString();
  }
}
