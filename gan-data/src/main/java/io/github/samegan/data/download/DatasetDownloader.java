package io.github.samegan.data.download;

import io.github.samegan.data.DatasetFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads a {@link DatasetSource} into a data directory with {@link HttpClient}, checks every
 * file's MD5 and extracts archives safely.
 *
 * <ul>
 *   <li><b>Idempotent.</b> A data set already in place is left alone and reported with {@link
 *       DownloadResult#alreadyPresent()}: for an archive, its extracted folder holds a marker file
 *       written after a verified extraction (a folder extracted by hand, without the marker, is
 *       accepted if every expected file is there); for plain files, every file is present with the
 *       right MD5.
 *   <li><b>Resumable.</b> Bytes go to {@code NAME.part} next to the final file. A transfer that
 *       breaks off is retried (up to {@link Builder#maxAttempts}, with exponential back-off) asking
 *       the server for the rest with an HTTP {@code Range} header; a server that ignores it sends
 *       the whole file again, which replaces the partial one. A later call resumes a {@code .part}
 *       file left by an earlier one.
 *   <li><b>Verified.</b> A file whose MD5 differs from the published one is deleted and reported
 *       with a {@link DatasetFormatException}. A file placed by hand where the download would put
 *       it (e.g. {@code DIR/cifar-10-binary.tar.gz}) is verified and used without any network.
 *   <li><b>Safe extraction.</b> Archives are extracted into a staging folder; entries with absolute
 *       paths, {@code ..} segments, links or device types are refused. Only after a complete
 *       extraction is the data set folder moved into place, and the archive deleted.
 *   <li><b>Offline.</b> If the server cannot be reached a {@link DownloadException} says, in one
 *       line, which file to download from where and where to place it.
 * </ul>
 */
public final class DatasetDownloader {

  /** Name of the marker file written into an extracted folder after a verified extraction. */
  public static final String MARKER = ".samegan-download";

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final Path dir;
  private final HttpClient client;
  private final DownloadListener listener;
  private final int maxAttempts;
  private final Duration retryDelay;
  private final Duration requestTimeout;

  private DatasetDownloader(Builder b) {
    this.dir = b.dir;
    this.listener = b.listener;
    this.maxAttempts = b.maxAttempts;
    this.retryDelay = b.retryDelay;
    this.requestTimeout = b.requestTimeout;
    this.client =
        b.client != null
            ? b.client
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(b.connectTimeout)
                .build();
  }

  /**
   * Starts a builder for downloads into {@code dir}.
   *
   * @param dir the data directory (created when needed), e.g. {@code ~/.samegan/data}
   * @return a builder
   */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** Builder for {@link DatasetDownloader}. */
  public static final class Builder {
    private final Path dir;
    private HttpClient client;
    private DownloadListener listener = DownloadListener.NONE;
    private int maxAttempts = 5;
    private Duration retryDelay = Duration.ofSeconds(2);
    private Duration connectTimeout = Duration.ofSeconds(20);
    private Duration requestTimeout = Duration.ofSeconds(60);

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
    }

    /**
     * Sets who receives progress and messages.
     *
     * @param listener e.g. a {@link ConsoleProgress}; default none
     * @return this builder
     */
    public Builder listener(DownloadListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets how many times a broken transfer is attempted in total before giving up.
     *
     * @param maxAttempts in [1, 100]; default 5
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be in [1, 100], found " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the wait before the first retry; it doubles for each further retry, up to 30 s.
     *
     * @param retryDelay non-negative; default 2 s
     * @return this builder
     */
    public Builder retryDelay(Duration retryDelay) {
      if (retryDelay.isNegative()) {
        throw new IllegalArgumentException("retryDelay must not be negative, found " + retryDelay);
      }
      this.retryDelay = retryDelay;
      return this;
    }

    /**
     * Sets the timeouts for connecting and for the response headers to arrive.
     *
     * @param connect connection timeout; default 20 s
     * @param request time until the response headers arrive; default 60 s
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration request) {
      if (connect.isNegative() || connect.isZero() || request.isNegative() || request.isZero()) {
        throw new IllegalArgumentException(
            "timeouts must be positive, found " + connect + " and " + request);
      }
      this.connectTimeout = connect;
      this.requestTimeout = request;
      return this;
    }

    /**
     * Uses a specific HTTP client (proxy or TLS settings); by default an HTTP/1.1 client that
     * follows redirects (but never from https to http).
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Builds the downloader.
     *
     * @return the downloader
     */
    public DatasetDownloader build() {
      return new DatasetDownloader(this);
    }
  }

  /**
   * Returns the data directory.
   *
   * @return the directory data sets are downloaded into
   */
  public Path dir() {
    return dir;
  }

  /**
   * Makes sure {@code source} is in the data directory, downloading, verifying and extracting as
   * needed.
   *
   * @param source what to download
   * @return the data set folder and whether anything was done
   * @throws DownloadException if the server cannot be reached, answers with an error or the
   *     transfer keeps breaking off (the message says how to finish by hand)
   * @throws DatasetFormatException if a checksum does not match (the file is deleted), an archive
   *     is corrupt or unsafe, or an existing folder is incomplete
   * @throws UncheckedIOException if the local disk fails
   */
  public DownloadResult download(DatasetSource source) throws DownloadException {
    Objects.requireNonNull(source, "source");
    try {
      Files.createDirectories(dir);
      return source.packaging() == Packaging.TAR_GZ
          ? downloadArchive(source)
          : downloadFiles(source);
    } catch (DownloadException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write in the data directory " + dir, e);
    }
  }

  // ------------------------------------------------------------------ archives

  private DownloadResult downloadArchive(DatasetSource source) throws IOException {
    RemoteFile file = source.files().get(0);
    Path folder = dir.resolve(source.folder());
    String markerText = markerText(source);
    Path marker = folder.resolve(MARKER);
    if (Files.isRegularFile(marker)
        && Files.readString(marker, StandardCharsets.UTF_8).equals(markerText)) {
      listener.message(source.name() + " is already in " + folder + " (verified); nothing to do");
      return new DownloadResult(folder, true, 0);
    }
    if (Files.exists(folder)) {
      List<String> missing = missing(folder, source.contents());
      if (missing.isEmpty()) {
        listener.message(
            source.name()
                + " is already in "
                + folder
                + " (extracted by hand, so not verified); nothing to do; delete that folder to"
                + " download it again");
        return new DownloadResult(folder, true, 0);
      }
      throw new DatasetFormatException(
          folder
              + " exists but lacks "
              + missing
              + ", so it is incomplete; delete it and run the download again");
    }
    Path archive = dir.resolve(file.fileName());
    long bytes = obtain(source, file, archive);
    String fix = "delete " + archive + " and download it again from " + file.url();
    Path staging = dir.resolve(".samegan-extract-" + source.folder());
    deleteRecursively(staging);
    Files.createDirectories(staging);
    try {
      listener.message("Extracting " + archive.getFileName() + " ...");
      TarExtractor.extract(archive, staging, fix);
      Path extracted = staging.resolve(source.folder());
      if (!Files.isDirectory(extracted)) {
        throw new DatasetFormatException(
            "archive " + archive + " does not contain the folder " + source.folder() + "/; " + fix);
      }
      List<String> missing = missing(extracted, source.contents());
      if (!missing.isEmpty()) {
        throw new DatasetFormatException(
            "archive " + archive + " lacks " + missing + " in " + source.folder() + "/; " + fix);
      }
      Files.writeString(extracted.resolve(MARKER), markerText, StandardCharsets.UTF_8);
      move(extracted, folder);
    } finally {
      deleteRecursively(staging);
    }
    Files.deleteIfExists(archive);
    listener.message(source.name() + " is ready in " + folder);
    return new DownloadResult(folder, false, bytes);
  }

  private static String markerText(DatasetSource source) {
    StringBuilder sb = new StringBuilder("samegan download of " + source.name() + "\n");
    for (RemoteFile f : source.files()) {
      sb.append(f.md5()).append("  ").append(f.fileName()).append('\n');
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ plain files

  private DownloadResult downloadFiles(DatasetSource source) throws IOException {
    Path folder = dir.resolve(source.folder());
    Files.createDirectories(folder);
    boolean all = true;
    for (RemoteFile f : source.files()) {
      Path target = folder.resolve(f.fileName());
      all &= Files.isRegularFile(target) && md5(target).equals(f.md5());
    }
    if (all) {
      listener.message(
          source.name() + " is already in " + folder + " (checksums verified); nothing to do");
      return new DownloadResult(folder, true, 0);
    }
    long bytes = 0;
    for (RemoteFile f : source.files()) {
      bytes += obtain(source, f, folder.resolve(f.fileName()));
    }
    listener.message(source.name() + " is ready in " + folder);
    return new DownloadResult(folder, false, bytes);
  }

  // ------------------------------------------------------------------ one file

  /**
   * Makes sure {@code target} holds {@code file} with the right MD5: keeps a verified existing
   * copy, otherwise downloads (resuming a {@code .part}) and verifies. Returns the bytes fetched.
   */
  private long obtain(DatasetSource source, RemoteFile file, Path target) throws IOException {
    if (Files.isRegularFile(target)) {
      String actual = md5(target);
      if (actual.equals(file.md5())) {
        listener.message("Using " + target + " (MD5 verified)");
        return 0;
      }
      Files.delete(target);
      listener.message(
          "Deleted "
              + target
              + ": its MD5 is "
              + actual
              + ", expected "
              + file.md5()
              + "; downloading it again");
    }
    Path part = target.resolveSibling(file.fileName() + ".part");
    long fetched = fetch(source, file, part, target);
    String actual = md5(part);
    if (!actual.equals(file.md5())) {
      Files.deleteIfExists(part);
      throw new DatasetFormatException(
          "checksum mismatch for "
              + file.fileName()
              + " from "
              + file.url()
              + ": MD5 is "
              + actual
              + ", expected "
              + file.md5()
              + "; deleted the partial file "
              + part
              + "; run the download again (if it keeps failing, the file on the server has"
              + " changed or is being corrupted on the way)");
    }
    move(part, target);
    listener.message("Verified " + file.fileName() + " (MD5 " + actual + ")");
    return fetched;
  }

  /** Transfers {@code file} into {@code part}, resuming and retrying; returns bytes fetched. */
  private long fetch(DatasetSource source, RemoteFile file, Path part, Path target)
      throws DownloadException {
    long fetched = 0;
    for (int attempt = 1; ; attempt++) {
      long have = sizeOrZero(part);
      long done = have;
      try {
        HttpRequest.Builder rb =
            HttpRequest.newBuilder(URI.create(file.url()))
                .timeout(requestTimeout)
                .header("User-Agent", "SameGAN data downloader")
                .GET();
        if (have > 0) {
          rb.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response =
            client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        boolean append;
        long total;
        if (status == 206 && have > 0) {
          Matcher m =
              CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
          if (!m.matches() || Long.parseLong(m.group(1)) != have) {
            response.body().close();
            Files.deleteIfExists(part);
            throw new IOException(
                "the server answered the resume request with an unexpected range ("
                    + response.headers().firstValue("Content-Range").orElse("none")
                    + "); starting over");
          }
          append = true;
          total =
              m.group(3).equals("*")
                  ? (length >= 0 ? have + length : -1)
                  : Long.parseLong(m.group(3));
        } else if (status == 200) {
          if (have > 0) {
            listener.message(
                "The server does not support resuming; downloading "
                    + file.fileName()
                    + " from the start");
          }
          append = false;
          done = 0;
          total = length >= 0 ? length : file.size();
        } else if (status == 416 && have > 0) {
          // Nothing left to send: the partial file is already complete (or wrong, which the
          // checksum will tell).
          response.body().close();
          return fetched;
        } else {
          response.body().close();
          if (status >= 500 || status == 408 || status == 429) {
            throw new IOException("the server answered HTTP " + status);
          }
          throw new DownloadException(
              "the server answered HTTP " + status + " for " + file.url() + "; " + manual(source),
              null);
        }
        listener.started(file, done, total);
        try (InputStream in = response.body();
            OutputStream out =
                append
                    ? Files.newOutputStream(part, StandardOpenOption.APPEND)
                    : Files.newOutputStream(part)) {
          byte[] buf = new byte[1 << 16];
          int n;
          while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            done += n;
            fetched += n;
            listener.progress(file, done, total);
          }
        } finally {
          listener.finished(file);
        }
        if (total >= 0 && done < total) {
          throw new IOException("the connection closed after " + done + " of " + total + " bytes");
        }
        return fetched;
      } catch (DownloadException e) {
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DownloadException(
            "download of "
                + file.fileName()
                + " was interrupted; the partial file "
                + part
                + " is kept, run the download again to resume",
            e);
      } catch (IOException e) {
        boolean unreachable = isUnreachable(e);
        if (unreachable && fetched == 0) {
          throw new DownloadException(
              "cannot reach " + file.host() + " (" + describe(e) + "): " + manual(source), e);
        }
        long now = sizeOrZero(part);
        if (attempt >= maxAttempts) {
          throw new DownloadException(
              "download of "
                  + file.fileName()
                  + " failed "
                  + attempt
                  + " times (last: "
                  + describe(e)
                  + "); the partial file "
                  + part
                  + " ("
                  + now
                  + " bytes) is kept, so running the download again resumes it; or "
                  + manual(source),
              e);
        }
        long wait = Math.min(30_000L, retryDelay.toMillis() * (1L << Math.min(20, attempt - 1)));
        listener.message(
            "Transfer of "
                + file.fileName()
                + " broke off ("
                + describe(e)
                + "); retrying in "
                + (wait >= 1000 ? wait / 1000 + " s" : wait + " ms")
                + (now > 0 ? " from byte " + now : "")
                + " (attempt "
                + (attempt + 1)
                + " of "
                + maxAttempts
                + ")");
        try {
          Thread.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new DownloadException(
              "download of " + file.fileName() + " was interrupted; run it again to resume", ie);
        }
      }
    }
  }

  /** One line telling the user how to download the source's files by hand. */
  String manual(DatasetSource source) {
    StringBuilder sb = new StringBuilder("download ");
    List<RemoteFile> files = source.files();
    if (source.packaging() == Packaging.TAR_GZ) {
      RemoteFile f = files.get(0);
      sb.append(f.url())
          .append(" (MD5 ")
          .append(f.md5())
          .append(") and place it at ")
          .append(dir.resolve(f.fileName()));
    } else {
      String base = commonBase(files);
      List<String> names = new ArrayList<>();
      for (RemoteFile f : files) {
        names.add(base != null ? f.fileName() : f.url());
      }
      sb.append(String.join(", ", names));
      if (base != null) {
        sb.append(" from ").append(base);
      }
      sb.append(" into ").append(dir.resolve(source.folder())).append('/');
    }
    sb.append(", then run the download again to verify")
        .append(source.packaging() == Packaging.TAR_GZ ? " and extract it" : " them");
    if (!source.hint().isEmpty()) {
      sb.append(" (").append(source.hint()).append(')');
    }
    return sb.toString();
  }

  private static String commonBase(List<RemoteFile> files) {
    String base = null;
    for (RemoteFile f : files) {
      if (!f.url().endsWith("/" + f.fileName())) {
        return null;
      }
      String b = f.url().substring(0, f.url().length() - f.fileName().length());
      if (base != null && !base.equals(b)) {
        return null;
      }
      base = b;
    }
    return base;
  }

  private static boolean isUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof HttpConnectTimeoutException
          || t instanceof UnknownHostException
          || t instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "host name not found; no network?";
      }
    }
    String msg = e.getMessage();
    String text = e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    return text.replaceAll("\\s+", " ").strip();
  }

  // ------------------------------------------------------------------ file helpers

  private static long sizeOrZero(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static List<String> missing(Path folder, List<String> contents) {
    List<String> missing = new ArrayList<>();
    for (String c : contents) {
      if (!Files.isRegularFile(folder.resolve(c))) {
        missing.add(c);
      }
    }
    return missing;
  }

  /**
   * Returns the lower-case hex MD5 of a file.
   *
   * @param file the file
   * @return 32 hex digits
   * @throws IOException if the file cannot be read
   */
  public static String md5(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
