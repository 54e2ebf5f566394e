package io.github.samegan.data.loaders;

import io.github.samegan.data.DatasetFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Helpers shared by the loaders: file checks, name files, class filters and record reading. */
final class LoaderSupport {

  private static final Logger LOG = LoggerFactory.getLogger(LoaderSupport.class);

  private LoaderSupport() {}

  static void requireFile(Path file, String what, String fix) {
    if (!Files.isRegularFile(file)) {
      throw new DatasetFormatException(
          what + " file " + file + " does not exist or is not a regular file; " + fix);
    }
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }

  /** The most bytes one array, and so one in-memory data set's pixels, can hold. */
  static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  /**
   * Refuses, before anything is read, to load {@code bytes} bytes of pixels that can never fit:
   * more than one Java array holds, or more than the JVM's whole heap ({@code -Xmx}).
   *
   * @param source names the file and what it holds, e.g. {@code "CIFAR-10 files [...] (50000
   *     images)"}
   * @param fix what else the user can do, e.g. {@code "pass a smaller limit"}
   * @throws DatasetFormatException if the pixels cannot fit
   */
  static void checkMemory(String source, long bytes, String fix) {
    if (bytes > MAX_ARRAY_BYTES) {
      throw new DatasetFormatException(
          source
              + " needs "
              + bytes
              + " bytes of pixels, more than the limit of "
              + MAX_ARRAY_BYTES
              + " bytes that one in-memory data set can hold (the largest Java array); "
              + fix
              + ", or split the data into several data sets");
    }
    long heap = Runtime.getRuntime().maxMemory();
    if (bytes > heap) {
      throw new DatasetFormatException(
          source
              + " needs "
              + bytes
              + " bytes of pixels, more than this JVM's whole heap of "
              + heap
              + " bytes; "
              + MORE_HEAP
              + " or "
              + fix);
    }
  }

  /**
   * Allocates {@code bytes} bytes of pixels after {@link #checkMemory}, turning a heap that cannot
   * give them now into a {@link DatasetFormatException} naming the source.
   */
  static byte[] allocate(String source, long bytes, String fix) {
    checkMemory(source, bytes, fix);
    try {
      return new byte[(int) bytes];
    } catch (OutOfMemoryError e) {
      throw outOfHeap(source, bytes, fix, e);
    }
  }

  /** The exception for pixels that the heap cannot give now. */
  static DatasetFormatException outOfHeap(
      String source, long bytes, String fix, OutOfMemoryError e) {
    Runtime rt = Runtime.getRuntime();
    return new DatasetFormatException(
        source
            + " needs "
            + bytes
            + " bytes of pixels, more than this JVM's heap has free ("
            + (rt.maxMemory() - rt.totalMemory() + rt.freeMemory())
            + " of "
            + rt.maxMemory()
            + " bytes); "
            + MORE_HEAP
            + " or "
            + fix,
        e);
  }

  /** How to give Java more memory. */
  static final String MORE_HEAP =
      "give Java more memory (-Xmx, e.g. SAMEGAN_JAVA_OPTS=-Xmx8g for the samegan command)";

