package io.github.samegan.data.loaders;

import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Writes any {@link ImageDataset} in a format that the loaders of this package read back: the
 * CIFAR-10 binary layout ({@link Cifar10Dataset}) or a folder of PNG files ({@link
 * ImageFolderDataset}).
 *
 * <p>Float values in [-1, 1] become the nearest 8-bit pixel ({@code round((x + 1) * 127.5)},
 * clipped to [0, 255]), which is exact for images that came from 8-bit pixels. Images are computed
 * in parallel in chunks (an {@link ImageDataset} is thread-safe) and written in index order, so
 * even a lazily augmented data set larger than memory can be written.
 */
public final class DatasetWriter {

  private static final int CHUNK = 1024;

  private DatasetWriter() {}

  /**
   * Writes a labelled 3x32x32 data set with at most 10 classes in the CIFAR-10 binary layout into
   * {@code dir}: {@code data_batch_1.bin} ... {@code data_batch_5.bin} (the images in index order,
   * split as evenly as possible; records of 1 label byte and 3,072 pixel bytes, red, green and blue
   * planes) and {@code batches.meta.txt} (the class names, padded to 10 lines with {@code
   * unused-K}). No {@code test_batch.bin} is written: {@code Cifar10Dataset.load(dir, Split.TRAIN)}
   * reads the result, in the same order and with the same labels.
   *
   * @param data the images
   * @param dir the folder to write into (created if needed; existing files of those names are
   *     replaced)
   * @param progress called with the number of images written so far (may be {@code null})
   * @throws IllegalArgumentException if the data set is not 3x32x32, unlabelled, has more than 10
   *     classes or fewer than 5 images
   * @throws UncheckedIOException if writing fails
   */
  public static void writeCifar10(ImageDataset data, Path dir, IntConsumer progress) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(dir, "dir");
    if (!data.info().equals(ImageInfo.rgb(32))) {
      throw new IllegalArgumentException(
          "the CIFAR-10 format holds 3x32x32 images but "
              + data.name()
              + " has "
              + data.info()
              + " images; write it as PNG instead");
    }
    if (!data.isLabelled() || data.numClasses() > Cifar10Dataset.CLASSES) {
      throw new IllegalArgumentException(
          "the CIFAR-10 format holds at most "
              + Cifar10Dataset.CLASSES
              + " classes but "
              + data.name()
              + (data.isLabelled() ? " has " + data.numClasses() : " is unlabelled")
              + "; write it as PNG instead");
    }
    int total = data.size();
    if (total < Cifar10Dataset.TRAIN_BATCHES) {
      throw new IllegalArgumentException(
          "the CIFAR-10 format needs at least "
              + Cifar10Dataset.TRAIN_BATCHES
              + " images (one per batch file), "
              + data.name()
              + " has "
              + total);
    }
    try {
      Files.createDirectories(dir);
      List<String> names = new ArrayList<>();
      for (int c = 0; c < Cifar10Dataset.CLASSES; c++) {
        if (c < data.numClasses()) {
          String nm = data.classNames().get(c).replaceAll("[\\r\\n]+", " ").strip();
          names.add(nm.isEmpty() ? "class-" + c : nm);
        } else {
          names.add("unused-" + c);
        }
      }
      Files.writeString(
          dir.resolve("batches.meta.txt"), String.join("\n", names) + "\n", StandardCharsets.UTF_8);
      int per = data.info().pixels();
      int[] written = {0};
      for (int b = 0; b < Cifar10Dataset.TRAIN_BATCHES; b++) {
        int from = (int) ((long) b * total / Cifar10Dataset.TRAIN_BATCHES);
        int to = (int) ((long) (b + 1) * total / Cifar10Dataset.TRAIN_BATCHES);
        Path file = dir.resolve("data_batch_" + (b + 1) + ".bin");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          byte[] record = new byte[1 + per];
          forEachChunk(
              data,
              from,
              to,
              (i, pixels) -> {
                record[0] = (byte) data.label(i);
                for (int k = 0; k < per; k++) {
                  record[1 + k] = (byte) toByte(pixels[k]);
                }
                out.write(record);
                written[0]++;
                if (progress != null) {
                  progress.accept(written[0]);
                }
              });
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CIFAR-10 files in " + dir, e);
    }
  }

