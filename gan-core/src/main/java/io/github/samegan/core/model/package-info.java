/**
 * The two network roles of a GAN, {@link io.github.samegan.core.model.Generator} and {@link
 * io.github.samegan.core.model.Discriminator}, and shape-checked implementations over a layer
 * body. A user's own model implements one of these interfaces.
 */
package io.github.samegan.core.model;
