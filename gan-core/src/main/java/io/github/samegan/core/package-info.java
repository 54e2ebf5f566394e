/**
 * SameGAN core: shared value types ({@link io.github.samegan.core.ImageShape}) and the project's
 * exception family. Sub-packages hold the graph-building context ({@code graph}), network building
 * blocks ({@code nn}), the generator/discriminator abstractions ({@code model}), the loss interface
 * ({@code loss}), the trainer ({@code train}) and metrics ({@code metrics}).
 */
package io.github.samegan.core;
