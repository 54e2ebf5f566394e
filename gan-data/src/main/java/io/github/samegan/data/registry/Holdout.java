package io.github.samegan.data.registry;

import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.data.loaders.Split;
import java.util.Arrays;

/**
 * The seeded 10 % hold-out that stands in for the test split of data sets without an official one
 * (the embedded shapes, image folders): the same images every time, and a training split of the
 * other 90 %.
 *
 * <p>The held-out indices are the first {@code max(1, round(0.1 n))} of a Fisher–Yates permutation
 * of {@code 0..n-1} drawn from a SplitMix64 generator seeded with {@value #SEED}. This is exactly
 * the permutation of gan-core's {@code Rng(0).permutation(n)}, re-expressed here because gan-data
 * depends on ND4J only; a test in the examples module checks the two agree. Both splits keep the
 * data set's order.
 */
public final class Holdout {

  /** Seed of the hold-out permutation. */
  public static final long SEED = 0;

  /** Fraction of the images held out as the test split. */
  public static final double FRACTION = 0.1;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Holdout() {}

  /**
   * Returns one side of the hold-out.
   *
   * @param all every image of the data set; must be an {@link InMemoryImageDataset}
   * @param split {@link Split#TEST} for the held-out images, {@link Split#TRAIN} for the rest
   * @param name the data set's name as the user wrote it, for messages
   * @return the split, named after {@code all} with {@code -holdout} or {@code -train} appended
   * @throws IllegalArgumentException if the data set has too few images to hold any out
   * @throws IllegalStateException if {@code all} is not held in memory
   */
  public static ImageDataset split(ImageDataset all, Split split, String name) {
    if (!(all instanceof InMemoryImageDataset mem)) {
      throw new IllegalStateException(
          "Cannot split " + all.name() + " (" + all.getClass().getSimpleName() + ")");
    }
    int size = mem.size();
    int held = Math.max(1, (int) Math.round(size * FRACTION));
    if (held >= size) {
      throw new IllegalArgumentException(
          "Data set '" + name + "' has only " + size + " images; too few to hold out a test split");
    }
    int[] perm = permutation(SEED, size);
    int[] test = Arrays.copyOfRange(perm, 0, held);
    int[] train = Arrays.copyOfRange(perm, held, size);
    Arrays.sort(test);
    Arrays.sort(train);
    return split == Split.TEST
        ? mem.subset(mem.name() + "-holdout", test)
        : mem.subset(mem.name() + "-train", train);
  }

  /**
   * A uniformly random permutation of {@code 0..n-1}: Fisher–Yates from the last position down,
   * each swap partner drawn as {@code floorMod(x >>> 1, i + 1)} from the next SplitMix64 output
   * {@code x}.
   *
   * @param seed the generator's seed (its whole initial state)
   * @param n the number of elements, at least 0
   * @return the permutation
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public static int[] permutation(long seed, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be at least 0, found " + n);
    }
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    long state = seed;
    for (int i = n - 1; i > 0; i--) {
      state += GOLDEN;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z = z ^ (z >>> 31);
      int j = (int) Math.floorMod(z >>> 1, (long) (i + 1));
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
