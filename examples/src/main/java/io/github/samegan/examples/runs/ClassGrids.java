package io.github.samegan.examples.runs;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.io.ImageGrid;
import io.github.samegan.core.train.Gan;
import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-class sample grids of a class-conditional GAN: one row per class, {@code perClass} samples in
 * each. {@code samegan sample --per-class} writes one; the conditional examples write one next to
 * every sample grid while they train.
 */
public final class ClassGrids {
  private ClassGrids() {}

  /**
   * {@code classes.length × perClass} samples, row {@code r} of class {@code classes[r]}, from
   * latent noise drawn from {@code rng}.
   *
   * @throws IllegalArgumentException if the GAN is unconditional or a class is out of range
   */
  public static INDArray sample(Gan gan, int[] classes, int perClass, Rng rng) {
    if (gan.numClasses() == 0) {
      throw new IllegalArgumentException(
          "This GAN is unconditional: it has no classes to put in rows");
    }
    if (perClass < 1 || classes.length == 0) {
      throw new IllegalArgumentException(
          "A class grid needs at least one class and one sample per class, found "
              + classes.length
              + " × "
              + perClass);
    }
    int[] c = new int[classes.length * perClass];
    for (int i = 0; i < c.length; i++) {
      c[i] = classes[i / perClass];
    }
    return gan.sample(rng.gaussian(gan.dataType(), c.length, gan.generator().latentDim()), c);
  }

  /** Writes {@link #sample} as a PNG grid with one row per class, upscaled by {@code scale}. */
  public static void write(Gan gan, int[] classes, int perClass, Rng rng, int scale, Path file)
      throws IOException {
    ImageGrid.write(sample(gan, classes, perClass, rng), perClass, scale, file);
  }

  /** Classes {@code 0 … k−1}. */
  public static int[] all(int k) {
    int[] c = new int[k];
    for (int i = 0; i < k; i++) {
      c[i] = i;
    }
    return c;
  }

  /** {@code min(rows, k)} classes spread evenly over {@code 0 … k−1} (e.g. 0, 10, 20, … of 100). */
  public static int[] spread(int k, int rows) {
    int n = Math.min(rows, k);
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      c[i] = (int) ((long) i * k / n);
    }
    return c;
  }
}
