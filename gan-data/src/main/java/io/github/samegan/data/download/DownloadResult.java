package io.github.samegan.data.download;

import java.nio.file.Path;

/**
 * What {@link DatasetDownloader#download} did.
 *
 * @param folder the data set folder, ready for its loader
 * @param alreadyPresent true if nothing had to be done (the data set was already there)
 * @param bytesDownloaded bytes transferred over the network by this call
 */
public record DownloadResult(Path folder, boolean alreadyPresent, long bytesDownloaded) {}
