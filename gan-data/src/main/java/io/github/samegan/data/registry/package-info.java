/**
 * The data set registry: the one list of data sets SameGAN knows, by name.
 *
 * <p>A {@link io.github.samegan.data.registry.DatasetEntry} holds a data set's name (and aliases),
 * a one-line description, its training and test {@link io.github.samegan.data.registry.SplitLoader
 * loaders} (given a data folder), its {@link io.github.samegan.data.registry.DatasetLabels labels},
 * its image shape and its optional download source. A data set without an official test split holds
 * out a seeded 10 % instead ({@link io.github.samegan.data.registry.Holdout}). Parameterised
 * entries such as {@code folder:PATH} match every name with their prefix.
 *
 * <p>{@link io.github.samegan.data.registry.DatasetRegistry#standard()} holds the built-in sets
 * ({@link io.github.samegan.data.registry.StandardDatasets}) and every set contributed by a {@link
 * io.github.samegan.data.registry.DatasetProvider} listed in {@code
 * META-INF/services/io.github.samegan.data.registry.DatasetProvider}: a new data set is one class
 * plus one registration, with no edit to SameGAN. Registries are immutable; {@link
 * io.github.samegan.data.registry.DatasetRegistry#builder()} makes a custom one.
 */
package io.github.samegan.data.registry;
