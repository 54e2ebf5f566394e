/**
 * Generator and discriminator architectures: the fully connected {@link
 * io.github.samegan.models.MlpGan} and the reference {@link io.github.samegan.models.Dcgan}, and the
 * {@link io.github.samegan.models.ModelRegistry} that names them for the command line.
 */
package io.github.samegan.models;
