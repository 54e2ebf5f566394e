/**
 * numpy's {@code .npy} and {@code .npz} arrays ({@link io.github.samegan.data.npy.NpyReader},
 * {@link io.github.samegan.data.npy.NpyWriter}, {@link io.github.samegan.data.npy.NpzReader},
 * {@link io.github.samegan.data.npy.NpzWriter}): the format Python's evaluation tools read and
 * write. The codec uses nothing but the JDK; every size a header declares is checked before
 * anything is allocated. Evaluation's pytorch-fid statistics files and the command line's sample
 * export share it.
 */
package io.github.samegan.data.npy;
