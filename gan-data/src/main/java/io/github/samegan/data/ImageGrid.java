package io.github.samegan.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Renders images in [-1, 1] as a PNG grid for a person to look at.
 *
 * <p>Tiles are laid out row by row, {@code columns} per row, separated by a one-pixel dark gray
 * border, each pixel drawn as a {@code scale x scale} block. Grayscale images are drawn as gray.
 */
public final class ImageGrid {

  private static final int BORDER_RGB = 0x202020;

  private ImageGrid() {}

  /**
   * Renders the first {@code count} images of a data set.
   *
   * @param dataset the images
   * @param count number of images, in {@code [1, dataset.size()]}
   * @param columns tiles per row, at least 1
   * @param scale pixel magnification, in [1, 16]
   * @return the grid image
   */
  public static BufferedImage render(ImageDataset dataset, int count, int columns, int scale) {
    Objects.requireNonNull(dataset, "dataset");
    if (count < 1 || count > dataset.size()) {
      throw new IllegalArgumentException(
          "count must be in [1, " + dataset.size() + "], found " + count);
    }
    ImageInfo info = dataset.info();
    float[] all = new float[Math.multiplyExact(count, info.pixels())];
    for (int i = 0; i < count; i++) {
      dataset.copyImage(i, all, i * info.pixels());
    }
    return render(all, count, info, columns, scale);
  }

  /**
   * Renders a batch of shape {@code [B, C, H, W]} with values in [-1, 1] (values outside are
   * clipped), e.g. generator samples or a {@link BatchIterator} batch.
   *
   * @param batch a rank-4 array with 1 or 3 channels
   * @param columns tiles per row, at least 1
   * @param scale pixel magnification, in [1, 16]
   * @return the grid image
   */
  public static BufferedImage render(INDArray batch, int columns, int scale) {
    Objects.requireNonNull(batch, "batch");
    if (batch.rank() != 4) {
      throw new IllegalArgumentException(
          "batch must have shape [B, C, H, W], found rank " + batch.rank());
    }
    long[] s = batch.shape();
    ImageInfo info = new ImageInfo((int) s[1], (int) s[2], (int) s[3]);
    float[] data = batch.dup('c').castTo(DataType.FLOAT).data().asFloat();
    return render(data, (int) s[0], info, columns, scale);
  }

  /**
   * Renders the first {@code count} images of a data set and writes them as a PNG file, creating
   * parent folders as needed.
   *
   * @param dataset the images
   * @param count number of images, in {@code [1, dataset.size()]}
   * @param columns tiles per row, at least 1
   * @param scale pixel magnification, in [1, 16]
   * @param file destination PNG file
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writePng(
      ImageDataset dataset, int count, int columns, int scale, Path file) {
    writePng(render(dataset, count, columns, scale), file);
  }

  /**
   * Renders a {@code [B, C, H, W]} batch in [-1, 1] and writes it as a PNG file.
   *
   * @param batch a rank-4 array with 1 or 3 channels
   * @param columns tiles per row, at least 1
   * @param scale pixel magnification, in [1, 16]
   * @param file destination PNG file
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writePng(INDArray batch, int columns, int scale, Path file) {
    writePng(render(batch, columns, scale), file);
  }

  private static void writePng(BufferedImage image, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IOException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write image grid to " + file, e);
    }
  }

  private static BufferedImage render(
      float[] data, int count, ImageInfo info, int columns, int scale) {
    if (columns < 1) {
      throw new IllegalArgumentException("columns must be at least 1, found " + columns);
    }
    if (scale < 1 || scale > 16) {
      throw new IllegalArgumentException("scale must be in [1, 16], found " + scale);
    }
    int cols = Math.min(columns, count);
    int rows = (count + cols - 1) / cols;
    int tileW = info.width() * scale;
    int tileH = info.height() * scale;
    int width = cols * (tileW + 1) + 1;
    int height = rows * (tileH + 1) + 1;
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out.setRGB(x, y, BORDER_RGB);
      }
    }
    int plane = info.height() * info.width();
    for (int n = 0; n < count; n++) {
      int x0 = 1 + (n % cols) * (tileW + 1);
      int y0 = 1 + (n / cols) * (tileH + 1);
      int base = n * info.pixels();
      for (int y = 0; y < info.height(); y++) {
        for (int x = 0; x < info.width(); x++) {
          int p = base + y * info.width() + x;
          int r = toByte(data[p]);
          int g = info.channels() == 3 ? toByte(data[p + plane]) : r;
          int b = info.channels() == 3 ? toByte(data[p + 2 * plane]) : r;
          int rgb = (r << 16) | (g << 8) | b;
          for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
              out.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
            }
          }
        }
      }
    }
    return out;
  }

  private static int toByte(float v) {
    float c = Math.max(-1f, Math.min(1f, v));
    return Math.round((c + 1f) * 127.5f);
  }
}
