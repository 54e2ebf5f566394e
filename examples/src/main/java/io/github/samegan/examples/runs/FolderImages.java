package io.github.samegan.examples.runs;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.data.loaders.ImageFolderDataset;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Streams the image files under a folder (recursively, in sorted path order) as batches {@code [B,
 * C, H, W]} in [−1, 1], decoding each batch when it is asked for: only one batch of images is in
 * memory at a time. Images of another size are resized (bilinear), or refused by a strict instance
 * ({@link #strict}: detectors, which resizing would blind); RGB becomes gray by the Rec. 601 luma
 * and gray is repeated to RGB, as {@link ImageFolderDataset} does.
 */
public final class FolderImages implements ImageBatches {
  private final Path root;
  private final List<Path> files;
  private final ImageShape shape;
  private final int batch;
  private final String refuseOtherSizes;
  private int next;
  private int resized;

  public FolderImages(Path root, ImageShape shape, int batch) {
    this(root, shape, batch, null);
  }

  /**
   * Images that must already have the target's height and width: another size is an error that ends
   * with {@code why}.
   */
  public static FolderImages strict(Path root, ImageShape shape, int batch, String why) {
    return new FolderImages(root, shape, batch, why);
  }

  private FolderImages(Path root, ImageShape shape, int batch, String refuseOtherSizes) {
    this.root = root;
    this.refuseOtherSizes = refuseOtherSizes;
    if (!Files.isDirectory(root)) {
      throw new SameGanException("Image folder not found: " + root);
    }
    try (Stream<Path> s = Files.walk(root)) {
      this.files = s.filter(Files::isRegularFile).filter(FolderImages::isImage).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root, e);
    }
    if (files.isEmpty()) {
      throw new SameGanException(
          "Image folder " + root + " holds no image files (" + ImageFolderDataset.EXTENSIONS + ")");
    }
    this.shape = shape;
    this.batch = batch;
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    return dot > 0 && ImageFolderDataset.EXTENSIONS.contains(n.substring(dot + 1));
  }

  /** The image files, in the order their images come. */
  public List<Path> files() {
    return files;
  }

  /** Number of image files. */
  @Override
  public int count() {
    return files.size();
  }

  /** How many images so far had another size and were resized. */
  @Override
  public int resized() {
    return resized;
  }

  @Override
  public boolean hasNext() {
    return next < files.size();
  }

  @Override
  public INDArray next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int b = Math.min(batch, files.size() - next);
    int c = shape.channels();
    int h = shape.height();
    int w = shape.width();
    float[] data = new float[b * c * h * w];
    for (int i = 0; i < b; i++) {
      Path f = files.get(next + i);
      BufferedImage img;
      try {
        img = ImageIO.read(f.toFile());
      } catch (IOException e) {
        throw new SameGanException("Cannot read image " + f + ": " + e.getMessage(), e);
      }
      if (img == null) {
        throw new SameGanException("Cannot decode image " + f);
      }
      if ((img.getWidth() != w || img.getHeight() != h) && refuseOtherSizes != null) {
        throw new SameGanException(
            "Image "
                + f
                + " is "
                + img.getWidth()
                + "x"
                + img.getHeight()
                + " pixels but "
                + shape.width()
                + "x"
                + shape.height()
                + " are needed (the folder "
                + root
                + " must hold images of that"
                + " size only); "
                + refuseOtherSizes);
      }
      if (toChw(img, shape, data, i * c * h * w)) {
        resized++;
      }
    }
    next += b;
    return Nd4j.create(data, new long[] {b, c, h, w}, DataType.FLOAT);
  }

  /**
   * Writes one decoded image into {@code data} from {@code base} as CHW values in [−1, 1] ({@link
   * ImageBytes#level}): resized with bilinear interpolation when its size differs from {@code
   * shape}, RGB turned gray by the Rec. 601 luma (rounded to a byte) and gray repeated to RGB.
   *
   * @return whether the image was resized
   */
  static boolean toChw(BufferedImage img, ImageShape shape, float[] data, int base) {
    int c = shape.channels();
    int h = shape.height();
    int w = shape.width();
    boolean resize = img.getWidth() != w || img.getHeight() != h;
    if (resize) {
      BufferedImage r = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = r.createGraphics();
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(img, 0, 0, w, h, null);
      g.dispose();
      img = r;
    }
    boolean gray = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r;
        int gr;
        int bl;
        if (gray) {
          r = gr = bl = img.getRaster().getSample(x, y, 0);
        } else {
          int rgb = img.getRGB(x, y);
          r = (rgb >> 16) & 0xff;
          gr = (rgb >> 8) & 0xff;
          bl = rgb & 0xff;
        }
        if (c == 1) {
          double luma = gray ? r : 0.299 * r + 0.587 * gr + 0.114 * bl;
          data[base + y * w + x] = ImageBytes.level((int) Math.round(luma));
        } else {
          data[base + y * w + x] = ImageBytes.level(r);
          data[base + h * w + y * w + x] = ImageBytes.level(gr);
          data[base + 2 * h * w + y * w + x] = ImageBytes.level(bl);
        }
      }
    }
    return resize;
  }
}
