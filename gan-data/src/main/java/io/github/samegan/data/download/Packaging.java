package io.github.samegan.data.download;

/** How a data set's downloaded files become the folder its loader reads. */
public enum Packaging {
  /**
   * One {@code .tar.gz} archive, extracted (safely) into the data folder; the archive's top-level
   * folder becomes the data set folder and the archive is deleted afterwards.
   */
  TAR_GZ,
  /** Files stored as downloaded (e.g. gzipped IDX files), in the data set folder. */
  FILES
}
