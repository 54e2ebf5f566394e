/**
 * What SameGAN's registries of pluggable parts share ({@link
 * io.github.samegan.core.registry.NamedEntries}): unique case-insensitive names, {@code
 * ServiceLoader} discovery of providers, and errors that list the known names. The registries
 * themselves live with what they register (gan-losses' {@code LossRegistry}, gan-models' {@code
 * ModelRegistry}); gan-data's {@code DatasetRegistry} has its own, since gan-data depends on ND4J
 * only.
 */
package io.github.samegan.core.registry;
