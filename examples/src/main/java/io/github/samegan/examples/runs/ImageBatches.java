package io.github.samegan.examples.runs;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Images read from files batch by batch as {@code [B, C, H, W]} in [−1, 1]: a folder of image files
 * ({@link FolderImages}) or a numpy array of 8-bit images ({@link NpzImages}). Both convert pixels
 * the same way, so the same images give the same batches whichever way they were stored.
 */
public interface ImageBatches extends Iterator<INDArray>, Closeable {
  /** Number of images. */
  int count();

  /** How many images so far had another size and were resized. */
  int resized();

  @Override
  default void close() throws IOException {}

  /** Whether {@code path} names a numpy array file ({@code .npz} or {@code .npy}). */
  static boolean isArrayFile(Path path) {
    String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".npz") || n.endsWith(".npy");
  }

  /**
   * Opens a folder or an array file.
   *
   * @param shape the shape the batches have (other sizes are resized, channels converted)
   * @throws SameGanException if the path is neither, or holds no images SameGAN reads
   */
  static ImageBatches open(Path path, ImageShape shape, int batch) throws IOException {
    if (isArrayFile(path)) {
      return NpzImages.open(path, shape, batch);
    }
    return new FolderImages(path, shape, batch);
  }

  /**
   * The shape of the stored images: the array's, or the first file's of a folder (gray when it is a
   * one-channel image, else RGB).
   */
  static ImageShape storedShape(Path path) throws IOException {
    if (isArrayFile(path)) {
      return NpzImages.storedShape(path);
    }
    FolderImages folder = new FolderImages(path, ImageShape.rgb(1), 1);
    Path first = folder.files().get(0);
    BufferedImage img = ImageIO.read(first.toFile());
    if (img == null) {
      throw new SameGanException("Cannot decode image " + first);
    }
    int c = img.getType() == BufferedImage.TYPE_BYTE_GRAY ? 1 : 3;
    return new ImageShape(c, img.getHeight(), img.getWidth());
  }
}
