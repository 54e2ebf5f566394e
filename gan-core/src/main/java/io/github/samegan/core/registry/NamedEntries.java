package io.github.samegan.core.registry;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * What SameGAN's registries of pluggable parts (losses, models) share: entries under unique,
 * case-insensitive names in registration order, entries found through {@link ServiceLoader}
 * providers, and lookups whose errors list the known names. A registry's builder holds one of these
 * and builds its immutable registry from {@link #toMap()}.
 *
 * @param <E> the registry's entry type
 */
public final class NamedEntries<E> {
  private final String noun;
  private final String plural;
  private final Function<E, String> nameOf;
  private final Map<String, E> entries = new LinkedHashMap<>();

  /**
   * An empty set.
   *
   * @param noun what an entry is, in messages, e.g. {@code "loss"}
   * @param plural the plural, e.g. {@code "losses"}
   * @param nameOf an entry's name
   */
  public NamedEntries(String noun, String plural, Function<E, String> nameOf) {
    this.noun = Objects.requireNonNull(noun, "noun");
    this.plural = Objects.requireNonNull(plural, "plural");
    this.nameOf = Objects.requireNonNull(nameOf, "nameOf");
  }

  /**
   * Adds an entry.
   *
   * @throws IllegalArgumentException if an entry of that name (ignoring case) is already added
   */
  public void add(E entry) {
    Objects.requireNonNull(entry, "entry");
    String key = nameOf.apply(entry).toLowerCase(Locale.ROOT);
    if (entries.containsKey(key)) {
      throw new IllegalArgumentException(
          capitalized()
              + " '"
              + nameOf.apply(entry)
              + "' is registered twice; known "
              + plural
              + ": "
              + String.join(", ", entries.keySet()));
    }
    entries.put(key, entry);
  }

  /**
   * Adds the entries of every provider of {@code spi} listed in {@code META-INF/services} and
   * visible to {@code loader}, one provider at a time.
   *
   * @param entriesOf a provider's entries
   * @param afterEach checks the set after each provider (e.g. that options do not clash), so its
   *     failure can name the provider
   * @throws IllegalStateException naming the provider if it cannot be loaded, or its entries clash
   *     with others or fail {@code afterEach}
   */
  public <P> void addDiscovered(
      Class<P> spi,
      ClassLoader loader,
      Function<P, ? extends Collection<? extends E>> entriesOf,
      Runnable afterEach) {
    try {
      for (P p : ServiceLoader.load(spi, loader)) {
        try {
          entriesOf.apply(p).forEach(this::add);
          afterEach.run();
        } catch (RuntimeException e) {
          throw new IllegalStateException(
              capitalized() + " provider " + p.getClass().getName() + ": " + e.getMessage(), e);
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("Cannot load a " + noun + " provider: " + e.getMessage(), e);
    }
  }

  /** The entries by lower-case name, in registration order (an unmodifiable copy). */
  public Map<String, E> toMap() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /**
   * The entry of a name (ignoring case) in a map made by {@link #toMap()}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static <E> E lookup(Map<String, E> entries, String name, String noun, String plural) {
    E e = name == null ? null : entries.get(name.toLowerCase(Locale.ROOT));
    if (e == null) {
      throw new IllegalArgumentException(
          "Unknown "
              + noun
              + " '"
              + name
              + "'; known "
              + plural
              + ": "
              + String.join(", ", entries.keySet()));
    }
    return e;
  }

  private String capitalized() {
    return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
  }
}
