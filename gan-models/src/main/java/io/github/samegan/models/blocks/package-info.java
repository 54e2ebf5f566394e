/**
 * Building blocks of the residual and conditional architectures: {@link
 * io.github.samegan.models.blocks.ResBlock} (a residual sum with an input gradient for penalties),
 * nearest-neighbour {@link io.github.samegan.models.blocks.Upsample2x}, {@link
 * io.github.samegan.models.blocks.GlobalSumPool}, the class-conditional {@link
 * io.github.samegan.models.blocks.EmbeddingGenerator}, the projection discriminator {@link
 * io.github.samegan.models.blocks.ProjectionDiscriminator} and AC-GAN's {@link
 * io.github.samegan.models.blocks.AuxiliaryClassifierDiscriminator}.
 */
package io.github.samegan.models.blocks;
