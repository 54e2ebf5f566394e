package io.github.samegan.data.loaders;

import io.github.samegan.data.ImageInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Streams fixed-size CIFAR records (label bytes, then 3x32x32 CHW pixels) from files. */
final class CifarReader {

  static final ImageInfo INFO = ImageInfo.rgb(32);
  static final int PIXEL_BYTES = 3 * 32 * 32;

  /** Decides the label of a record, or -1 to skip it. */
  interface Labeller {
    int label(byte[] record, Path file, int recordIndex);
  }

  /** The pixels and labels read. */
  record Result(byte[] pixels, int[] labels) {}

  private CifarReader() {}

  /**
   * Reads records from {@code files} in order until {@code limit} records are kept. {@code
   * counts[i]} is the validated number of records in {@code files.get(i)}. The memory the pixels
   * need is checked before anything is read: all of it when every record is kept ({@code all}),
   * each growth otherwise.
   *
   * @throws io.github.samegan.data.DatasetFormatException if the pixels would not fit in memory
   */
  static Result read(
      String format,
      List<Path> files,
      int[] counts,
      int recordBytes,
      Labeller labeller,
      int limit,
      boolean all) {
    long total = 0;
    long fileBytes = 0;
    for (int i = 0; i < counts.length; i++) {
      total += counts[i];
      fileBytes += (long) counts[i] * recordBytes;
    }
    long expected = Math.min(total, limit);
    String source =
        format
            + (files.size() == 1 ? " file " + files.get(0) : " files " + files)
            + " ("
            + fileBytes
            + " bytes, "
            + total
            + " records of "
            + recordBytes
            + " bytes"
            + (expected < total ? ", the first " + expected + " kept" : "")
            + ")";
    String fix = "pass a record limit or a class filter to load fewer images";
    long initial = all ? expected * PIXEL_BYTES : Math.min(expected * PIXEL_BYTES, 1 << 20);
    LoaderSupport.checkMemory(source, initial, fix); // before the int cast below
    LoaderSupport.ByteSink pixels =
        new LoaderSupport.ByteSink((int) initial, expected * PIXEL_BYTES, source, fix);
    LoaderSupport.IntSink labels = new LoaderSupport.IntSink();
    byte[] record = new byte[recordBytes];
    int labelBytes = recordBytes - PIXEL_BYTES;
    for (int f = 0; f < files.size() && labels.size() < limit; f++) {
      Path file = files.get(f);
      try (InputStream in = LoaderSupport.open(file)) {
        for (int r = 0; r < counts[f] && labels.size() < limit; r++) {
          LoaderSupport.readRecord(in, record, file);
          int label = labeller.label(record, file, r);
          if (label >= 0) {
            labels.add(label);
            pixels.write(record, labelBytes, PIXEL_BYTES);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return new Result(pixels.toArray(), labels.toArray());
  }
}