  /**
   * Writes a data set as PNG files that {@link ImageFolderDataset} reads back: for a labelled data
   * set one sub-folder per class (named after the class, with characters other than letters,
   * digits, space, {@code . _ -} replaced by {@code _}; every class gets a folder, even an empty
   * one), for an unlabelled one the files directly in {@code dir}. Image {@code i} is {@code
   * NNNNNNN.png} with {@code i} zero-padded to 7 digits, so name order is index order within each
   * class. 1-channel images are 8-bit grey PNGs, 3-channel ones 24-bit RGB.
   *
   * <p>Note that {@link ImageFolderDataset} numbers classes in sorted folder-name order, so the
   * labels read back follow the class names, not the original numbering, unless the names were
   * already sorted.
   *
   * @param data the images
   * @param dir the folder to write into (created if needed)
   * @param progress called with the number of images written so far (may be {@code null})
   * @throws UncheckedIOException if writing fails
   */
  public static void writePngFolder(ImageDataset data, Path dir, IntConsumer progress) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(dir, "dir");
    try {
      Files.createDirectories(dir);
      List<Path> classDirs = new ArrayList<>();
      Set<String> used = new HashSet<>();
      for (int c = 0; c < data.numClasses(); c++) {
        String base = folderName(data.classNames().get(c), c);
        String name = base;
        for (int k = 2; !used.add(name.toLowerCase(Locale.ROOT)); k++) {
          name = base + "-" + k;
        }
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        classDirs.add(d);
      }
      ImageInfo info = data.info();
      int[] written = {0};
      forEachChunk(
          data,
          0,
          data.size(),
          (i, pixels) -> {
            Path folder = data.isLabelled() ? classDirs.get(data.label(i)) : dir;
            Path file = folder.resolve(String.format(Locale.ROOT, "%07d.png", i));
            if (!ImageIO.write(toImage(pixels, info), "png", file.toFile())) {
              throw new IOException("this JVM has no PNG writer");
            }
            written[0]++;
            if (progress != null) {
              progress.accept(written[0]);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write PNG files in " + dir, e);
    }
  }

  /** Receives one image's values in [-1, 1], in index order. */
  private interface ImageSink {
    void accept(int index, float[] pixels) throws IOException;
  }

  /** Computes images {@code [from, to)} in parallel chunks and hands them over in order. */
  private static void forEachChunk(ImageDataset data, int from, int to, ImageSink sink)
      throws IOException {
    int per = data.info().pixels();
    float[] buf = new float[Math.multiplyExact(CHUNK, per)];
    float[] one = new float[per];
    for (int start = from; start < to; start += CHUNK) {
      int end = Math.min(to, start + CHUNK);
      int s = start;
      IntStream.range(start, end).parallel().forEach(i -> data.copyImage(i, buf, (i - s) * per));
      for (int i = start; i < end; i++) {
        System.arraycopy(buf, (i - start) * per, one, 0, per);
        sink.accept(i, one);
      }
    }
  }

  private static String folderName(String className, int label) {
    String s = className.replaceAll("[^A-Za-z0-9 ._-]", "_").strip();
    while (s.startsWith(".")) {
      s = s.substring(1);
    }
    return s.isEmpty() ? "class-" + label : s;
  }

  private static BufferedImage toImage(float[] pixels, ImageInfo info) {
    int h = info.height();
    int w = info.width();
    int n = h * w;
    BufferedImage img =
        new BufferedImage(
            w,
            h,
            info.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    WritableRaster raster = img.getRaster();
    int[] plane = new int[n];
    for (int c = 0; c < info.channels(); c++) {
      for (int i = 0; i < n; i++) {
        plane[i] = toByte(pixels[c * n + i]);
      }
      raster.setSamples(0, 0, w, h, c, plane);
    }
    return img;
  }

  private static int toByte(float v) {
    long p = Math.round((v + 1.0) * 127.5);
    return (int) Math.max(0, Math.min(255, p));
  }
}
