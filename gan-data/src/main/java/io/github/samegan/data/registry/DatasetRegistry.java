package io.github.samegan.data.registry;

import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.DatasetNotFoundException;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.download.DatasetSource;
import io.github.samegan.data.loaders.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable, ordered set of {@link DatasetEntry data sets}, looked up by name: the one place
 * that knows which data sets exist, how to load them, and where to download them.
 *
 * <p>{@link #standard()} holds SameGAN's built-in data sets ({@link StandardDatasets}) followed by
 * every data set a {@link DatasetProvider} on the class path contributes; the command line reads it
 * for {@code --dataset}. {@link #builder()} makes a registry of your own choosing.
 *
 * <pre>{@code
 * ImageDataset train = DatasetRegistry.standard().load("cifar10", Path.of("data"), 32);
 * ImageDataset test = DatasetRegistry.standard().load("cifar10", Split.TEST, Path.of("data"), 32);
 * DatasetRegistry mine = DatasetRegistry.standard().toBuilder().add(myEntry).build();
 * }</pre>
 *
 * <p>Names are matched ignoring case and surrounding blanks. An unknown name raises an {@link
 * IllegalArgumentException} that lists the known names.
 */
public final class DatasetRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetRegistry.class);

  private static final Object LOCK = new Object();
  private static volatile DatasetRegistry standard;

  private final List<DatasetEntry> entries;

  private DatasetRegistry(List<DatasetEntry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * The built-in data sets followed by those of every {@link DatasetProvider} that {@link
   * ServiceLoader} finds (through the thread's context class loader), discovered on the first call
   * and cached.
   *
   * @return the standard registry
   * @throws IllegalStateException if a provider cannot be loaded or registers a name that is
   *     already taken (the message names the provider)
   */
  public static DatasetRegistry standard() {
    DatasetRegistry r = standard;
    if (r == null) {
      synchronized (LOCK) {
        r = standard;
        if (r == null) {
          r = discover();
          standard = r;
        }
      }
    }
    return r;
  }

  /**
   * Starts an empty registry.
   *
   * @return a builder with no entries
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a registry holding this one's entries, to add more.
   *
   * @return a builder with these entries
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.addAll(entries);
    return b;
  }

  /**
   * The entries in registration order.
   *
   * @return the entries, unmodifiable
   */
  public List<DatasetEntry> entries() {
    return entries;
  }

  /**
   * The names users type, in registration order, parameterised ones with their placeholder.
   *
   * @return e.g. {@code [shapes, cifar10, folder:PATH]}
   */
  public List<String> names() {
    return entries.stream().map(DatasetEntry::displayName).toList();
  }

  /**
   * Finds the entry of a name: an entry's name or alias, or a parameterised entry's name followed
   * by a colon and an argument (e.g. {@code folder:/photos}); case and surrounding blanks are
   * ignored.
   *
   * @param name the name
   * @return the entry, or empty when no entry matches
   */
  public Optional<DatasetEntry> find(String name) {
    String key = Objects.requireNonNull(name, "name").strip().toLowerCase(Locale.ROOT);
    return entries.stream().filter(e -> e.matches(key)).findFirst();
  }

  /**
   * Returns the entry of a name, as {@link #find} but required.
   *
   * @param name the name
   * @return the entry
   * @throws IllegalArgumentException if no entry matches, listing the known names
   */
  public DatasetEntry entry(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown dataset '" + name + "'; known: " + String.join(", ", names())));
  }

  /**
   * Loads the images to train a generative model on ({@link DatasetEntry#load(LoadRequest)}): the
   * official training split, or every image of a data set without a test split.
   *
   * @param name the data set's name, e.g. {@code cifar10} or {@code folder:/photos}
   * @param dataDir the folder holding downloaded data sets
   * @param imageSize height and width for data sets that resize (image folders)
   * @return the images
   * @throws IllegalArgumentException if the name is unknown
   * @throws DatasetNotFoundException if the files are not in the data folder
   * @throws DatasetFormatException if they are malformed
   */
  public ImageDataset load(String name, Path dataDir, int imageSize) {
    DatasetEntry e = entry(name);
    return e.load(e.request(name.strip(), dataDir, imageSize));
  }

  /**
   * Loads a split for classifiers and metrics ({@link DatasetEntry#load(Split, LoadRequest)}): the
   * official split, or the seeded 10 % hold-out and the rest.
   *
   * @param name the data set's name
   * @param split which images
   * @param dataDir the folder holding downloaded data sets
   * @param imageSize height and width for data sets that resize (image folders)
   * @return the images
   * @throws IllegalArgumentException if the name is unknown, or the data set has too few images to
   *     hold any out
   * @throws DatasetNotFoundException if the files are not in the data folder
   * @throws DatasetFormatException if they are malformed
   */
  public ImageDataset load(String name, Split split, Path dataDir, int imageSize) {
    DatasetEntry e = entry(name);
    return e.load(split, e.request(name.strip(), dataDir, imageSize));
  }

  /**
   * The names of the downloads the registry knows: each distinct {@link DatasetSource#name()} of
   * its entries, in registration order.
   *
   * @return e.g. {@code [cifar100, cifar10, fashion-mnist]}
   */
  public List<String> downloadNames() {
    Set<String> names = new LinkedHashSet<>();
    for (DatasetEntry e : entries) {
      e.source().ifPresent(s -> names.add(s.name()));
    }
    return List.copyOf(names);
  }

  /**
   * Returns the download source of a data set.
   *
   * @param name a data set name or alias with a download source (a source is shared by data sets
   *     read from the same files, e.g. {@code cifar100} and {@code cifar100-coarse})
   * @return the source
   * @throws IllegalArgumentException if the name is unknown or has no download, listing {@link
   *     #downloadNames()}
   */
  public DatasetSource source(String name) {
    return find(name)
        .flatMap(DatasetEntry::source)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no download known for data set '"
                        + name
                        + "'; choose one of "
                        + String.join(", ", downloadNames())));
  }

  @Override
  public String toString() {
    return "DatasetRegistry" + names();
  }

  private static DatasetRegistry discover() {
    Builder b = builder().addAll(StandardDatasets.all());
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = DatasetRegistry.class.getClassLoader();
    }
    try {
      for (DatasetProvider p : ServiceLoader.load(DatasetProvider.class, loader)) {
        List<DatasetEntry> contributed = p.datasets();
        LOG.debug("Data set provider {} adds {}", p.getClass().getName(), contributed);
        try {
          b.addAll(contributed);
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(
              "data set provider " + p.getClass().getName() + ": " + e.getMessage(), e);
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException(
          "cannot load a data set provider listed in META-INF/services/"
              + DatasetProvider.class.getName()
              + ": "
              + e.getMessage(),
          e);
    }
    return b.build();
  }

  /** Builds a {@link DatasetRegistry}; entries keep the order they are added in. */
  public static final class Builder {
    private final List<DatasetEntry> entries = new ArrayList<>();

    private Builder() {}

    /**
     * Adds an entry.
     *
     * @param entry the entry
     * @return this builder
     * @throws IllegalArgumentException if its name or an alias is already taken by an entry added
     *     before
     */
    public Builder add(DatasetEntry entry) {
      Objects.requireNonNull(entry, "entry");
      List<String> keys = new ArrayList<>(entry.aliases());
      keys.add(0, entry.name());
      for (DatasetEntry e : entries) {
        for (String k : keys) {
          if (k.equals(e.name()) || e.aliases().contains(k)) {
            throw new IllegalArgumentException(
                "data set name '"
                    + k
                    + "' of '"
                    + entry.displayName()
                    + "' is already taken by '"
                    + e.displayName()
                    + "'; choose another name");
          }
        }
      }
      entries.add(entry);
      return this;
    }

    /**
     * Adds entries in order, as {@link #add}.
     *
     * @param more the entries
     * @return this builder
     */
    public Builder addAll(Collection<DatasetEntry> more) {
      for (DatasetEntry e : more) {
        add(e);
      }
      return this;
    }

    /**
     * Adds a provider's entries, as {@link #add}.
     *
     * @param provider the provider
     * @return this builder
     */
    public Builder add(DatasetProvider provider) {
      return addAll(Objects.requireNonNull(provider, "provider").datasets());
    }

    /**
     * Builds the registry.
     *
     * @return the immutable registry
     */
    public DatasetRegistry build() {
      return new DatasetRegistry(entries);
    }
  }
}
