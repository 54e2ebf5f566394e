/**
 * Downloads of the standard data sets over HTTPS, with MD5 verification, resumption of broken
 * transfers and safe archive extraction.
 *
 * <p>{@link io.github.samegan.data.download.DatasetSources} lists the official locations and
 * checksums (CIFAR-10, CIFAR-100, Fashion-MNIST); {@link
 * io.github.samegan.data.download.DatasetDownloader} fetches a {@link
 * io.github.samegan.data.download.DatasetSource} into a data directory so that the loaders in
 * {@code io.github.samegan.data.loaders} find it; {@link
 * io.github.samegan.data.download.ConsoleProgress} draws a progress bar.
 */
package io.github.samegan.data.download;
