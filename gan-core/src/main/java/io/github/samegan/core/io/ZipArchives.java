package io.github.samegan.core.io;

import io.github.samegan.core.CheckpointException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SameGAN's zip-based files (training checkpoints, saved classifiers and detectors): a properties
 * manifest written in a stable, escaped form, and named ND4J arrays in their exact binary form.
 * Files are written to a temporary file in the target folder and renamed over the target, so a
 * crash mid-write never leaves a half-written file under the real name.
 */
public final class ZipArchives {
  private ZipArchives() {}

  /**
   * What was read from an archive.
   *
   * @param manifest the manifest's properties
   * @param arrays the array entries that were asked for, by entry name, in file order
   */
  public record Contents(Properties manifest, Map<String, INDArray> arrays) {}

  /**
   * Writes an archive atomically: the manifest (keys sorted) first, then the arrays in the map's
   * order.
   *
   * @param manifestName the manifest's entry name, e.g. {@code checkpoint.properties}
   */
  public static void write(Path file, String manifestName, Map<String, String> manifest, Map<String, INDArray> arrays)
      throws IOException {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(manifest).forEach((k, v) -> text.append(escapeProperty(k)).append('=').append(escapeProperty(v))
        .append('\n'));
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp));
          ZipOutputStream zip = new ZipOutputStream(os)) {
        putEntry(zip, manifestName, text.toString().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
          putEntry(zip, e.getKey(), arrayBytes(e.getValue()));
        }
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads an archive's manifest and the array entries whose names {@code wanted} accepts (none: the
   * reading stops at the manifest when it is the first entry).
   *
   * @param what names the file in errors, e.g. {@code "Checkpoint"} or {@code "Classifier file"}
   * @return the contents; the manifest is {@code null} when the archive has none
   * @throws CheckpointException if the file does not exist, is not a zip file or holds a corrupt
   *     array
   */
  public static Contents read(Path file, String manifestName, Predicate<String> wanted, String what)
      throws IOException {
    Properties manifest = null;
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    try (InputStream is = new BufferedInputStream(Files.newInputStream(file));
        ZipInputStream zip = new ZipInputStream(is)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        String n = e.getName();
        if (n.equals(manifestName)) {
          manifest = new Properties();
          manifest.load(new StringReader(new String(zip.readAllBytes(), StandardCharsets.UTF_8)));
        } else if (wanted.test(n)) {
          arrays.put(n, readArray(zip.readAllBytes(), what + " " + file + ": entry '" + n + "' is corrupt"));
        }
      }
    } catch (NoSuchFileException e) {
      throw new CheckpointException(what + " not found: " + file);
    } catch (ZipException | EOFException e) {
      throw new CheckpointException(
          "Not a SameGAN " + what.toLowerCase(Locale.ROOT) + " (not a valid zip file): " + file, e);
    }
    return new Contents(manifest, arrays);
  }

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
