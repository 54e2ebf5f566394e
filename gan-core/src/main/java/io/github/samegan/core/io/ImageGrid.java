package io.github.samegan.core.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Draws a batch of images as one PNG grid, the way people look at GAN samples and data sets: tiles
 * row by row with a 2-pixel dark gap, each pixel a {@code scale × scale} block, grayscale drawn as
 * gray, values in [−1, 1] (clipped).
 */
public final class ImageGrid {
  /** The largest upscaling factor. */
  public static final int MAX_SCALE = 16;

  /** The most pixels a grid may have (about 0.5 GB as RGB ints), checked before allocating. */
  public static final long MAX_PIXELS = 128L << 20;

  private ImageGrid() {}

  /**
   * Renders images {@code [N, C, H, W]} with values in [−1, 1] (clipped) into a grid with a 2-pixel
   * gap, upscaled by {@code scale}.
   *
   * @param images the batch (C = 1 or 3)
   * @param columns images per row (0 = √N rounded up)
   * @param scale integer upscaling factor (nearest neighbour) in [1, {@value #MAX_SCALE}]
   * @throws IllegalArgumentException for another shape, a scale out of range or a grid of more than
   *     {@link #MAX_PIXELS} pixels
   */
  public static BufferedImage render(INDArray images, int columns, int scale) {
    if (images.rank() != 4 || (images.size(1) != 1 && images.size(1) != 3)) {
      throw new IllegalArgumentException(
          "Expected images [N, 1 or 3, H, W], found " + java.util.Arrays.toString(images.shape()));
    }
    if (scale < 1 || scale > MAX_SCALE) {
      throw new IllegalArgumentException("scale must be in [1, " + MAX_SCALE + "], found " + scale);
    }
    int n = (int) images.size(0);
    int c = (int) images.size(1);
    int h = (int) images.size(2);
    int w = (int) images.size(3);
    int cols = columns > 0 ? columns : (int) Math.ceil(Math.sqrt(n));
    int rows = (n + cols - 1) / cols;
    int gap = 2;
    int cellW = w * scale + gap;
    int cellH = h * scale + gap;
    long pixels = ((long) cols * cellW + gap) * ((long) rows * cellH + gap);
    if (pixels > MAX_PIXELS) {
      throw new IllegalArgumentException(
          "A grid of "
              + n
              + " images of "
              + h
              + "x"
              + w
              + " at scale "
              + scale
              + " has "
              + pixels
              + " pixels, more than the "
              + MAX_PIXELS
              + " one grid may have; draw fewer images or a smaller scale");
    }
    BufferedImage img =
        new BufferedImage(cols * cellW + gap, rows * cellH + gap, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        img.setRGB(x, y, 0x202020);
      }
    }
    float[] v = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
    int plane = h * w;
    for (int i = 0; i < n; i++) {
      int ox = gap + (i % cols) * cellW;
      int oy = gap + (i / cols) * cellH;
      int base = i * c * plane;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int p = y * w + x;
          int r = toByte(v[base + p]);
          int g = c == 3 ? toByte(v[base + plane + p]) : r;
          int b = c == 3 ? toByte(v[base + 2 * plane + p]) : r;
          int rgb = (r << 16) | (g << 8) | b;
          for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
              img.setRGB(ox + x * scale + dx, oy + y * scale + dy, rgb);
            }
          }
        }
      }
    }
    return img;
  }

  /** Renders and writes a PNG atomically (temporary file, then rename). */
  public static void write(INDArray images, int columns, int scale, Path file) throws IOException {
    BufferedImage img = render(images, columns, scale);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = TemporaryFiles.createIn(dir, ".grid", ".png.tmp");
    try {
      if (!ImageIO.write(img, "png", tmp.toFile())) {
        throw new IOException("No PNG writer available");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static int toByte(float v) {
    float x = (v + 1f) * 127.5f;
    if (!(x >= 0f)) {
      return 0;
    }
    return x > 255f ? 255 : Math.round(x);
  }
}
