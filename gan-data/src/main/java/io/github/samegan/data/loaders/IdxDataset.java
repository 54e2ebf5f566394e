package io.github.samegan.data.loaders;

import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Loads IDX files, the format of MNIST and Fashion-MNIST (<a
 * href="http://yann.lecun.com/exdb/mnist/">LeCun et al.</a>, <a
 * href="https://github.com/zalandoresearch/fashion-mnist">Xiao et al., 2017</a>).
 *
 * <p>An IDX file is a big-endian header, then unsigned bytes. Image files start with the magic
 * number {@code 0x00000803} (unsigned bytes, 3 dimensions) followed by the image count, rows and
 * columns; label files with {@code 0x00000801} followed by the label count. Files may be raw or
 * gzipped: gzip is detected by its magic bytes {@code 1f 8b}, not by the file name. The file length
 * must match the header exactly.
 *
 * <p>Images become grayscale {@code 1 x H x W} images, optionally zero-padded on every side
 * (MNIST's 28x28 to 32x32 with 2 pixels; padded pixels are black, i.e. -1 after scaling).
 */
public final class IdxDataset {

  /** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
  public static final int LABELS_MAGIC = 0x00000801;

  /** Fashion-MNIST class names, indexed by label. */
  public static final List<String> FASHION_MNIST_CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** MNIST class names, the digits {@code "0"} to {@code "9"}. */
  public static final List<String> MNIST_CLASSES =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  /**
   * Where Debian's {@code dataset-fashion-mnist} package installs Fashion-MNIST ({@code apt-get
   * install dataset-fashion-mnist}).
   */
  public static final Path DEBIAN_FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  private static final String FIX =
      "re-download the file (gzipped or not) and check that the images and labels files are not"
          + " swapped";

  /** How many bytes past the declared end a gzipped file is inflated to report its length. */
  private static final long EXTRA_COUNTED = 1 << 20;

  private IdxDataset() {}

  /**
   * Loads an images file and, optionally, its labels file. Class names are the digits {@code "0"}
   * up to the largest label.
   *
   * @param images IDX images file (magic {@code 0x00000803}), raw or gzipped
   * @param labels IDX labels file (magic {@code 0x00000801}), raw or gzipped, or {@code null} for
   *     an unlabelled data set
   * @param padTo32 pad square images of even side up to 32 (28x28 gets 2 black pixels per side)
   * @return the images, named after the images file
   * @throws DatasetFormatException if a file is missing or malformed
   */
  public static InMemoryImageDataset load(Path images, Path labels, boolean padTo32) {
    return load(images, labels, padTo32 ? -1 : 0, List.of(), Integer.MAX_VALUE, null);
  }

  /**
   * Loads an images file and, optionally, its labels file, with every option.
   *
   * @param images IDX images file (magic {@code 0x00000803}), raw or gzipped
   * @param labels IDX labels file (magic {@code 0x00000801}), raw or gzipped, or {@code null} for
   *     an unlabelled data set
   * @param padding black pixels added on every side, in [0, 64]; or -1 to pad square images to
   *     32x32
   * @param classNames names indexed by label; empty to use the digits up to the largest label
   * @param limit the most images to keep (the first ones), at least 1 ({@code Integer.MAX_VALUE}
   *     for all)
   * @param name name of the data set, or {@code null} to derive it from the images file name
   * @return the images in file order
   * @throws IllegalArgumentException if an argument is out of range
   * @throws DatasetFormatException if a file is missing or malformed, the image and label counts
   *     differ, or a label has no class name
   */
  public static InMemoryImageDataset load(
      Path images, Path labels, int padding, List<String> classNames, int limit, String name) {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(classNames, "classNames");
    LoaderSupport.checkLimit(limit);
    if (padding < -1 || padding > 64) {
      throw new IllegalArgumentException(
          "padding must be in [0, 64], or -1 to pad to 32x32, found " + padding);
    }
    Header img = header(images, IMAGES_MAGIC, "images", "unsigned bytes, 3 dimensions");
    int count = img.dims[0];
    int rows = img.dims[1];
    int cols = img.dims[2];
    if (count < 1 || rows < 1 || cols < 1) {
      throw new DatasetFormatException(
          "IDX images file "
              + images
              + " declares "
              + count
              + " images of "
              + rows
              + "x"
              + cols
              + ", expected at least one image of at least 1x1; "
              + FIX);
    }
    if (rows > ImageInfo.MAX_SIDE || cols > ImageInfo.MAX_SIDE) {
      throw new DatasetFormatException(
          "IDX images file "
              + images
              + " declares images of "
              + rows
              + "x"
              + cols
              + ", but SameGAN's images have at most "
              + ImageInfo.MAX_SIDE
              + " pixels per side; "
              + FIX);
    }
    int pad = padding;
    if (padding == -1) {
      if (rows != cols || rows > 32 || (32 - rows) % 2 != 0) {
        throw new IllegalArgumentException(
            "padTo32 needs square images of even side at most 32, found "
                + rows
                + "x"
                + cols
                + " in "
                + images
                + "; pass an explicit padding instead");
      }
      pad = (32 - rows) / 2;
    }
    if (rows + 2 * pad > ImageInfo.MAX_SIDE || cols + 2 * pad > ImageInfo.MAX_SIDE) {
      throw new IllegalArgumentException(
          "padding "
              + pad
              + " makes the "
              + rows
              + "x"
              + cols
              + " images of "
              + images
              + " larger than "
              + ImageInfo.MAX_SIDE
              + " pixels per side; pass a smaller padding");
    }
    int n = Math.min(count, limit);
    ImageInfo info = new ImageInfo(1, rows + 2 * pad, cols + 2 * pad);
    long bytes = (long) n * info.pixels();
    String source =
        "IDX images file "
            + images
            + " ("
            + n
            + " images of "
            + info.height()
            + "x"
            + info.width()
            + ")";
    String lessFix = "pass a smaller limit to load fewer images";
    LoaderSupport.checkMemory(source, bytes, lessFix);
    verifyLength(img);
    Header lab = null;
    if (labels != null) {
      lab = header(labels, LABELS_MAGIC, "labels", "unsigned bytes, 1 dimension");
      if (lab.dims[0] != count) {
        throw new DatasetFormatException(
            "IDX labels file "
                + labels
                + " holds "
                + lab.dims[0]
                + " labels but images file "
                + images
                + " holds "
                + count
                + " images; expected one label per image; check that the two files belong to"
                + " the same split (train vs t10k)");
      }
      verifyLength(lab);
    }
    byte[] pixels = LoaderSupport.allocate(source, bytes, lessFix);
    try (InputStream in = body(img)) {
      byte[] image = new byte[rows * cols];
      for (int i = 0; i < n; i++) {
        readFully(in, image, images);
        int dst = i * info.pixels();
        for (int y = 0; y < rows; y++) {
          int to = dst + (y + pad) * info.width() + pad;
          System.arraycopy(image, y * cols, pixels, to, cols);
        }
      }
    } catch (IOException e) {
      throw readFailure(images, img.gzip, e);
    }
    int[] labelValues = null;
    if (lab != null) {
      byte[] values = new byte[n];
      try (InputStream in = body(lab)) {
        readFully(in, values, labels);
      } catch (IOException e) {
        throw readFailure(labels, lab.gzip, e);
      }
      labelValues = new int[n];
      for (int i = 0; i < n; i++) {
        labelValues[i] = values[i] & 0xFF;
      }
    }
    String dsName = name != null ? name : baseName(images);
    if (labelValues == null) {
      return InMemoryImageDataset.unlabelled(dsName, info, pixels);
    }
    List<String> names = classNames;
    int max = 0;
    for (int l : labelValues) {
      max = Math.max(max, l);
    }
    if (names.isEmpty()) {
      List<String> digits = new ArrayList<>();
      for (int i = 0; i <= max; i++) {
        digits.add(Integer.toString(i));
      }
      names = digits;
    } else if (max >= names.size()) {
      throw new DatasetFormatException(
          "IDX labels file "
              + labels
              + " holds label "
              + max
              + ", but only "
              + names.size()
              + " class names were given (labels must be in [0, "
              + names.size()
              + ")); check that the labels file belongs to this data set");
    }
    return InMemoryImageDataset.labelled(dsName, info, pixels, labelValues, names);
  }

  /**
   * Loads Fashion-MNIST from a folder holding the four standard files, e.g. {@link
   * #DEBIAN_FASHION_MNIST_DIR}: {@code train-images-idx3-ubyte.gz}, {@code
   * train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz}, {@code
   * t10k-labels-idx1-ubyte.gz} (each also accepted without {@code .gz}, or with a dot before {@code
   * idx}).
   *
   * @param dir the folder
   * @param train {@code true} for the 60,000 training images, {@code false} for the 10,000 test
   *     images
   * @param padTo32 pad the 28x28 images to 32x32 with black borders
   * @return labelled images with {@link #FASHION_MNIST_CLASSES}, named {@code fashion-mnist-train}
   *     or {@code fashion-mnist-test}
   * @throws DatasetFormatException if a file is missing or malformed
   */
  public static InMemoryImageDataset fashionMnist(Path dir, boolean train, boolean padTo32) {
    return standard(dir, train, padTo32, FASHION_MNIST_CLASSES, "fashion-mnist");
  }

  /**
   * Loads MNIST digits from a folder holding the four standard files (the same names as {@link
   * #fashionMnist}).
   *
   * @param dir the folder
   * @param train {@code true} for the training images, {@code false} for the test images
   * @param padTo32 pad the 28x28 images to 32x32 with black borders
   * @return labelled images with {@link #MNIST_CLASSES}, named {@code mnist-train} or {@code
   *     mnist-test}
   * @throws DatasetFormatException if a file is missing or malformed
   */
  public static InMemoryImageDataset mnist(Path dir, boolean train, boolean padTo32) {
    return standard(dir, train, padTo32, MNIST_CLASSES, "mnist");
  }

  private static InMemoryImageDataset standard(
      Path dir, boolean train, boolean padTo32, List<String> names, String base) {
    Objects.requireNonNull(dir, "dir");
    String prefix = train ? "train" : "t10k";
    Path images = find(dir, prefix + "-images", "idx3-ubyte", base);
    Path labels = find(dir, prefix + "-labels", "idx1-ubyte", base);
    return load(
        images,
        labels,
        padTo32 ? -1 : 0,
        names,
        Integer.MAX_VALUE,
        base + "-" + (train ? "train" : "test"));
  }

  private static Path find(Path dir, String stem, String suffix, String base) {
    List<Path> candidates =
        List.of(
            dir.resolve(stem + "-" + suffix + ".gz"),
            dir.resolve(stem + "-" + suffix),
            dir.resolve(stem + "." + suffix + ".gz"),
            dir.resolve(stem + "." + suffix));
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    String hint =
        base.equals("fashion-mnist")
            ? "on Debian, apt-get install dataset-fashion-mnist puts them in "
                + DEBIAN_FASHION_MNIST_DIR
            : "download the four IDX files into that folder";
    throw new DatasetFormatException(
        "no "
            + base
            + " file "
            + stem
            + " in "
            + dir
            + "; expected one of "
            + candidates
            + "; "
            + hint);
  }

  /**
   * An IDX file's header: its dimensions and size, read and checked without reading the values. A
   * raw file's length has been checked against the header; a gzipped file's is checked by {@link
   * #verifyLength}, which inflates it without keeping anything.
   */
  private record Header(
      Path file, String what, boolean gzip, int[] dims, int bytes, long expected) {}

  private static Header header(Path file, int magic, String what, String layout) {
    LoaderSupport.requireFile(file, "IDX " + what, FIX);
    boolean gz = isGzip(file);
    int ndims = magic & 0xFF;
    int headerBytes = 4 + 4 * ndims;
    byte[] head;
    try (InputStream in = open(file, gz)) {
      head = in.readNBytes(headerBytes);
    } catch (IOException e) {
      throw readFailure(file, gz, e);
    }
    if (head.length < 4) {
      throw new DatasetFormatException(
          "IDX "
              + what
              + " file "
              + file
              + " has "
              + head.length
              + (gz ? " bytes after decompression" : " bytes")
              + ", expected at least a 4-byte header starting with magic "
              + hex(magic)
              + "; "
              + FIX);
    }
    int actualMagic = readInt(head, 0);
    if (actualMagic != magic) {
      throw new DatasetFormatException(
          "IDX "
              + what
              + " file "
              + file
              + " starts with magic "
              + hex(actualMagic)
              + ", expected "
              + hex(magic)
              + " ("
              + layout
              + ")"
              + (actualMagic == (magic == IMAGES_MAGIC ? LABELS_MAGIC : IMAGES_MAGIC)
                  ? "; this looks like the "
                      + (magic == IMAGES_MAGIC ? "labels" : "images")
                      + " file, so images and labels may be swapped"
                  : "; it is not an IDX " + what + " file")
              + "; "
              + FIX);
    }
    if (head.length < headerBytes) {
      throw new DatasetFormatException(
          "IDX "
              + what
              + " file "
              + file
              + " has "
              + head.length
              + (gz ? " bytes after decompression" : " bytes")
              + ", expected at least the "
              + headerBytes
              + "-byte header; the file is truncated; "
              + FIX);
    }
    int[] dims = new int[ndims];
    long body = 1;
    for (int d = 0; d < ndims; d++) {
      dims[d] = readInt(head, 4 + 4 * d);
      if (dims[d] < 0) {
        throw new DatasetFormatException(
            "IDX "
                + what
                + " file "
                + file
                + " declares a negative dimension "
                + dims[d]
                + "; "
                + FIX);
      }
      body = body == 0 || dims[d] <= Long.MAX_VALUE / body ? body * dims[d] : Long.MAX_VALUE;
    }
    long expected = body > Long.MAX_VALUE - headerBytes ? Long.MAX_VALUE : headerBytes + body;
    Header h = new Header(file, what, gz, dims, headerBytes, expected);
    if (!gz) {
      long size = LoaderSupport.size(file);
      if (size != expected) {
        throw lengthMismatch(h, size, false);
      }
    }
    return h;
  }

  /**
   * Checks a gzipped file's length after decompression against its header, inflating it without
   * keeping the bytes and stopping soon after the declared end (a raw file's was checked by {@link
   * #header}).
   */
  private static void verifyLength(Header h) {
    if (!h.gzip) {
      return;
    }
    long found;
    try (InputStream in = open(h.file, true)) {
      long limit =
          h.expected > Long.MAX_VALUE - EXTRA_COUNTED ? Long.MAX_VALUE : h.expected + EXTRA_COUNTED;
      found = skipUpTo(in, limit);
      if (found == h.expected) {
        return;
      }
      if (found == limit) {
        throw lengthMismatch(h, found, true);
      }
    } catch (IOException e) {
      throw readFailure(h.file, true, e);
    }
    throw lengthMismatch(h, found, false);
  }

  private static DatasetFormatException lengthMismatch(Header h, long found, boolean atLeast) {
    StringBuilder dimsText = new StringBuilder();
    for (int d = 0; d < h.dims.length; d++) {
      dimsText.append(d == 0 ? "" : " x ").append(h.dims[d]);
    }
    return new DatasetFormatException(
        "IDX "
            + h.what
            + " file "
            + h.file
            + " has "
            + (atLeast ? "more than " : "")
            + found
            + (h.gzip ? " bytes after decompression" : " bytes")
            + ", but its header declares "
            + dimsText
            + " values, i.e. "
            + h.expected
            + " bytes including the "
            + h.bytes
            + "-byte header; the file is "
            + (found < h.expected ? "truncated" : "padded with extra data")
            + "; "
            + FIX);
  }

  /** Opens a file whose header {@link #header} read, positioned at its first value. */
  private static InputStream body(Header h) throws IOException {
    InputStream in = open(h.file, h.gzip);
    try {
      in.skipNBytes(h.bytes);
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return in;
  }

  private static InputStream open(Path file, boolean gz) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (!gz) {
      return raw;
    }
    try {
      return new GZIPInputStream(raw, 1 << 16);
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }

  /** Reads and discards up to {@code limit} bytes; returns how many there were. */
  private static long skipUpTo(InputStream in, long limit) throws IOException {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    while (total < limit) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, limit - total));
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  private static void readFully(InputStream in, byte[] buf, Path file) throws IOException {
    if (in.readNBytes(buf, 0, buf.length) != buf.length) {
      throw new DatasetFormatException(
          "IDX file "
              + file
              + " ended before the length it had a moment ago (was it modified while"
              + " reading?)");
    }
  }

  private static RuntimeException readFailure(Path file, boolean gz, IOException e) {
    if (gz && (e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException)) {
      return new DatasetFormatException(
          "IDX file "
              + file
              + " starts with the gzip magic 1f 8b but is not a valid gzip stream ("
              + e.getMessage()
              + "); "
              + FIX,
          e);
    }
    return new UncheckedIOException("cannot read " + file, e);
  }

  private static boolean isGzip(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(2);
      return head.length == 2 && (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }

  private static String hex(int v) {
    return String.format("0x%08X", v);
  }

  private static String baseName(Path file) {
    String n = file.getFileName().toString();
    return n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
  }
}
