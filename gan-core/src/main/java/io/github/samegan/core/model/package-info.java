/**
 * The two network roles of a GAN, {@link io.github.samegan.core.model.Generator} and {@link
 * io.github.samegan.core.model.Discriminator}, and shape-checked implementations over a layer body.
 * A user's own model implements one of these interfaces. A discriminator may also provide its input
 * gradient built from forward ops (for gradient penalties), intermediate features (for feature
 * matching) and an auxiliary classifier's class logits (AC-GAN); {@link
 * io.github.samegan.core.model.SequentialDiscriminator} does the first two.
 */
package io.github.samegan.core.model;
