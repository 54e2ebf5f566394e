package io.github.samegan.core.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The single owner of every array a GAN keeps between steps: trainable parameters and non-trained
 * state such as batch-norm running statistics.
 *
 * <p>Several SameDiff graphs (the discriminator-step graph, the generator-step graph and the
 * sampling graph) are built over the <em>same</em> {@link INDArray} objects held here, and
 * optimizers update them in place, so an update made through one graph is seen by all. Arrays are
 * always created contiguous (never views: SameDiff silently copies a view, which would break the
 * sharing). Entries keep their insertion order, which is the order parameters were created in, so
 * iteration (and therefore checkpoints and initialisation) is deterministic.
 */
public final class ParameterStore {

  /** What an entry is for. */
  public enum Kind {
    /** Trained by an optimizer. */
    PARAMETER,
    /** Updated outside the optimizer (e.g. running mean/variance, spectral-norm vectors). */
    STATE
  }

  /** One named array with its kind. */
  public record Entry(String name, INDArray array, Kind kind) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private long version;

  /** Returns the entry with this name, or {@code null}. */
  public Entry get(String name) {
    return entries.get(name);
  }

  /** Returns the array with this name; throws if absent. */
  public INDArray array(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException("No parameter or state named '" + name + "'");
    }
    return e.array();
  }

  /** True when an entry with this name exists. */
  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /**
   * Adds a new entry. The array must not be a view.
   *
   * @throws IllegalStateException if the name is taken
   */
  public void add(String name, INDArray array, Kind kind) {
    Objects.requireNonNull(array, "array");
    if (entries.containsKey(name)) {
      throw new IllegalStateException("Parameter '" + name + "' already exists");
    }
    if (array.isView()) {
      throw new IllegalArgumentException(
          "Parameter '"
              + name
              + "' is a view; SameDiff would copy it and break sharing. Use dup().");
    }
    entries.put(name, new Entry(name, array, kind));
  }

  /** All entries in creation order. */
  public List<Entry> entries() {
    return Collections.unmodifiableList(new ArrayList<>(entries.values()));
  }

  /** Entries whose names match the predicate, in creation order. */
  public List<Entry> entries(Predicate<String> nameFilter) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (nameFilter.test(e.name())) {
        out.add(e);
      }
    }
    return out;
  }

  /** Names of trainable parameters under the given prefix (e.g. {@code "G/"}), in order. */
  public List<String> parameterNames(String prefix) {
    List<String> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.kind() == Kind.PARAMETER && e.name().startsWith(prefix)) {
        out.add(e.name());
      }
    }
    return out;
  }

  /** Total number of trainable scalars under the given prefix. */
  public long parameterCount(String prefix) {
    long n = 0;
    for (Entry e : entries.values()) {
      if (e.kind() == Kind.PARAMETER && e.name().startsWith(prefix)) {
        n += e.array().length();
      }
    }
    return n;
  }

  /**
   * A counter that grows whenever arrays are replaced through {@link #assignFrom} (checkpoint
   * loading, in-memory restores) or a caller reports an in-place change with {@link #markChanged}.
   * Whoever caches something derived from the arrays compares it, e.g. {@code Gan}'s batch-norm
   * statistics of the generator EMA, which are re-estimated when the EMA weights change. Optimizer
   * updates do not move it.
   */
  public long version() {
    return version;
  }

  /**
   * Reports that arrays were changed in place (e.g. the generator EMA after its update, or weights
   * assigned by hand), so that values derived from them are recomputed; see {@link #version()}.
   */
  public void markChanged() {
    version++;
  }

  /** Number of entries. */
  public int size() {
    return entries.size();
  }

  /**
   * Copies saved arrays into this store's arrays, in place (cast to each array's type), after
   * checking that the saved set has exactly this store's names and shapes; nothing is copied when a
   * check fails.
   *
   * @param saved arrays by entry name
   * @param mismatch makes the exception thrown for a mismatch from its description, which starts
   *     with a space or a colon so that it can follow a file name (e.g. {@code " has no array
   *     'G/w'"})
   */
  public void assignFrom(
      Map<String, INDArray> saved,
      java.util.function.Function<String, ? extends RuntimeException> mismatch) {
    for (Entry e : entries.values()) {
      INDArray src = saved.get(e.name());
      if (src == null) {
        throw mismatch.apply(" has no array '" + e.name() + "'");
      }
      if (!java.util.Arrays.equals(src.shape(), e.array().shape())) {
        throw mismatch.apply(
            ": '"
                + e.name()
                + "' has shape "
                + java.util.Arrays.toString(src.shape())
                + " but the model expects "
                + java.util.Arrays.toString(e.array().shape()));
      }
    }
    if (saved.size() != entries.size()) {
      throw mismatch.apply(" has " + saved.size() + " arrays but the model has " + entries.size());
    }
    for (Entry e : entries.values()) {
      e.array().assign(saved.get(e.name()).castTo(e.array().dataType()));
    }
    markChanged();
  }
}
