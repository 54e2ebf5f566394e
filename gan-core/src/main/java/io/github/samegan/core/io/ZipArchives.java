package io.github.samegan.core.io;

import io.github.samegan.core.CheckpointException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SameGAN's zip-based files (training checkpoints, saved classifiers and detectors): a properties
 * manifest written in a stable, escaped form, and named ND4J arrays in their exact binary form.
 * Files are written to a temporary file in the target folder and renamed over the target, so a
 * crash mid-write never leaves a half-written file under the real name; the temporaries that a
 * killed writer leaves behind are removed later ({@link #removeStaleTemporaries}).
 *
 * <p>Every SameGAN archive is read by {@link #read}, which trusts nothing it reads: the manifest
 * may hold at most {@value #MAX_MANIFEST_BYTES} bytes, and each array entry is read only after its
 * header has been checked and the size it declares compared with a limit ({@value
 * #DEFAULT_MAX_ARRAY_BYTES} bytes by default, the system property {@value
 * #MAX_ARRAY_BYTES_PROPERTY} changes it); an entry that holds more than its header declares is
 * refused as soon as the extra byte is seen. A corrupt, truncated or hostile file therefore ends in
 * a {@link CheckpointException} naming the file, the entry, the size found and the limit, never in
 * an {@link OutOfMemoryError}.
 */
public final class ZipArchives {
  /** The most bytes a manifest entry may hold (4 MiB; SameGAN's manifests hold a few KiB). */
  public static final int MAX_MANIFEST_BYTES = 4 << 20;

  /**
   * The default limit on one array entry's data (512 MiB, 134 million floats; the largest array of
   * the built-in models is a few MiB).
   */
  public static final long DEFAULT_MAX_ARRAY_BYTES = 512L << 20;

  /**
   * The system property that sets the limit on one array entry's data, in bytes, from 1 to {@value
   * #LARGEST_MAX_ARRAY_BYTES} (e.g. {@code -Dsamegan.checkpoint.maxArrayBytes=2000000000}).
   */
  public static final String MAX_ARRAY_BYTES_PROPERTY = "samegan.checkpoint.maxArrayBytes";

  /** The largest limit on one array entry: the largest Java byte array. */
  public static final long LARGEST_MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  /**
   * {@link #read}'s {@code wanted} for reading only the manifest: the reading stops right after it,
   * without inflating the array entries.
   */
  public static final Predicate<String> MANIFEST_ONLY = name -> false;

  /** How old a temporary of the same target must be before {@link #write} removes it. */
  static final Duration STALE_AFTER = Duration.ofMinutes(1);

  /** A temporary written by {@link #write}: {@code .<target name>.<digits>.tmp}. */
  private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9]+\\.tmp");

  private static final Logger LOG = LoggerFactory.getLogger(ZipArchives.class);

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
   * order. Temporaries of the same target left by a writer that was killed (older than a minute)
   * are removed first.
   *
   * @param manifestName the manifest's entry name, e.g. {@code checkpoint.properties}
   */
  public static void write(
      Path file, String manifestName, Map<String, String> manifest, Map<String, INDArray> arrays)
      throws IOException {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(manifest)
        .forEach(
            (k, v) ->
                text.append(escapeProperty(k)).append('=').append(escapeProperty(v)).append('\n'));
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String target = file.getFileName().toString();
    Pattern sameTarget = Pattern.compile(Pattern.quote("." + target + ".") + "[0-9]+\\.tmp");
    removeTemporaries(dir, n -> sameTarget.matcher(n).matches(), STALE_AFTER);
    Path tmp = TemporaryFiles.createIn(dir, "." + target + ".", ".tmp");
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
   * Removes every temporary that {@link #write} leaves when its process is killed mid-write ({@code
   * .<name>.<digits>.tmp}) from {@code dir} (not from its sub-folders), whatever its age. Call it
   * when no other process is writing archives into {@code dir}, e.g. when a training run that owns
   * its checkpoint folder starts or resumes ({@code Callbacks.checkpoints} does).
   *
   * @return how many files were removed (0 when {@code dir} does not exist)
   * @throws IOException if {@code dir} cannot be listed
   */
  public static int removeStaleTemporaries(Path dir) throws IOException {
    return removeTemporaries(dir, n -> TEMPORARY.matcher(n).matches(), Duration.ZERO);
  }

  private static int removeTemporaries(Path dir, Predicate<String> name, Duration olderThan)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    Instant cutoff = Instant.now().minus(olderThan);
    List<Path> stale;
    try (Stream<Path> files = Files.list(dir)) {
      stale = files.filter(p -> name.test(p.getFileName().toString())).toList();
    }
    int removed = 0;
    for (Path p : stale) {
      try {
        if (olderThan.isZero() || Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
          if (Files.deleteIfExists(p)) {
            removed++;
          }
        }
      } catch (IOException e) {
        LOG.warn("Cannot remove the stale temporary file {}: {}", p, e.toString());
      }
    }
    if (removed > 0) {
      LOG.info("Removed {} temporary file(s) left in {} by an interrupted write", removed, dir);
    }
    return removed;
  }

  /**
   * The limit on one array entry's data: the system property {@value #MAX_ARRAY_BYTES_PROPERTY} if
   * set, else {@value #DEFAULT_MAX_ARRAY_BYTES}.
   *
   * @throws IllegalArgumentException if the property is not a whole number of bytes from 1 to
   *     {@value #LARGEST_MAX_ARRAY_BYTES}
   */
  public static long maxArrayBytes() {
    String v = System.getProperty(MAX_ARRAY_BYTES_PROPERTY);
    if (v == null || v.isBlank()) {
      return DEFAULT_MAX_ARRAY_BYTES;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 1 && n <= LARGEST_MAX_ARRAY_BYTES) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "System property "
            + MAX_ARRAY_BYTES_PROPERTY
            + " must be a whole number of"
            + " bytes from 1 to "
            + LARGEST_MAX_ARRAY_BYTES
            + ", found '"
            + v
            + "'");
  }

  /**
   * Reads an archive's manifest and the array entries whose names {@code wanted} accepts, with the
   * limit on array entries of {@link #maxArrayBytes()}.
   *
   * @param what names the file in errors, e.g. {@code "Checkpoint"} or {@code "Classifier file"}
   * @param wanted which array entries to read; {@link #MANIFEST_ONLY} stops after the manifest
   * @return the contents; the manifest is {@code null} when the archive has none
   * @throws CheckpointException if the file does not exist, is not a zip file, is truncated or
   *     corrupt, or an entry is larger than its limit
   */
  public static Contents read(Path file, String manifestName, Predicate<String> wanted, String what)
      throws IOException {
    return read(file, manifestName, wanted, what, maxArrayBytes());
  }

  /**
   * Reads an archive's manifest and the array entries whose names {@code wanted} accepts. The
   * manifest may hold at most {@value #MAX_MANIFEST_BYTES} bytes and each array at most {@code
   * maxArrayBytes} bytes of data; every entry is bounded while it is inflated, so nothing larger is
   * ever allocated.
   *
   * @param what names the file in errors, e.g. {@code "Checkpoint"} or {@code "Classifier file"}
   * @param wanted which array entries to read; {@link #MANIFEST_ONLY} stops after the manifest
   * @param maxArrayBytes the most bytes of data one array entry may declare, from 1 to {@value
   *     #LARGEST_MAX_ARRAY_BYTES}
   * @return the contents; the manifest is {@code null} when the archive has none
   * @throws IllegalArgumentException if {@code maxArrayBytes} is out of range
   * @throws CheckpointException if the file does not exist, is not a zip file, is truncated or
   *     corrupt, or an entry is larger than its limit
   */
  public static Contents read(
      Path file, String manifestName, Predicate<String> wanted, String what, long maxArrayBytes)
      throws IOException {
    if (maxArrayBytes < 1 || maxArrayBytes > LARGEST_MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException(
          "maxArrayBytes must be from 1 to "
              + LARGEST_MAX_ARRAY_BYTES
              + ", found "
              + maxArrayBytes);
    }
    Properties manifest = null;
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    String entry = null;
    try (InputStream is = new BufferedInputStream(Files.newInputStream(file));
        ZipInputStream zip = new ZipInputStream(is)) {
      ZipEntry e;
      while ((e = nextEntry(zip, file, what, entry)) != null) {
        entry = e.getName();
        String where = what + " " + file + ": entry '" + entry + "'";
        if (entry.equals(manifestName)) {
          manifest = readManifest(zip, e, where);
          if (wanted == MANIFEST_ONLY) {
            break;
          }
        } else if (wanted.test(entry)) {
          arrays.put(entry, ArrayEntries.read(zip, where, maxArrayBytes));
        }
      }
    } catch (NoSuchFileException e) {
      throw new CheckpointException(what + " not found: " + file);
    } catch (EOFException e) {
      throw new CheckpointException(
          what
              + " "
              + file
              + " is truncated: it ends "
              + (entry == null ? "before its first entry" : "inside entry '" + entry + "'")
              + " ("
              + e.getMessage()
              + "). SameGAN writes it atomically, so it was cut short afterwards (an interrupted copy or download, a full"
              + " disk); copy it again, or use another file (e.g. resume from another checkpoint)",
          e);
    } catch (ZipException e) {
      if (entry == null) {
        throw new CheckpointException(
            "Not a SameGAN " + what.toLowerCase(Locale.ROOT) + " (not a valid zip file): " + file,
            e);
      }
      throw new CheckpointException(
          what
              + " "
              + file
              + " is corrupt: entry '"
              + entry
              + "' cannot be read ("
              + e.getMessage()
              + "). SameGAN writes it atomically, so it was damaged afterwards; copy it again, or use"
              + " another file (e.g. resume from another checkpoint)",
          e);
    } catch (IOException e) {
      throw new CheckpointException(
          what
              + " "
              + file
              + " cannot be read"
              + (entry == null ? "" : " (at entry '" + entry + "')")
              + ": "
              + e,
          e);
    }
    return new Contents(manifest, arrays);
  }

  /** The next entry; an entry name that is not valid UTF-8 is reported as a corrupt file. */
  private static ZipEntry nextEntry(ZipInputStream zip, Path file, String what, String previous)
      throws IOException {
    try {
      return zip.getNextEntry();
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(
          what
              + " "
              + file
              + " is corrupt: the name of the entry "
              + (previous == null ? "at its start" : "after '" + previous + "'")
              + " is not valid UTF-8 ("
              + e.getMessage()
              + "); copy it again, or use another file",
          e);
    }
  }

  /** Reads a manifest entry of at most {@link #MAX_MANIFEST_BYTES} bytes. */
  private static Properties readManifest(InputStream zip, ZipEntry e, String where)
      throws IOException {
    byte[] bytes = zip.readNBytes(MAX_MANIFEST_BYTES + 1);
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new CheckpointException(
          where
              + " (the manifest) holds more than "
              + MAX_MANIFEST_BYTES
              + " bytes"
              + (e.getSize() > 0 ? " (" + e.getSize() + " declared)" : "")
              + ", the limit for a manifest; the file is"
              + " corrupt or was not written by SameGAN");
    }
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException ex) {
      throw new CheckpointException(where + " (the manifest) is corrupt: " + ex.getMessage(), ex);
    }
    return p;
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
   * Reads an array written by {@link #arrayBytes}, checking its header against its length first.
   *
   * @param corruptMessage the message of the exception thrown when the bytes are not an array,
   *     naming the file and the entry
   * @throws CheckpointException if the bytes cannot be read
   */
  public static INDArray readArray(byte[] bytes, String corruptMessage) {
    try {
      return ArrayEntries.read(
          new ByteArrayInputStream(bytes), corruptMessage, Math.max(1, bytes.length));
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
        default ->
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return sb.toString();
  }
}
