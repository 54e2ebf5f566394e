/**
 * Loaders for standard image data set formats, each returning an {@link
 * io.github.samegan.data.InMemoryImageDataset}.
 *
 * <ul>
 *   <li>{@link io.github.samegan.data.loaders.IdxDataset}: MNIST and Fashion-MNIST IDX files, raw
 *       or gzipped.
 *   <li>{@link io.github.samegan.data.loaders.Cifar10Dataset} and {@link
 *       io.github.samegan.data.loaders.Cifar100Dataset}: the CIFAR binary versions.
 *   <li>{@link io.github.samegan.data.loaders.ImageFolderDataset}: a folder of PNG/JPEG files, flat
 *       or one sub-folder per class.
 * </ul>
 *
 * <p>{@link io.github.samegan.data.loaders.DatasetWriter} writes any data set back in the CIFAR-10
 * binary layout or as a PNG folder, e.g. to store an augmented copy.
 *
 * <p>Files are validated before use: a truncated, padded or mislabelled file raises a {@link
 * io.github.samegan.data.DatasetFormatException} naming the file, the expected and actual sizes or
 * magic numbers and the fix. I/O failures other than format problems (permissions, disk errors)
 * surface as {@link java.io.UncheckedIOException}.
 */
package io.github.samegan.data.loaders;
