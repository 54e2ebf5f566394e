package io.github.samegan.data.download;

import java.util.List;
import java.util.Objects;

/**
 * Where a data set is downloaded from and what the download leaves on disk.
 *
 * <p>The standard sources are in {@link DatasetSources}; tests and mirrors create their own with
 * other URLs and checksums.
 *
 * @param name short name, e.g. {@code cifar10}
 * @param files the files to download: exactly one for {@link Packaging#TAR_GZ}
 * @param packaging how the files become the data set folder
 * @param folder the data set folder, relative to the data directory: for {@code TAR_GZ} the
 *     archive's top-level folder (e.g. {@code cifar-10-batches-bin}), for {@code FILES} the folder
 *     the files are stored in (e.g. {@code fashion-mnist})
 * @param contents files the folder must contain when complete, relative to it
 * @param hint an extra way to get the data, appended to the offline message (may be empty), e.g.
 *     {@code "or apt-get install dataset-fashion-mnist"}
 */
public record DatasetSource(
    String name,
    List<RemoteFile> files,
    Packaging packaging,
    String folder,
    List<String> contents,
    String hint) {

  /**
   * Validates the source.
   *
   * @param name short name
   * @param files the files to download
   * @param packaging how the files become the data set folder
   * @param folder the data set folder, relative to the data directory
   * @param contents files the complete folder contains
   * @param hint an extra way to get the data, or empty
   * @throws IllegalArgumentException if there are no files, a {@code TAR_GZ} source has more than
   *     one, or the folder is not a plain folder name
   */
  public DatasetSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(packaging, "packaging");
    Objects.requireNonNull(folder, "folder");
    files = List.copyOf(files);
    contents = List.copyOf(contents);
    hint = hint == null ? "" : hint;
    if (files.isEmpty()) {
      throw new IllegalArgumentException("data set source " + name + " needs at least one file");
    }
    if (packaging == Packaging.TAR_GZ && files.size() != 1) {
      throw new IllegalArgumentException(
          "a TAR_GZ source has exactly one archive, " + name + " has " + files.size() + " files");
    }
    if (folder.isEmpty()
        || folder.contains("/")
        || folder.contains("\\")
        || folder.startsWith(".")) {
      throw new IllegalArgumentException(
          "folder must be a plain folder name (no '/', not starting with '.'), found '"
              + folder
              + "'");
    }
    for (String c : contents) {
      if (c.startsWith("/") || c.contains("..")) {
        throw new IllegalArgumentException(
            "contents must be relative paths inside the folder, found '" + c + "'");
      }
    }
  }

  /**
   * Returns the same source fetched from a mirror: every file's URL becomes {@code baseUrl}
   * followed by its file name; names and checksums stay.
   *
   * @param baseUrl the mirror's folder, e.g. {@code https://mirror.example.org/cifar/}
   * @return the mirrored source
   * @throws IllegalArgumentException if the resulting URLs are not http(s) addresses
   */
  public DatasetSource withBaseUrl(String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    List<RemoteFile> mirrored =
        files.stream()
            .map(f -> new RemoteFile(base + f.fileName(), f.fileName(), f.md5(), f.size()))
            .toList();
    return new DatasetSource(name, mirrored, packaging, folder, contents, hint);
  }
}
