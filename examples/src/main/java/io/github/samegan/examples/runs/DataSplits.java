package io.github.samegan.examples.runs;

import io.github.samegan.core.SameGanException;
import io.github.samegan.data.DatasetNotFoundException;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.loaders.Split;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Train and test splits of the command line's data sets, for the classifier and the metrics, read
 * from the data set registry. Data sets with an official test split (Fashion-MNIST, MNIST,
 * CIFAR-10/100) use it; the others ({@code shapes}, {@code folder:PATH}) hold out a seeded 10 % as
 * their test split (the same images every time), and their training split is the remaining 90 %.
 */
public final class DataSplits {

  private DataSplits() {}

  /**
   * A data set and split named on the command line, {@code DATASET[:train|test]}.
   *
   * @param dataset the data set name
   * @param split {@code train} or {@code test}
   */
  public record Spec(String dataset, String split) {

    /**
     * Parses {@code DATASET[:train|test]} ({@code folder:PATH[:train|test]} too), default {@code
     * defaultSplit}.
     */
    public static Spec parse(String text, String defaultSplit) {
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
    return DataSets.registry().entry(dataset).hasTestSplit();
  }

  /** How a split is made, e.g. {@code "test"} or {@code "holdout 10% (seed 0)"}. */
  public static String describe(String dataset, String split) {
    return DataSets.registry().entry(dataset).describeSplit(parseSplit(split));
  }

  /**
   * Loads a split.
   *
   * @param dataset a name known to the data set registry
   * @param split {@code train} or {@code test}
   * @param dataDir folder of downloaded data sets (null = default)
   */
  public static ImageDataset load(String dataset, String split, Path dataDir) {
    Split s = parseSplit(split);
    try {
      return DataSets.registry().load(dataset, s, DataSets.dataDir(dataDir), 32);
    } catch (DatasetNotFoundException e) {
      throw new SameGanException(e.getMessage(), e);
    }
  }

  private static Split parseSplit(String split) {
    return switch (split) {
      case "train" -> Split.TRAIN;
      case "test" -> Split.TEST;
      default ->
          throw new IllegalArgumentException("Split must be train or test, found '" + split + "'");
    };
  }
}
