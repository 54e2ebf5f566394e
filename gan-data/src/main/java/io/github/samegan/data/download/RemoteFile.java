package io.github.samegan.data.download;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One file to download: where it lives, the name it is stored under and its published MD5.
 *
 * @param url the {@code https} (or, for tests, {@code http}) address
 * @param fileName the plain file name to store it under (no folders)
 * @param md5 the expected MD5, 32 hex digits
 * @param size the expected size in bytes, or -1 if unknown (used for progress only)
 */
public record RemoteFile(String url, String fileName, String md5, long size) {

  /**
   * Validates the description.
   *
   * @param url the http(s) address
   * @param fileName the plain file name
   * @param md5 the expected MD5, 32 hex digits (any case)
   * @param size the expected size, or -1
   * @throws IllegalArgumentException if the URL is not http(s), the name is not a plain file name
   *     or the MD5 is not 32 hex digits
   */
  public RemoteFile {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(md5, "md5");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("url is not a valid address: '" + url + "'", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "url must be an https:// (or http://) address, found '" + url + "'");
    }
    if (fileName.isEmpty()
        || fileName.contains("/")
        || fileName.contains("\\")
        || fileName.equals(".")
        || fileName.equals("..")) {
      throw new IllegalArgumentException(
          "fileName must be a plain file name without folders, found '" + fileName + "'");
    }
    md5 = md5.toLowerCase(Locale.ROOT);
    if (!md5.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("md5 must be 32 hex digits, found '" + md5 + "'");
    }
    if (size < -1) {
      throw new IllegalArgumentException("size must be -1 (unknown) or at least 0, found " + size);
    }
  }

  /**
   * Returns the host name of the URL, for messages.
   *
   * @return e.g. {@code www.cs.toronto.edu}
   */
  public String host() {
    return URI.create(url).getHost();
  }
}
