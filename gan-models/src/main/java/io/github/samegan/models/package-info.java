/**
 * Generator and discriminator architectures: the fully connected {@link
 * io.github.samegan.models.MlpGan} and the reference {@link io.github.samegan.models.Dcgan}.
 */
package io.github.samegan.models;
