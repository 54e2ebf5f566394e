/**
 * Generator and discriminator architectures: the fully connected {@link
 * io.github.samegan.models.MlpGan}, the reference {@link io.github.samegan.models.Dcgan} (and its
 * class-conditional, AC-GAN and InfoGAN variants), the spectrally normalised {@link
 * io.github.samegan.models.ResNetSnGan} (conditional, with conditional batch norm, with
 * self-attention), BigGAN at CIFAR scale ({@link io.github.samegan.models.BigGan}), and the
 * immutable {@link io.github.samegan.models.ModelRegistry} that names them for the command line;
 * architectures from outside SameGAN join it through a {@link
 * io.github.samegan.models.ModelProvider} listed in {@code META-INF/services}. Residual and
 * conditional building blocks live in {@link io.github.samegan.models.blocks}.
 */
package io.github.samegan.models;