  static void checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException(
          "limit must be at least 1 (use Integer.MAX_VALUE for all records), found " + limit);
    }
  }

  /**
   * Checks that a fixed-record binary file holds a positive whole number of records and returns
   * that number.
   */
  static int checkRecordFile(
      Path file,
      String format,
      int recordBytes,
      String recordLayout,
      String standardName,
      long standardBytes,
      String fix) {
    long actual = size(file);
    if (actual == 0 || actual % recordBytes != 0) {
      StringBuilder msg = new StringBuilder();
      msg.append(format)
          .append(" file ")
          .append(file)
          .append(" has ")
          .append(actual)
          .append(" bytes, which is not a positive whole number of ")
          .append(recordBytes)
          .append("-byte records (")
          .append(recordLayout)
          .append(")");
      if (actual > 0) {
        long whole = actual / recordBytes;
        msg.append(": ")
            .append(whole)
            .append(" whole records plus ")
            .append(actual % recordBytes)
            .append(" extra bytes");
      }
      if (file.getFileName().toString().equals(standardName)) {
        msg.append("; the standard ")
            .append(standardName)
            .append(" has ")
            .append(standardBytes)
            .append(" bytes (")
            .append(standardBytes / recordBytes)
            .append(" records)");
        msg.append(actual < standardBytes ? ", so this copy looks truncated" : "");
      }
      msg.append("; ").append(fix);
      throw new DatasetFormatException(msg.toString());
    }
    if (actual / recordBytes > Integer.MAX_VALUE) {
      throw new DatasetFormatException(
          format + " file " + file + " has too many records (" + actual / recordBytes + ")");
    }
    return (int) (actual / recordBytes);
  }

  /** Reads the non-blank, trimmed lines of a label-names file and checks their number. */
  static List<String> readNames(Path file, String what, int expected, String fix) {
    List<String> names = readNameLines(file, what, fix);
    if (names.size() != expected) {
      throw new DatasetFormatException(
          what
              + " file "
              + file
              + " must hold "
              + expected
              + " non-blank lines (one class name each), found "
              + names.size()
              + "; "
              + fix);
    }
    return names;
  }

  /**
   * Reads the non-blank, trimmed lines of a label-names file that may name another number of
   * classes than the standard one: a subset (or extension) written in the same format. Logs a
   * warning when the number differs; the records' labels are checked against it as they are read.
   *
   * @throws DatasetFormatException if the file is missing, unreadable or names no class
   */
  static List<String> readSubsetNames(Path file, String what, int standard, String fix) {
    List<String> names = readNameLines(file, what, fix);
    if (names.isEmpty()) {
      throw new DatasetFormatException(
          what
              + " file "
              + file
              + " names no class (it has no non-blank line); write one class name per line, in"
              + " label order");
    }
    if (names.size() != standard) {
      LOG.warn(
          "{} file {} names {} classes, not the standard {}: reading the data as a subset in the"
              + " same format (every label must be below {})",
          what,
          file,
          names.size(),
          standard,
          names.size());
    }
    return names;
  }

  private static List<String> readNameLines(Path file, String what, String fix) {
    requireFile(file, what, fix);
    List<String> names = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String t = line.strip();
        if (!t.isEmpty()) {
          names.add(t);
        }
      }
    } catch (IOException e) {
      throw new DatasetFormatException(
          what + " file " + file + " is not readable UTF-8 text (" + e.getMessage() + "); " + fix,
          e);
    }
    return List.copyOf(names);
  }

  /** Returns, for each name in {@code all}, whether it was requested; rejects unknown names. */
  static boolean[] selection(List<String> requested, List<String> all, String what) {
    boolean[] keep = new boolean[all.size()];
    for (String name : requested) {
      Objects.requireNonNull(name, "class name");
      int i = all.indexOf(name.strip());
      if (i < 0) {
        throw new IllegalArgumentException(
            "unknown " + what + " class '" + name + "'; valid names are " + all);
      }
      keep[i] = true;
    }
    return keep;
  }

  /** Opens a buffered stream over a file, turning I/O failures into unchecked exceptions. */
  static InputStream open(Path file) {
    try {
      return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  /** Reads exactly {@code buf.length} bytes or reports the file as changed while reading. */
  static void readRecord(InputStream in, byte[] buf, Path file) {
    try {
      int n = in.readNBytes(buf, 0, buf.length);
      if (n != buf.length) {
        throw new DatasetFormatException(
            "file " + file + " ended in the middle of a record (was it modified while reading?)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** A growable byte array that checks the memory of each growth first. */
  static final class ByteSink {
    private final long max;
    private final String source;
    private final String fix;
    private byte[] data;
    private int length;

    /**
     * @param max the most bytes that will be written (an upper bound, used to cap growth)
     * @param source names what is read, for {@link #checkMemory}
     * @param fix what else the user can do, for {@link #checkMemory}
     */
    ByteSink(int initialCapacity, long max, String source, String fix) {
      this.max = max;
      this.source = source;
      this.fix = fix;
      data = allocate(source, Math.max(16, initialCapacity), fix);
    }

    void write(byte[] src, int offset, int count) {
      if (length + count > data.length) {
        long grown =
            Math.min(
                Math.max((long) length + count, 2L * data.length), Math.max(max, length + count));
        byte[] bigger = allocate(source, grown, fix);
        System.arraycopy(data, 0, bigger, 0, length);
        data = bigger;
      }
      System.arraycopy(src, offset, data, length, count);
      length += count;
    }

    byte[] toArray() {
      if (length == data.length) {
        return data;
      }
      byte[] exact = allocate(source, length, fix);
      System.arraycopy(data, 0, exact, 0, length);
      return exact;
    }
  }

  /** A growable int array. */
  static final class IntSink {
    private int[] data = new int[64];
    private int length;

    void add(int v) {
      if (length == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[length++] = v;
    }

    int size() {
      return length;
    }

    int[] toArray() {
      return Arrays.copyOf(data, length);
    }
  }

  /** Remaps labels to the compact range of the labels that occur, keeping their order. */
  static List<String> compact(int[] labels, List<String> names) {
    int[] map = new int[names.size()];
    Arrays.fill(map, -1);
    for (int l : labels) {
      map[l] = 0;
    }
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < map.length; i++) {
      if (map[i] == 0) {
        map[i] = kept.size();
        kept.add(names.get(i));
      }
    }
    for (int i = 0; i < labels.length; i++) {
      labels[i] = map[labels[i]];
    }
    return kept;
  }
}
