package io.github.samegan.data.registry;

import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.DatasetNotFoundException;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.download.DatasetSource;
import io.github.samegan.data.loaders.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One data set of a {@link DatasetRegistry}: its name, what it is, how to load its training and
 * test images from a data folder, its labels, its image shape and where to download it.
 *
 * <p>A data set with an official test split has a test loader; one without (the embedded shapes, an
 * image folder) holds out a seeded 10 % instead ({@link Holdout}). A <em>parameterised</em> entry
 * such as {@code folder:PATH} matches every name that starts with its name and a colon and hands
 * the rest to its loaders as {@link LoadRequest#argument()}.
 *
 * <pre>{@code
 * DatasetEntry digits = DatasetEntry.builder("my-digits", "My scanned digits, 1x28x28",
 *         ImageInfo.gray(28), r -> IdxDataset.mnist(r.dataDir().resolve("my-digits"), true, false))
 *     .test(r -> IdxDataset.mnist(r.dataDir().resolve("my-digits"), false, false))
 *     .labels(DatasetLabels.named(IdxDataset.MNIST_CLASSES))
 *     .build();
 * }</pre>
 */
public final class DatasetEntry {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern PARAMETER = Pattern.compile("[A-Z][A-Z0-9_]*");

  private final String name;
  private final List<String> aliases;
  private final String parameter;
  private final String description;
  private final ImageInfo shape;
  private final DatasetLabels labels;
  private final SplitLoader train;
  private final SplitLoader test;
  private final DatasetSource source;

  private DatasetEntry(Builder b) {
    this.name = b.name;
    this.aliases = List.copyOf(b.aliases);
    this.parameter = b.parameter;
    this.description = b.description;
    this.shape = b.shape;
    this.labels = b.labels;
    this.train = b.train;
    this.test = b.test;
    this.source = b.source;
  }

  /**
   * Starts an entry.
   *
   * @param name the name users type: lower case letters, digits, {@code .}, {@code _} and {@code
   *     -}, starting with a letter or digit, e.g. {@code cifar10}
   * @param description one line saying what the images are
   * @param shape the shape of the images (for a resizing data set, the shape at the default size)
   * @param train loads the training images
   * @return a builder
   */
  public static Builder builder(
      String name, String description, ImageInfo shape, SplitLoader train) {
    return new Builder(name, description, shape, train);
  }

  /**
   * The name, e.g. {@code cifar10} or {@code folder}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Other names that find this entry, e.g. {@code cifar-10}.
   *
   * @return the aliases, possibly empty
   */
  public List<String> aliases() {
    return aliases;
  }

  /**
   * The placeholder of a parameterised entry's argument, e.g. {@code PATH} for {@code folder:PATH}.
   *
   * @return the placeholder, or empty for a plain entry
   */
  public Optional<String> parameter() {
    return Optional.ofNullable(parameter);
  }

  /**
   * The name as listed for users: the name, followed by {@code :PARAMETER} when parameterised.
   *
   * @return e.g. {@code cifar10} or {@code folder:PATH}
   */
  public String displayName() {
    return parameter == null ? name : name + ":" + parameter;
  }

  /**
   * One line saying what the images are.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  /**
   * The shape of the images; for a data set that resizes (an image folder) the shape at the default
   * size of 32.
   *
   * @return the image shape
   */
  public ImageInfo shape() {
    return shape;
  }

  /**
   * The labels: how many classes, their names or where they come from.
   *
   * @return the labels
   */
  public DatasetLabels labels() {
    return labels;
  }

  /**
   * Whether the data set has an official test split; without one, {@link Split#TEST} is a seeded 10
   * % hold-out.
   *
   * @return whether a test loader was given
   */
  public boolean hasTestSplit() {
    return test != null;
  }

  /**
   * Where {@code samegan data download} fetches the data set from.
   *
   * @return the source, or empty when the data set is not downloaded (embedded, or the user's own)
   */
  public Optional<DatasetSource> source() {
    return Optional.ofNullable(source);
  }

  /**
   * Loads the images to train a generative model on: the official training split, or every image of
   * a data set without an official test split.
   *
   * @param request the data folder, argument and image size
   * @return the images
   * @throws IllegalArgumentException if a parameterised entry is given no argument
   * @throws DatasetNotFoundException if the files are not in the data folder
   * @throws DatasetFormatException if they are malformed
   */
  public ImageDataset load(LoadRequest request) {
    requireArgument(request);
    return train.load(request);
  }

  /**
   * Loads a split for classifiers and metrics, where training and test images must not overlap: the
   * official split, or for a data set without a test split the seeded 10 % hold-out ({@link
   * Split#TEST}) and the other 90 % ({@link Split#TRAIN}).
   *
   * @param split which images
   * @param request the data folder, argument and image size
   * @return the images
   * @throws IllegalArgumentException if a parameterised entry is given no argument, or a data set
   *     without test split has too few images to hold any out
   * @throws DatasetNotFoundException if the files are not in the data folder
   * @throws DatasetFormatException if they are malformed
   */
  public ImageDataset load(Split split, LoadRequest request) {
    Objects.requireNonNull(split, "split");
    requireArgument(request);
    if (test != null) {
      return split == Split.TEST ? test.load(request) : train.load(request);
    }
    return Holdout.split(train.load(request), split, request.name());
  }

  /**
   * How a split is made, for reports: {@code "train"} or {@code "test"} for an official split,
   * {@code "holdout 10% (seed 0)"} or {@code "train minus holdout 10% (seed 0)"} otherwise.
   *
   * @param split the split
   * @return the description
   */
  public String describeSplit(Split split) {
    String lower = split.name().toLowerCase(Locale.ROOT);
    if (test != null) {
      return lower;
    }
    String holdout =
        "holdout " + Math.round(Holdout.FRACTION * 100) + "% (seed " + Holdout.SEED + ")";
    return split == Split.TEST ? holdout : "train minus " + holdout;
  }

  /**
   * Whether {@code lowerName} (stripped, in lower case) finds this entry: its name or an alias for
   * a plain entry, its name, a colon and anything for a parameterised one.
   */
  boolean matches(String lowerName) {
    if (parameter != null) {
      return lowerName.startsWith(name + ":");
    }
    return lowerName.equals(name) || aliases.contains(lowerName);
  }

  /** The request for {@code written}, a name this entry matches. */
  LoadRequest request(String written, Path dataDir, int imageSize) {
    String argument = parameter == null ? "" : written.substring(written.indexOf(':') + 1);
    return new LoadRequest(written, argument, dataDir, imageSize);
  }

  private void requireArgument(LoadRequest request) {
    if (parameter != null && request.argument().isEmpty()) {
      throw new IllegalArgumentException(
          "Data set '"
              + displayName()
              + "' needs a "
              + parameter
              + " after '"
              + name
              + ":', found '"
              + request.name()
              + "'");
    }
  }

  @Override
  public String toString() {
    return displayName();
  }

  /** Builds a {@link DatasetEntry}; required values are the arguments of {@link #builder}. */
  public static final class Builder {
    private final String name;
    private final String description;
    private final ImageInfo shape;
    private final SplitLoader train;
    private final List<String> aliases = new ArrayList<>();
    private String parameter;
    private DatasetLabels labels = DatasetLabels.none();
    private SplitLoader test;
    private DatasetSource source;

    private Builder(String name, String description, ImageInfo shape, SplitLoader train) {
      this.name = requireName("name", name);
      Objects.requireNonNull(description, "description");
      if (description.isBlank() || description.contains("\n")) {
        throw new IllegalArgumentException(
            "description of data set '"
                + name
                + "' must be one non-blank line, found '"
                + description
                + "'");
      }
      this.description = description.strip();
      this.shape = Objects.requireNonNull(shape, "shape");
      this.train = Objects.requireNonNull(train, "train");
    }

    /**
     * Adds other names that find the entry.
     *
     * @param more aliases, in the same form as names
     * @return this builder
     * @throws IllegalArgumentException if an alias is not a valid name or repeats the name
     */
    public Builder aliases(String... more) {
      for (String a : more) {
        requireName("alias", a);
        if (a.equals(name) || aliases.contains(a)) {
          throw new IllegalArgumentException(
              "alias '" + a + "' of data set '" + name + "' repeats a name it already has");
        }
        aliases.add(a);
      }
      return this;
    }

    /**
     * Makes the entry parameterised: it then matches {@code name:ARGUMENT} for any argument, and
     * its loaders read the argument from {@link LoadRequest#argument()}.
     *
     * @param placeholder how the argument is shown in listings, upper case, e.g. {@code PATH}
     * @return this builder
     * @throws IllegalArgumentException if the placeholder is not upper case letters, digits and
     *     {@code _}
     */
    public Builder parameter(String placeholder) {
      if (placeholder == null || !PARAMETER.matcher(placeholder).matches()) {
        throw new IllegalArgumentException(
            "parameter of data set '"
                + name
                + "' must be upper case letters, digits and '_', e.g. PATH, found '"
                + placeholder
                + "'");
      }
      this.parameter = placeholder;
      return this;
    }

    /**
     * Sets the labels (default: {@link DatasetLabels#none()}).
     *
     * @param labels the labels
     * @return this builder
     */
    public Builder labels(DatasetLabels labels) {
      this.labels = Objects.requireNonNull(labels, "labels");
      return this;
    }

    /**
     * Sets the loader of the official test split (default: none, so a seeded 10 % of the training
     * images is held out).
     *
     * @param loader loads the test images
     * @return this builder
     */
    public Builder test(SplitLoader loader) {
      this.test = Objects.requireNonNull(loader, "test");
      return this;
    }

    /**
     * Sets where the data set is downloaded from (default: nowhere).
     *
     * @param source the download source
     * @return this builder
     */
    public Builder source(DatasetSource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Builds the entry.
     *
     * @return the immutable entry
     * @throws IllegalArgumentException if a parameterised entry has aliases (it is found by its
     *     name and a colon only)
     */
    public DatasetEntry build() {
      if (parameter != null && !aliases.isEmpty()) {
        throw new IllegalArgumentException(
            "parameterised data set '" + name + "' cannot have aliases, found " + aliases);
      }
      return new DatasetEntry(this);
    }

    private static String requireName(String what, String value) {
      if (value == null || !NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(
            what
                + " must be lower case letters, digits, '.', '_' or '-', starting with a letter or"
                + " digit (e.g. cifar10), found '"
                + value
                + "'");
      }
      return value;
    }
  }
}
