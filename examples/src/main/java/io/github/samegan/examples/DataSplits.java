package io.github.samegan.examples;

import io.github.samegan.core.SameGanException;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.data.loaders.Cifar100Dataset;
import io.github.samegan.data.loaders.Cifar10Dataset;
import io.github.samegan.data.loaders.IdxDataset;
import io.github.samegan.data.loaders.Split;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Train and test splits of the command line's data sets, for the classifier and the metrics.
 * Fashion-MNIST, MNIST and CIFAR-10/100 have official test splits; the others ({@code shapes},
 * {@code folder:PATH}) hold out a seeded 10 % as their test split (the same images every time),
 * and their training split is the remaining 90 %.
 */
public final class DataSplits {
  /** Seed of the held-out permutation for data sets without a test split. */
  static final long HOLDOUT_SEED = 0;
  /** Fraction held out for data sets without a test split. */
  static final double HOLDOUT_FRACTION = 0.1;

  private static final Set<String> WITH_TEST = Set.of("fashion-mnist", "mnist", "cifar10", "cifar100", "cifar100-coarse");

  private DataSplits() {}

  /**
   * A data set and split named on the command line, {@code DATASET[:train|test]}.
   *
   * @param dataset the data set name
   * @param split {@code train} or {@code test}
   */
  record Spec(String dataset, String split) {

    /** Parses {@code DATASET[:train|test]} ({@code folder:PATH[:train|test]} too), default {@code defaultSplit}. */
    static Spec parse(String text, String defaultSplit) {
      String s = text.trim();
      int colon = s.lastIndexOf(':');
      if (colon > 0) {
        String tail = s.substring(colon + 1).toLowerCase(Locale.ROOT);
        if (tail.equals("train") || tail.equals("test")) {
          return new Spec(s.substring(0, colon), tail);
        }
      }
      return new Spec(s, defaultSplit);
    }
  }

  /** Whether the data set has an official test split. */
  public static boolean hasTestSplit(String dataset) {
    return WITH_TEST.contains(dataset.toLowerCase(Locale.ROOT));
  }

  /** How a split is made, e.g. {@code "test"} or {@code "holdout 10% (seed 0)"}. */
  public static String describe(String dataset, String split) {
    if (hasTestSplit(dataset)) {
      return split;
    }
    return split.equals("test") ? "holdout 10% (seed " + HOLDOUT_SEED + ")"
        : "train minus holdout 10% (seed " + HOLDOUT_SEED + ")";
  }

  /**
   * Loads a split.
   *
   * @param dataset a name known to {@link DataSets}
   * @param split {@code train} or {@code test}
   * @param dataDir folder of downloaded data sets (null = default)
   */
  public static ImageDataset load(String dataset, String split, Path dataDir) {
    if (!split.equals("train") && !split.equals("test")) {
      throw new IllegalArgumentException("Split must be train or test, found '" + split + "'");
    }
    String n = dataset.toLowerCase(Locale.ROOT);
    if (hasTestSplit(n)) {
      if (split.equals("train")) {
        return DataSets.load(dataset, dataDir, 32);
      }
      Path dir = dataDir != null ? dataDir : DataSets.defaultDataDir();
      return switch (n) {
        case "fashion-mnist" -> IdxDataset.fashionMnist(DataSets.locate(dir, "fashion-mnist", IdxDataset.DEBIAN_FASHION_MNIST_DIR), false, true);
        case "mnist" -> IdxDataset.mnist(DataSets.locate(dir, "mnist", null), false, true);
        case "cifar10" -> Cifar10Dataset.load(DataSets.cifarDir(dir, Cifar10Dataset.FOLDER, "cifar10"), Split.TEST);
        case "cifar100" -> Cifar100Dataset.load(DataSets.cifarDir(dir, Cifar100Dataset.FOLDER, "cifar100"), Split.TEST,
            Cifar100Dataset.LabelMode.FINE);
        default -> Cifar100Dataset.load(DataSets.cifarDir(dir, Cifar100Dataset.FOLDER, "cifar100"), Split.TEST,
            Cifar100Dataset.LabelMode.COARSE);
      };
    }
    ImageDataset all = DataSets.load(dataset, dataDir, 32);
    if (!(all instanceof InMemoryImageDataset mem)) {
      throw new IllegalStateException("Cannot split " + all.name() + " (" + all.getClass().getSimpleName() + ")");
    }
    int size = mem.size();
    int held = Math.max(1, (int) Math.round(size * HOLDOUT_FRACTION));
    if (held >= size) {
      throw new SameGanException("Data set '" + dataset + "' has only " + size + " images; too few to hold out a test split");
    }
    int[] perm = new Rng(HOLDOUT_SEED).permutation(size);
    int[] test = Arrays.copyOfRange(perm, 0, held);
    int[] train = Arrays.copyOfRange(perm, held, size);
    Arrays.sort(test);
    Arrays.sort(train);
    return split.equals("test") ? mem.subset(mem.name() + "-holdout", test) : mem.subset(mem.name() + "-train", train);
  }
}
