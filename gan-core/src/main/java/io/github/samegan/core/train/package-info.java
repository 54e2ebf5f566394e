/**
 * GAN assembly and training: {@link io.github.samegan.core.train.Gan} builds the
 * discriminator-step, generator-step and sampling graphs over shared parameters; {@link
 * io.github.samegan.core.train.GanTrainer} alternates updates with one {@link
 * io.github.samegan.core.engine.Optimizer} per network, n-critic, seeded randomness, callbacks and
 * atomic checkpoint/resume ({@link io.github.samegan.core.engine.Checkpoints}).
 */
package io.github.samegan.core.train;
