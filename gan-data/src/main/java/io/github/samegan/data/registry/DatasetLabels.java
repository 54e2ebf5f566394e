package io.github.samegan.data.registry;

import java.util.List;
import java.util.Objects;

/**
 * The labels of a registered data set, known without reading its files.
 *
 * @param numClasses the number of classes every loaded split has, or 0 when the data set is
 *     unlabelled or its classes depend on what is loaded (an image folder)
 * @param names the class names, indexed by label, when they are fixed; empty when they are read
 *     from the data set's files (then {@link io.github.samegan.data.ImageDataset#classNames()} of a
 *     loaded split has them)
 * @param origin where the names come from, for listings, e.g. {@code "batches.meta.txt"} or {@code
 *     "sub-folder names"}; empty for fixed names or no labels
 */
public record DatasetLabels(int numClasses, List<String> names, String origin) {

  private static final DatasetLabels NONE = new DatasetLabels(0, List.of(), "");

  /**
   * Validates the labels.
   *
   * @param numClasses number of classes, at least 0
   * @param names the fixed class names (exactly {@code numClasses} of them), or empty
   * @param origin where the names come from, or empty
   * @throws IllegalArgumentException if {@code numClasses} is negative or the number of names
   *     differs from it
   */
  public DatasetLabels {
    names = List.copyOf(names);
    Objects.requireNonNull(origin, "origin");
    if (numClasses < 0) {
      throw new IllegalArgumentException("numClasses must be at least 0, found " + numClasses);
    }
    if (!names.isEmpty() && names.size() != numClasses) {
      throw new IllegalArgumentException(
          "names must be empty or hold numClasses ("
              + numClasses
              + ") names, found "
              + names.size());
    }
  }

  /**
   * Labels with fixed class names.
   *
   * @param names the class names, indexed by label; at least two
   * @return the labels
   * @throws IllegalArgumentException if there are fewer than two names
   */
  public static DatasetLabels named(List<String> names) {
    if (names.size() < 2) {
      throw new IllegalArgumentException(
          "a labelled data set needs at least 2 class names, found " + names);
    }
    return new DatasetLabels(names.size(), names, "");
  }

  /**
   * Labels whose number is fixed but whose names are read from the data set's files.
   *
   * @param numClasses the number of classes, at least two
   * @param origin the file the names come from, e.g. {@code "batches.meta.txt"}
   * @return the labels
   * @throws IllegalArgumentException if {@code numClasses} is below two
   */
  public static DatasetLabels fromFiles(int numClasses, String origin) {
    if (numClasses < 2) {
      throw new IllegalArgumentException(
          "a labelled data set needs at least 2 classes, found " + numClasses);
    }
    return new DatasetLabels(numClasses, List.of(), origin);
  }

  /**
   * Labels that depend on what is loaded, e.g. one class per sub-folder.
   *
   * @param origin how the classes are found, e.g. {@code "sub-folder names"}
   * @return the labels, with {@code numClasses} 0
   */
  public static DatasetLabels varying(String origin) {
    return new DatasetLabels(0, List.of(), origin);
  }

  /**
   * No labels.
   *
   * @return the labels of an unlabelled data set
   */
  public static DatasetLabels none() {
    return NONE;
  }

  /**
   * Whether every loaded split is labelled with {@link #numClasses()} classes.
   *
   * @return {@code numClasses() > 0}
   */
  public boolean labelled() {
    return numClasses > 0;
  }

  /**
   * A short description for listings, e.g. {@code "10 classes"}, {@code "100 classes
   * (fine_label_names.txt)"}, {@code "sub-folder names"} or {@code "unlabelled"}.
   *
   * @return the description
   */
  public String describe() {
    if (numClasses == 0) {
      return origin.isEmpty() ? "unlabelled" : origin;
    }
    return numClasses + " classes" + (origin.isEmpty() ? "" : " (" + origin + ")");
  }
}
