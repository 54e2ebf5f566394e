/**
 * Image data sets for GAN training, with no dependency beyond ND4J.
 *
 * <p>The central abstraction is {@link io.github.samegan.data.ImageDataset}: a fixed, indexable set
 * of images of one {@link io.github.samegan.data.ImageInfo shape}, optionally labelled, that writes
 * each image as CHW floats in [-1, 1]. {@link io.github.samegan.data.InMemoryImageDataset} is the
 * implementation every loader returns (uint8 pixels held in one array). {@link
 * io.github.samegan.data.BatchIterator} turns a data set into an endless, seeded, resumable stream
 * of NCHW float32 batches (images with their labels through {@code next(Batch::new)}). gan-core's
 * {@code io.ImageGrid} draws a batch as a PNG grid for a person to look at.
 *
 * <p>Every data set SameGAN knows by name (the built-in ones and those added through a {@code
 * DatasetProvider}) is an entry of the registry in {@code io.github.samegan.data.registry}. Loaders
 * (and a writer) for standard file formats live in {@code io.github.samegan.data.loaders}; a
 * synthetic data set shipped with the library lives in {@code io.github.samegan.data.synthetic};
 * downloads of the standard data sets in {@code io.github.samegan.data.download}; seeded
 * augmentation, which plugs into the batch iterator through {@link
 * io.github.samegan.data.ImageAugmenter}, in {@code io.github.samegan.data.augment}. Malformed or
 * missing files are reported with {@link io.github.samegan.data.DatasetFormatException}; misuse of
 * the API with {@link IllegalArgumentException}.
 */
package io.github.samegan.data;
