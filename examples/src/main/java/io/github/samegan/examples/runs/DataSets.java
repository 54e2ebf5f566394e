package io.github.samegan.examples.runs;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.data.DatasetNotFoundException;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.registry.DatasetEntry;
import io.github.samegan.data.registry.DatasetRegistry;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Collectors;

/**
 * The command line's view of the data set registry ({@link DatasetRegistry#standard()}): resolves a
 * {@code --dataset} name to a loaded data set from the data folder, and lists the registry's names
 * for help texts and messages. Which data sets exist is decided by the registry alone.
 */
public final class DataSets {

  private DataSets() {}

  /** The registry the command line reads: the built-in data sets and those of providers. */
  public static DatasetRegistry registry() {
    return DatasetRegistry.standard();
  }

  /** The names {@code --dataset} accepts, comma-separated, e.g. {@code "shapes, cifar100, ..."}. */
  public static String names() {
    return String.join(", ", registry().names());
  }

  /** The names of the data sets whose images always carry labels, comma-separated. */
  public static String labelledNames() {
    return registry().entries().stream()
        .filter(e -> e.labels().labelled())
        .map(DatasetEntry::displayName)
        .collect(Collectors.joining(", "));
  }

  /**
   * The registry's names as picocli completion candidates, so that a help text's {@code
   * ${COMPLETION-CANDIDATES}} lists them.
   */
  public static final class Names implements Iterable<String> {
    /** Creates the candidates (picocli instantiates this class). */
    public Names() {}

    @Override
    public Iterator<String> iterator() {
      return registry().names().iterator();
    }
  }

  /** The names {@code samegan data download} accepts, as picocli completion candidates. */
  public static final class Downloads implements Iterable<String> {
    /** Creates the candidates (picocli instantiates this class). */
    public Downloads() {}

    @Override
    public Iterator<String> iterator() {
      return registry().downloadNames().iterator();
    }
  }

  /**
   * Where downloaded data sets live by default: {@code $SAMEGAN_DATA} or {@code ~/.samegan/data}.
   */
  public static Path defaultDataDir() {
    String env = System.getenv("SAMEGAN_DATA");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".samegan", "data");
  }

  /** {@code dataDir}, or the default data folder when it is null. */
  static Path dataDir(Path dataDir) {
    return dataDir != null ? dataDir : defaultDataDir();
  }

  /**
   * Loads the images to train on: a data set's official training split, or all its images when it
   * has no test split.
   *
   * @param name the data set name
   * @param dataDir folder holding downloaded data sets (null = default)
   * @param folderSize target size for {@code folder:} data sets
   * @throws IllegalArgumentException if the name is unknown (listing the known ones)
   * @throws SameGanException if the data set is not in the data folder (saying how to get it)
   */
  public static ImageDataset load(String name, Path dataDir, int folderSize) {
    try {
      return registry().load(name, dataDir(dataDir), folderSize);
    } catch (DatasetNotFoundException e) {
      throw new SameGanException(e.getMessage(), e);
    }
  }

  /** The image shape of a loaded data set. */
  public static ImageShape shapeOf(ImageDataset ds) {
    ImageInfo i = ds.info();
    return new ImageShape(i.channels(), i.height(), i.width());
  }
}
