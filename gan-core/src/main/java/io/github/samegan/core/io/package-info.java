/**
 * Files: PNG sample grids, CSV and JSON logs, and SameGAN's zip archives (checkpoints, classifier
 * and detector files), written atomically and read with every entry bounded ({@link
 * io.github.samegan.core.io.ZipArchives}).
 */
package io.github.samegan.core.io;
