package io.github.samegan.data.loaders;

import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a folder of image files (PNG, JPEG, BMP, GIF: whatever {@link ImageIO} reads).
 *
 * <p>Two layouts are recognised:
 *
 * <ul>
 *   <li><b>Labelled</b>: the folder holds one sub-folder per class; the class names are the
 *       sub-folder names in sorted order and the images are those directly inside each sub-folder.
 *       Image files directly in the root are then an error.
 *   <li><b>Flat</b>: the folder holds image files and no sub-folder; the data set is unlabelled.
 * </ul>
 *
 * <p>Files are read in sorted name order; files whose extension is not an image extension are
 * ignored. Each image is center-cropped to the target aspect ratio, resized to the target height
 * and width (area averaging when shrinking, bilinear interpolation when enlarging), and converted
 * to the target channel count: grayscale is replicated to RGB, RGB becomes gray by the Rec. 601
 * luma {@code 0.299 R + 0.587 G + 0.114 B}. Alpha is ignored. 8-bit grayscale files are read as
 * stored, without colour-space conversion.
 *
 * <p>Each file's size is read from its header before it is decoded: an image of more than {@link
 * #maxImagePixels()} pixels (100 million by default) or too large to decode in the heap is refused
 * with a {@link DatasetFormatException} naming it, so a small file that declares a huge image (a
 * decompression bomb) never exhausts memory.
 */
public final class ImageFolderDataset {

  /** File extensions (lower case) treated as images. */
  public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  /**
   * The default limit on one image's pixel count: 100 million (e.g. 10000x10000), more than today's
   * largest camera photos.
   */
  public static final long DEFAULT_MAX_IMAGE_PIXELS = 100_000_000L;

  /** The system property that sets the limit on one image's pixel count. */
  public static final String MAX_IMAGE_PIXELS_PROPERTY = "samegan.data.maxImagePixels";

  /**
   * Heap bytes that decoding needs per pixel, at most: the decoded image (up to 4), its ARGB values
   * (4) and three float planes (12).
   */
  private static final long DECODE_BYTES_PER_PIXEL = 20;

  private static final Logger LOG = LoggerFactory.getLogger(ImageFolderDataset.class);

  private ImageFolderDataset() {}

  /**
   * Loads every image under {@code root}.
   *
   * @param root the folder
   * @param target channels (1 or 3), height and width of the loaded images
   * @return the images, named after the folder
   * @throws DatasetFormatException if the folder is missing, empty or mixes layouts, or a file
   *     cannot be decoded or is too large
   */
  public static InMemoryImageDataset load(Path root, ImageInfo target) {
    return load(root, target, Integer.MAX_VALUE);
  }

