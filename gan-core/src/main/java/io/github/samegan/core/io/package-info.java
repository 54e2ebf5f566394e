/**
 * Files: PNG sample grids, CSV and JSON logs, SameGAN's zip archives (checkpoints, classifier and
 * detector files), written atomically and read with every entry bounded ({@link
 * io.github.samegan.core.io.ZipArchives}), and numpy's {@code .npy}/{@code .npz} arrays ({@link
 * io.github.samegan.core.io.NpyReader}, {@link io.github.samegan.core.io.NpyWriter}, {@link
 * io.github.samegan.core.io.NpzReader}, {@link io.github.samegan.core.io.NpzWriter}), the format
 * Python's evaluation tools read. The numpy codec uses nothing but the JDK, so every module that
 * depends on core (evaluation's statistics files, the command line's sample export) shares one.
 */
package io.github.samegan.core.io;
