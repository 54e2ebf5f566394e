package io.github.samegan.examples.runs;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.data.npy.NpyDtype;
import io.github.samegan.data.npy.NpyHeader;
import io.github.samegan.data.npy.NpyReader;
import io.github.samegan.data.npy.NpzReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Streams 8-bit images from a numpy array, {@code uint8 [N, H, W, C]} (C = 1 or 3, channels last)
 * or {@code [N, H, W]} (gray), in a {@code .npy} file or a {@code .npz} archive (the array {@value
 * #KEY}, which {@code np.savez(path, images)} and {@code samegan sample --format npz} write, or the
 * archive's only array). One batch of images is in memory at a time; each image is converted
 * exactly as {@link FolderImages} converts an image file (so a folder of PNGs and an array of the
 * same pixels give the same batches).
 */
public final class NpzImages implements ImageBatches {
  /** The array read from a {@code .npz} archive that holds more than one. */
  public static final String KEY = "arr_0";

  private final Path file;
  private final NpzReader archive;
  private final NpyReader reader;
  private final ImageShape stored;
  private final ImageShape shape;
  private final int count;
  private final int batch;
  private int next;
  private int resized;

  private NpzImages(
      Path file, NpzReader archive, NpyReader reader, ImageShape shape, int batch, String where) {
    this.file = file;
    this.archive = archive;
    this.reader = reader;
    this.stored = shapeOf(reader.header(), where);
    this.count = (int) reader.header().dimension(0);
    this.shape = shape == null ? stored : shape;
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, found " + batch);
    }
    this.batch = batch;
  }

  /**
   * Opens an array file.
   *
   * @param shape the shape of the batches ({@code null}: the stored images' own)
   * @throws SameGanException if the file holds no 8-bit image array (with what it holds instead)
   */
  public static NpzImages open(Path file, ImageShape shape, int batch) throws IOException {
    NpzReader archive = null;
    NpyReader reader = null;
    try {
      String where;
      if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
        archive = NpzReader.open(file);
        String key = imageKey(archive);
        reader = archive.open(key);
        where = file + ": array '" + key + "'";
      } else {
        reader = NpyReader.open(file);
        where = file.toString();
      }
      return new NpzImages(file, archive, reader, shape, batch, where);
    } catch (IOException | RuntimeException e) {
      if (reader != null) {
        reader.close();
      }
      if (archive != null) {
        archive.close();
      }
      throw e;
    }
  }

  /** The shape of the images an array file holds. */
  public static ImageShape storedShape(Path file) throws IOException {
    try (NpzImages images = open(file, null, 1)) {
      return images.stored;
    }
  }

  private static String imageKey(NpzReader archive) {
    List<String> keys = archive.keys();
    if (keys.contains(KEY)) {
      return KEY;
    }
    if (keys.size() == 1) {
      return keys.get(0);
    }
    throw new SameGanException(
        archive.file()
            + " holds the arrays "
            + keys
            + "; images are read from '"
            + KEY
            + "' (what np.savez(path, images) writes) or from an archive's only array");
  }

  private static ImageShape shapeOf(NpyHeader h, String where) {
    long[] s = h.shape();
    String fix =
        "; expected 8-bit images uint8 [N, H, W, C] with C = 1 or 3 (channels last) or [N, H, W]";
    if (h.dtype() != NpyDtype.UINT8) {
      throw new SameGanException(
          where
              + " holds "
              + h.descr()
              + " values"
              + fix
              + " (convert floats in [0, 1] with (x * 255).round().clip(0, 255).astype(np.uint8))");
    }
    boolean nhwc = s.length == 4 && (s[3] == 1 || s[3] == 3);
    if (s.length == 3 && (s[2] == 1 || s[2] == 3)) {
      throw new SameGanException(
          where
              + " holds an array of shape "
              + Arrays.toString(s)
              + ", which looks like one image [H, W, C]"
              + fix
              + ": save images[None] for a set of one");
    }
    if (!(nhwc || s.length == 3)) {
      boolean nchw = s.length == 4 && (s[1] == 1 || s[1] == 3);
      throw new SameGanException(
          where
              + " holds an array of shape "
              + Arrays.toString(s)
              + fix
              + (nchw
                  ? "; this looks like channels first [N, C, H, W]: save"
                      + " x.transpose(0, 2, 3, 1) instead"
                  : ""));
    }
    if (s[0] > Integer.MAX_VALUE || s[1] < 1 || s[2] < 1 || s[1] > 65535 || s[2] > 65535) {
      throw new SameGanException(
          where + " holds an array of shape " + Arrays.toString(s) + ", too large or empty" + fix);
    }
    return new ImageShape(nhwc ? (int) s[3] : 1, (int) s[1], (int) s[2]);
  }

  /** The shape of the stored images. */
  public ImageShape storedShape() {
    return stored;
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  @Override
  public int count() {
    return count;
  }

  @Override
  public int resized() {
    return resized;
  }

  @Override
  public boolean hasNext() {
    return next < count;
  }

  @Override
  public INDArray next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int b = Math.min(batch, count - next);
    int sc = stored.channels();
    int sh = stored.height();
    int sw = stored.width();
    int imageBytes = sc * sh * sw;
    byte[] pixels = new byte[b * imageBytes];
    try {
      reader.readBytes(pixels, 0, pixels.length);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read images from " + file, e);
    }
    int c = shape.channels();
    int plane = shape.height() * shape.width();
    float[] data = new float[b * c * plane];
    BufferedImage img =
        new BufferedImage(
            sw, sh, sc == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    int[] rgb = sc == 1 ? null : new int[sh * sw];
    for (int i = 0; i < b; i++) {
      int o = i * imageBytes;
      if (sc == 1) {
        img.getRaster().setDataElements(0, 0, sw, sh, Arrays.copyOfRange(pixels, o, o + sh * sw));
      } else {
        for (int p = 0; p < sh * sw; p++) {
          int q = o + 3 * p;
          rgb[p] = (pixels[q] & 0xFF) << 16 | (pixels[q + 1] & 0xFF) << 8 | (pixels[q + 2] & 0xFF);
        }
        img.setRGB(0, 0, sw, sh, rgb, 0, sw);
      }
      if (FolderImages.toChw(img, shape, data, i * c * plane)) {
        resized++;
      }
    }
    next += b;
    return Nd4j.create(data, new long[] {b, c, shape.height(), shape.width()}, DataType.FLOAT);
  }

  @Override
  public void close() throws IOException {
    try {
      reader.close();
    } finally {
      if (archive != null) {
        archive.close();
      }
    }
  }
}