  /**
   * Loads the first {@code limit} images under {@code root} (in class, then file name order).
   *
   * @param root the folder
   * @param target channels (1 or 3), height and width of the loaded images
   * @param limit the most images to load, at least 1 ({@code Integer.MAX_VALUE} for all)
   * @return the images, named after the folder
   * @throws DatasetFormatException if the folder is missing, empty or mixes layouts, or a file
   *     cannot be decoded or is too large
   */
  public static InMemoryImageDataset load(Path root, ImageInfo target, int limit) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(target, "target");
    LoaderSupport.checkLimit(limit);
    if (!Files.isDirectory(root)) {
      throw new DatasetFormatException(
          "image folder "
              + root
              + " does not exist or is not a folder; pass a folder of images"
              + " or of one sub-folder per class");
    }
    List<Path> dirs = new ArrayList<>();
    List<Path> rootImages = new ArrayList<>();
    for (Path p : list(root)) {
      if (Files.isDirectory(p)) {
        dirs.add(p);
      } else if (isImage(p)) {
        rootImages.add(p);
      } else {
        LOG.debug("Skipping {}: not an image file (extensions {})", p, EXTENSIONS);
      }
    }
    List<Path> files = new ArrayList<>();
    List<Integer> fileLabels = new ArrayList<>();
    List<String> classNames = new ArrayList<>();
    if (dirs.isEmpty()) {
      files.addAll(rootImages);
    } else {
      if (!rootImages.isEmpty()) {
        throw new DatasetFormatException(
            "image folder "
                + root
                + " has class sub-folders "
                + names(dirs)
                + " and also "
                + rootImages.size()
                + " image files directly inside it (e.g. "
                + rootImages.get(0).getFileName()
                + "); move those files into a class sub-folder, or use a folder without"
                + " sub-folders for unlabelled images");
      }
      for (Path dir : dirs) {
        int label = classNames.size();
        classNames.add(dir.getFileName().toString());
        for (Path p : list(dir)) {
          if (Files.isRegularFile(p) && isImage(p)) {
            files.add(p);
            fileLabels.add(label);
          } else {
            LOG.debug("Skipping {}: not an image file (extensions {})", p, EXTENSIONS);
          }
        }
      }
    }
    if (files.isEmpty()) {
      throw new DatasetFormatException(
          "image folder "
              + root
              + " holds no image files (extensions "
              + EXTENSIONS
              + ")"
              + (dirs.isEmpty() ? "" : " in its sub-folders " + names(dirs)));
    }
    int n = Math.min(files.size(), limit);
    int per = target.pixels();
    long maxPixels = maxImagePixels();
    byte[] pixels =
        LoaderSupport.allocate(
            "image folder " + root + " (" + n + " images of " + target + ")",
            (long) n * per,
            "pass a smaller limit or image size");
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      decode(files.get(i).toFile(), files.get(i), target, false, pixels, i * per, maxPixels);
      labels[i] = dirs.isEmpty() ? -1 : fileLabels.get(i);
    }
    LOG.debug("Loaded {} images of {} from {}", n, target, root);
    String name = root.getFileName() == null ? root.toString() : root.getFileName().toString();
    if (dirs.isEmpty()) {
      return InMemoryImageDataset.unlabelled(name, target, pixels);
    }
    return InMemoryImageDataset.labelled(name, target, pixels, labels, classNames);
  }

  /**
   * Decodes one encoded image (e.g. a PNG's bytes from a table) exactly as {@link #load} decodes a
   * file: the same size limit, crop, resize and channel conversion, into 8-bit pixels.
   *
   * @param encoded the file's bytes
   * @param name names the image in error messages (e.g. its path or row)
   * @param target channels, height and width of the result
   * @param exactSize refuse an image of another height or width instead of resizing it (for
   *     detectors, which resizing would blind)
   * @param out receives {@code target.pixels()} bytes from {@code offset}
   * @throws DatasetFormatException if the bytes are no readable image, the image is too large, or
   *     (with {@code exactSize}) it has another size
   */
  public static void decode(
      byte[] encoded, String name, ImageInfo target, boolean exactSize, byte[] out, int offset) {
    Objects.requireNonNull(encoded, "encoded");
    Objects.requireNonNull(target, "target");
    decode(
        new java.io.ByteArrayInputStream(encoded),
        name,
        target,
        exactSize,
        out,
        offset,
        maxImagePixels());
  }

  private static void decode(
      Object input,
      Object file,
      ImageInfo target,
      boolean exactSize,
      byte[] out,
      int offset,
      long maxPixels) {
    BufferedImage image;
    try (ImageInputStream in = ImageIO.createImageInputStream(input)) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new DatasetFormatException(
            "image file "
                + file
                + " is not in a format ImageIO can read; expected PNG, JPEG, BMP or GIF; replace or"
                + " remove the file");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        checkSize(file, w, h, maxPixels);
        if (exactSize && (w != target.width() || h != target.height())) {
          throw new DatasetFormatException(
              "image "
                  + file
                  + " is "
                  + w
                  + "x"
                  + h
                  + " pixels but exactly "
                  + target.width()
                  + "x"
                  + target.height()
                  + " are needed (it is not resized); resize the images yourself first");
        }
        try {
          image = reader.read(0, reader.getDefaultReadParam());
        } catch (OutOfMemoryError e) {
          throw tooLargeToDecode(file, w, h, "more than this JVM's heap has free", e);
        }
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof DatasetFormatException d) {
        throw d;
      }
      throw new DatasetFormatException(
          "image file "
              + file
              + " cannot be decoded ("
              + e.getMessage()
              + "); expected a valid PNG, JPEG, BMP or GIF; replace or remove the file",
          e);
    }
    try {
      convert(image, target, out, offset);
    } catch (OutOfMemoryError e) {
      throw tooLargeToDecode(
          file, image.getWidth(), image.getHeight(), "more than this JVM's heap has free", e);
    }
  }

  /** Crops, resizes and converts a decoded image into {@code out} at {@code offset}. */
  private static void convert(BufferedImage image, ImageInfo target, byte[] out, int offset) {
    int w = image.getWidth();
    int h = image.getHeight();
    // Read the source as float planes: 1 plane for 8/16-bit gray, 3 for everything else.
    Raster raster = image.getRaster();
    boolean gray =
        raster.getNumBands() == 1 && image.getColorModel().getColorSpace().getNumComponents() == 1;
    int srcChannels = gray ? 1 : 3;
    float[] src = new float[srcChannels * w * h];
    if (gray) {
      int bits = image.getColorModel().getComponentSize(0);
      float scale = 255f / ((1 << bits) - 1);
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        raster.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          src[y * w + x] = row[x] * scale;
        }
      }
    } else {
      int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
      int plane = w * h;
      for (int i = 0; i < plane; i++) {
        src[i] = (argb[i] >> 16) & 0xFF;
        src[plane + i] = (argb[i] >> 8) & 0xFF;
        src[2 * plane + i] = argb[i] & 0xFF;
      }
    }
    // Center-crop to the target aspect ratio.
    double targetAspect = (double) target.width() / target.height();
    double cw = w;
    double ch = h;
    if ((double) w / h > targetAspect) {
      cw = h * targetAspect;
    } else {
      ch = w / targetAspect;
    }
    double cx0 = (w - cw) / 2;
    double cy0 = (h - ch) / 2;
    Resampler rx = new Resampler(w, cx0, cw, target.width());
    Resampler ry = new Resampler(h, cy0, ch, target.height());
    float[][] planes = new float[srcChannels][];
    for (int c = 0; c < srcChannels; c++) {
      planes[c] = resize(src, c * w * h, w, h, rx, ry);
    }
    int plane = target.height() * target.width();
    for (int c = 0; c < target.channels(); c++) {
      for (int i = 0; i < plane; i++) {
        float v;
        if (srcChannels == target.channels()) {
          v = planes[c][i];
        } else if (srcChannels == 1) {
          v = planes[0][i];
        } else {
          v = 0.299f * planes[0][i] + 0.587f * planes[1][i] + 0.114f * planes[2][i];
        }
        out[offset + c * plane + i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }

  /**
   * Refuses an image whose header declares more than {@code maxPixels} pixels, or more than the
   * heap can hold while decoding it, before any pixel is decoded.
   */
  private static void checkSize(Object file, int w, int h, long maxPixels) {
    long pixels = (long) w * h;
    if (w < 1 || h < 1) {
      throw new DatasetFormatException(
          "image file "
              + file
              + " declares a size of "
              + w
              + "x"
              + h
              + "; replace or remove the file");
    }
    if (pixels > maxPixels) {
      throw new DatasetFormatException(
          "image file "
              + file
              + " declares "
              + w
              + "x"
              + h
              + " = "
              + pixels
              + " pixels, more than the limit of "
              + maxPixels
              + " pixels per image; shrink the image, or raise the limit with -D"
              + MAX_IMAGE_PIXELS_PROPERTY
              + "=PIXELS (the samegan command reads SAMEGAN_JAVA_OPTS)");
    }
    long heap = Runtime.getRuntime().maxMemory();
    if (pixels * DECODE_BYTES_PER_PIXEL > heap) {
      throw tooLargeToDecode(
          file, w, h, "more than this JVM's whole heap of " + heap + " bytes", null);
    }
  }

  private static DatasetFormatException tooLargeToDecode(
      Object file, int w, int h, String available, OutOfMemoryError cause) {
    return new DatasetFormatException(
        "image file "
            + file
            + " declares "
            + w
            + "x"
            + h
            + " pixels, which need about "
            + (long) w * h * DECODE_BYTES_PER_PIXEL
            + " bytes to decode, "
            + available
            + "; shrink the image, or "
            + LoaderSupport.MORE_HEAP,
        cause);
  }

  /**
   * The limit on one image's pixel count (width times height, read from its header before it is
   * decoded): the system property {@value #MAX_IMAGE_PIXELS_PROPERTY} if set, else {@value
   * #DEFAULT_MAX_IMAGE_PIXELS}.
   *
   * @throws IllegalArgumentException if the property is not a positive whole number
   */
  public static long maxImagePixels() {
    String v = System.getProperty(MAX_IMAGE_PIXELS_PROPERTY);
    if (v == null || v.isBlank()) {
      return DEFAULT_MAX_IMAGE_PIXELS;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "System property "
            + MAX_IMAGE_PIXELS_PROPERTY
            + " must be a positive whole number of pixels, found '"
            + v
            + "'");
  }

  private static float[] resize(float[] src, int off, int w, int h, Resampler rx, Resampler ry) {
    int tw = rx.outSize;
    int th = ry.outSize;
    float[] tmp = new float[h * tw];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < tw; x++) {
        float acc = 0;
        for (int k = rx.start[x]; k < rx.start[x] + rx.weights[x].length; k++) {
          acc += rx.weights[x][k - rx.start[x]] * src[off + y * w + k];
        }
        tmp[y * tw + x] = acc;
      }
    }
    float[] out = new float[th * tw];
    for (int y = 0; y < th; y++) {
      for (int k = ry.start[y]; k < ry.start[y] + ry.weights[y].length; k++) {
        float wgt = ry.weights[y][k - ry.start[y]];
        for (int x = 0; x < tw; x++) {
          out[y * tw + x] += wgt * tmp[k * tw + x];
        }
      }
    }
    return out;
  }

  /**
   * One-dimensional resampling weights from a source window {@code [from, from + length)} of an
   * axis of {@code inSize} pixels onto {@code outSize} pixels.
   */
  private static final class Resampler {
    final int outSize;
    final int[] start;
    final float[][] weights;

    Resampler(int inSize, double from, double length, int outSize) {
      this.outSize = outSize;
      this.start = new int[outSize];
      this.weights = new float[outSize][];
      double step = length / outSize;
      for (int o = 0; o < outSize; o++) {
        if (step >= 1.0) {
          // Area averaging: each source pixel weighted by its overlap with [a, b).
          double a = from + o * step;
          double b = a + step;
          int i0 = (int) Math.floor(a);
          int i1 = Math.min(inSize, (int) Math.ceil(b));
          float[] wts = new float[i1 - i0];
          for (int i = i0; i < i1; i++) {
            double overlap = Math.min(b, i + 1) - Math.max(a, i);
            wts[i - i0] = (float) (Math.max(0, overlap) / step);
          }
          start[o] = i0;
          weights[o] = wts;
        } else {
          // Bilinear: interpolate between the two nearest source pixel centres.
          double centre = from + (o + 0.5) * step - 0.5;
          centre = Math.max(0, Math.min(inSize - 1, centre));
          int i0 = (int) Math.floor(centre);
          int i1 = Math.min(inSize - 1, i0 + 1);
          float t = (float) (centre - i0);
          start[o] = i0;
          weights[o] = i1 == i0 ? new float[] {1f} : new float[] {1f - t, t};
        }
      }
    }
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static List<String> names(List<Path> paths) {
    return paths.stream().map(p -> p.getFileName().toString()).toList();
  }
}
