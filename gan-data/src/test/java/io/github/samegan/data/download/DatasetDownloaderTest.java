package io.github.samegan.data.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.registry.DatasetRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server serving archives the test builds. */
class DatasetDownloaderTest {

  /** What the server does for one path. */
  static final class Served {
    final byte[] body;
    final boolean honourRange;
    final int breakAfter;
    final AtomicInteger breaksLeft;
    final List<String> ranges = Collections.synchronizedList(new ArrayList<>());

    Served(byte[] body, boolean honourRange, int breakAfter, int breaks) {
      this.body = body;
      this.honourRange = honourRange;
      this.breakAfter = breakAfter;
      this.breaksLeft = new AtomicInteger(breaks);
    }
  }

  private HttpServer server;
  private final Map<String, Served> served = new ConcurrentHashMap<>();
  private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
  @TempDir Path tmp;
  private Path dataDir;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    dataDir = tmp.resolve("data");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    Served s = served.get(ex.getRequestURI().getPath());
    if (s == null) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    String range = ex.getRequestHeaders().getFirst("Range");
    s.ranges.add(range == null ? "" : range);
    int start = 0;
    if (range != null && s.honourRange) {
      start = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
      if (start >= s.body.length) {
        ex.sendResponseHeaders(416, -1);
        ex.close();
        return;
      }
    }
    int length = s.body.length - start;
    if (start > 0) {
      ex.getResponseHeaders()
          .add("Content-Range", "bytes " + start + "-" + (s.body.length - 1) + "/" + s.body.length);
      ex.sendResponseHeaders(206, length);
    } else {
      ex.sendResponseHeaders(200, length);
    }
    OutputStream out = ex.getResponseBody();
    if (s.breakAfter >= 0 && s.breaksLeft.getAndDecrement() > 0) {
      out.write(s.body, start, Math.min(length, s.breakAfter));
      out.flush();
      try {
        Thread.sleep(100); // let the client read what was sent before the connection drops
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // Closing with fewer bytes than announced makes the server drop the connection.
      try {
        ex.close();
      } catch (RuntimeException ignored) {
        // the server complains about the missing bytes; the client sees a broken transfer
      }
      return;
    }
    out.write(s.body, start, length);
    out.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private DatasetDownloader downloader() {
    return DatasetDownloader.builder(dataDir)
        .retryDelay(Duration.ofMillis(10))
        .listener(
            new DownloadListener() {
              @Override
              public void message(String line) {
                messages.add(line);
              }
            })
        .build();
  }

  static String md5(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }

  /** Random, incompressible bytes, so the archive is large enough to break off midway. */
  static byte[] payload(int n, long seed) {
    byte[] b = new byte[n];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  /** Entry: name, type flag (0 = file, '5' = dir, '2' = symlink), content or link target. */
  record Entry(String name, byte type, byte[] content, String link) {
    static Entry file(String name, byte[] content) {
      return new Entry(name, TarConstants.LF_NORMAL, content, null);
    }
  }

  private static final long FIXED_TIME = 1_700_000_000_000L;

  static byte[] tarGz(Entry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry te;
        if (e.type() == TarConstants.LF_SYMLINK || e.type() == TarConstants.LF_LINK) {
          te = new TarArchiveEntry(e.name(), e.type());
          te.setLinkName(e.link());
        } else if (e.type() == TarConstants.LF_DIR) {
          te = new TarArchiveEntry(e.name().endsWith("/") ? e.name() : e.name() + "/");
        } else {
          te = new TarArchiveEntry(e.name(), true); // keep absolute names as given
          te.setSize(e.content().length);
        }
        // a fixed time: the same entries give the same bytes (and MD5) whenever they are written
        te.setModTime(FIXED_TIME);
        tar.putArchiveEntry(te);
        if (e.content() != null && e.type() == TarConstants.LF_NORMAL) {
          tar.write(e.content());
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static final byte[] DATA = payload(200_000, 1);
  private static final byte[] NAMES = "alpha\nbeta\n".getBytes(StandardCharsets.UTF_8);

  static byte[] goodArchive() throws IOException {
    return tarGz(
        new Entry("testset", TarConstants.LF_DIR, null, null),
        Entry.file("testset/data.bin", DATA),
        Entry.file("./testset/names.txt", NAMES),
        Entry.file("testset/sub/readme.txt", "hi".getBytes(StandardCharsets.UTF_8)));
  }

  private DatasetSource source(String path, byte[] body) throws Exception {
    return source(path, md5(body));
  }

  private DatasetSource source(String path, String md5) {
    return new DatasetSource(
        "testset",
        List.of(new RemoteFile(url(path), "testset.tar.gz", md5, -1)),
        Packaging.TAR_GZ,
        "testset",
        List.of("data.bin", "names.txt"),
        "");
  }

  /**
   * Checks the Range headers of a broken-then-resumed transfer: the first request asks for the
   * whole file, every later one for the rest from a strictly increasing offset no further than the
   * bytes the server had sent (the client may lose the last bytes before a dropped connection).
   * Returns the offsets.
   */
  private static List<Long> resumeOffsets(List<String> ranges, int requests, int breakAfter) {
    assertThat(ranges).hasSize(requests);
    assertThat(ranges.get(0)).isEmpty();
    List<Long> offsets = new ArrayList<>();
    long previous = 0;
    for (int i = 1; i < ranges.size(); i++) {
      assertThat(ranges.get(i)).matches("bytes=[0-9]+-");
      long offset = Long.parseLong(ranges.get(i).replaceAll("[^0-9]", ""));
      assertThat(offset).isGreaterThan(previous).isLessThanOrEqualTo((long) i * breakAfter);
      offsets.add(offset);
      previous = offset;
    }
    return offsets;
  }

  private List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void downloadsVerifiesAndExtractsAnArchiveThenASecondCallDoesNothing() throws Exception {
    byte[] archive = goodArchive();
    Served s = new Served(archive, true, -1, 0);
    served.put("/testset.tar.gz", s);
    DatasetSource src = source("/testset.tar.gz", archive);

    DownloadResult r = downloader().download(src);
    Path folder = dataDir.resolve("testset");
    assertThat(r.folder()).isEqualTo(folder);
    assertThat(r.alreadyPresent()).isFalse();
    assertThat(r.bytesDownloaded()).isEqualTo(archive.length);
    assertThat(Files.readAllBytes(folder.resolve("data.bin"))).isEqualTo(DATA);
    assertThat(Files.readAllBytes(folder.resolve("names.txt"))).isEqualTo(NAMES);
    assertThat(folder.resolve("sub/readme.txt")).hasContent("hi");
    assertThat(folder.resolve(DatasetDownloader.MARKER)).exists();
    // The archive, partial file and staging folder are gone: only the data set folder remains.
    try (Stream<Path> top = Files.list(dataDir)) {
      assertThat(top.map(p -> p.getFileName().toString())).containsExactly("testset");
    }
    assertThat(messages).anyMatch(m -> m.contains("Verified testset.tar.gz"));

    messages.clear();
    DownloadResult again = downloader().download(src);
    assertThat(again.alreadyPresent()).isTrue();
    assertThat(again.bytesDownloaded()).isZero();
    assertThat(s.ranges).hasSize(1); // no second request
    assertThat(messages).singleElement().asString().contains("nothing to do");
  }

  @Test
  void aChecksumMismatchIsRejectedAndThePartialFileDeleted() throws Exception {
    byte[] archive = goodArchive();
    served.put("/testset.tar.gz", new Served(archive, true, -1, 0));
    DatasetSource src = source("/testset.tar.gz", "0123456789abcdef0123456789abcdef");
    assertThatThrownBy(() -> downloader().download(src))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("checksum mismatch for testset.tar.gz")
        .hasMessageContaining("expected 0123456789abcdef0123456789abcdef")
        .hasMessageContaining(md5(archive))
        .hasMessageContaining("deleted the partial file");
    assertThat(filesUnder(dataDir)).isEmpty();
    assertThat(dataDir.resolve("testset")).doesNotExist();
  }

  @Test
  void anArchiveEntryWithDotDotIsRefusedAndNothingEscapes() throws Exception {
    byte[] evil =
        tarGz(
            Entry.file("testset/data.bin", DATA),
            Entry.file("testset/../../evil.txt", "pwned".getBytes(StandardCharsets.UTF_8)));
    served.put("/evil.tar.gz", new Served(evil, true, -1, 0));
    assertThatThrownBy(() -> downloader().download(source("/evil.tar.gz", evil)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("refusing to extract")
        .hasMessageContaining("'testset/../../evil.txt'")
        .hasMessageContaining("'..'");
    assertThat(tmp.resolve("evil.txt")).doesNotExist();
    assertThat(dataDir.resolve("evil.txt")).doesNotExist();
    assertThat(dataDir.resolve("testset")).doesNotExist();
    assertThat(dataDir.resolve(".samegan-extract-testset")).doesNotExist();
  }

  @Test
  void anArchiveEntryWithAnAbsolutePathIsRefused() throws Exception {
    Path outside = tmp.resolve("abs-evil.txt");
    byte[] evil =
        tarGz(
            Entry.file("testset/data.bin", DATA),
            Entry.file(outside.toString(), "pwned".getBytes(StandardCharsets.UTF_8)));
    served.put("/abs.tar.gz", new Served(evil, true, -1, 0));
    assertThatThrownBy(() -> downloader().download(source("/abs.tar.gz", evil)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("'" + outside + "'")
        .hasMessageContaining("absolute path");
    assertThat(outside).doesNotExist();
    assertThat(dataDir.resolve("testset")).doesNotExist();
  }

  @Test
  void symbolicAndHardLinkEntriesAreRefused() throws Exception {
    for (byte type : new byte[] {TarConstants.LF_SYMLINK, TarConstants.LF_LINK}) {
      byte[] evil =
          tarGz(
              new Entry("testset/link", type, null, "/etc/passwd"),
              Entry.file("testset/data.bin", DATA));
      served.put("/link.tar.gz", new Served(evil, true, -1, 0));
      assertThatThrownBy(() -> downloader().download(source("/link.tar.gz", evil)))
          .isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("'testset/link'")
          .hasMessageContaining(type == TarConstants.LF_SYMLINK ? "symbolic link" : "hard link");
      assertThat(dataDir.resolve("testset")).doesNotExist();
      Files.deleteIfExists(dataDir.resolve("testset.tar.gz"));
    }
  }

  @Test
  void aTransferThatBreaksMidwayIsResumedWithRange() throws Exception {
    byte[] archive = goodArchive();
    Served s = new Served(archive, true, 70_000, 2);
    served.put("/testset.tar.gz", s);
    DownloadResult r = downloader().download(source("/testset.tar.gz", archive));
    assertThat(r.alreadyPresent()).isFalse();
    assertThat(Files.readAllBytes(r.folder().resolve("data.bin"))).isEqualTo(DATA);
    List<Long> offsets = resumeOffsets(s.ranges, 3, 70_000);
    assertThat(r.bytesDownloaded()).isEqualTo(archive.length);
    assertThat(messages)
        .anyMatch(m -> m.contains("broke off") && m.contains("from byte " + offsets.get(0)));
  }

  @Test
  void aBrokenTransferFromAServerWithoutRangeSupportIsRetriedFromTheStart() throws Exception {
    byte[] archive = goodArchive();
    Served s = new Served(archive, false, 50_000, 1);
    served.put("/testset.tar.gz", s);
    DownloadResult r = downloader().download(source("/testset.tar.gz", archive));
    assertThat(Files.readAllBytes(r.folder().resolve("data.bin"))).isEqualTo(DATA);
    resumeOffsets(s.ranges, 2, 50_000);
    assertThat(messages).anyMatch(m -> m.contains("does not support resuming"));
  }

  @Test
  void aLaterCallResumesThePartialFileOfAFailedOne() throws Exception {
    byte[] archive = goodArchive();
    Served s = new Served(archive, true, 60_000, 1);
    served.put("/testset.tar.gz", s);
    DatasetDownloader once =
        DatasetDownloader.builder(dataDir).maxAttempts(1).retryDelay(Duration.ZERO).build();
    DatasetSource src = source("/testset.tar.gz", archive);
    assertThatThrownBy(() -> once.download(src))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("failed 1 times")
        .hasMessageContaining("testset.tar.gz.part (")
        .hasMessageContaining("bytes) is kept");
    long kept = Files.size(dataDir.resolve("testset.tar.gz.part"));
    DownloadResult r = once.download(src);
    assertThat(r.bytesDownloaded()).isEqualTo(archive.length - kept);
    assertThat(resumeOffsets(s.ranges, 2, 60_000)).containsExactly(kept);
    assertThat(Files.readAllBytes(r.folder().resolve("data.bin"))).isEqualTo(DATA);
  }

  @Test
  void offlineTheErrorSaysInOneLineWhatToDownloadAndWhereToPutIt() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/testset.tar.gz";
    DatasetSource src =
        new DatasetSource(
            "testset",
            List.of(new RemoteFile(url, "testset.tar.gz", md5(goodArchive()), -1)),
            Packaging.TAR_GZ,
            "testset",
            List.of("data.bin"),
            "");
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> downloader().download(src));
    assertThat(t).isInstanceOf(DownloadException.class);
    assertThat(t.getMessage())
        .startsWith("cannot reach 127.0.0.1")
        .contains("download " + url)
        .contains("place it at " + dataDir.resolve("testset.tar.gz"))
        .doesNotContain("\n");

    // Placing the file by hand where the message says lets the next call finish offline.
    Files.write(dataDir.resolve("testset.tar.gz"), goodArchive());
    DownloadResult r = downloader().download(src);
    assertThat(Files.readAllBytes(r.folder().resolve("data.bin"))).isEqualTo(DATA);
  }

  @Test
  void plainFilesAreStoredVerifiedAndNotFetchedAgain() throws Exception {
    byte[] a = payload(3000, 2);
    byte[] b = payload(5000, 3);
    Served sa = new Served(a, true, -1, 0);
    Served sb = new Served(b, true, 2000, 1);
    served.put("/files/a.gz", sa);
    served.put("/files/b.gz", sb);
    DatasetSource src =
        new DatasetSource(
            "pair",
            List.of(
                new RemoteFile(url("/files/a.gz"), "a.gz", md5(a), a.length),
                new RemoteFile(url("/files/b.gz"), "b.gz", md5(b), b.length)),
            Packaging.FILES,
            "pair",
            List.of("a.gz", "b.gz"),
            "or ask a friend");
    DownloadResult r = downloader().download(src);
    assertThat(Files.readAllBytes(r.folder().resolve("a.gz"))).isEqualTo(a);
    assertThat(Files.readAllBytes(r.folder().resolve("b.gz"))).isEqualTo(b);
    assertThat(filesUnder(r.folder())).hasSize(2);
    assertThat(downloader().download(src).alreadyPresent()).isTrue();
    assertThat(sa.ranges).hasSize(1);
    resumeOffsets(sb.ranges, 2, 2000);

    // A corrupted copy is detected, deleted and fetched again.
    Files.write(r.folder().resolve("a.gz"), new byte[] {1, 2, 3});
    DownloadResult repaired = downloader().download(src);
    assertThat(repaired.alreadyPresent()).isFalse();
    assertThat(Files.readAllBytes(r.folder().resolve("a.gz"))).isEqualTo(a);
    assertThat(messages).anyMatch(m -> m.startsWith("Deleted") && m.contains("a.gz"));

    String manual = downloader().manual(src);
    assertThat(manual)
        .isEqualTo(
            "download a.gz, b.gz from "
                + url("/files/")
                + " into "
                + dataDir.resolve("pair")
                + "/, then run the download again to verify them (or ask a friend)");
  }

  @Test
  void aServerErrorIsReportedWithTheManualFix() throws Exception {
    DatasetSource src = source("/missing.tar.gz", "0123456789abcdef0123456789abcdef");
    assertThatThrownBy(() -> downloader().download(src))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("HTTP 404")
        .hasMessageContaining("place it at");
  }

  @Test
  void aFolderExtractedByHandIsAcceptedOnlyWhenComplete() throws Exception {
    DatasetSource src = source("/never.tar.gz", "0123456789abcdef0123456789abcdef");
    Path folder = dataDir.resolve("testset");
    Files.createDirectories(folder);
    Files.write(folder.resolve("data.bin"), DATA);
    assertThatThrownBy(() -> downloader().download(src))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("lacks [names.txt]")
        .hasMessageContaining("delete it");
    Files.write(folder.resolve("names.txt"), NAMES);
    assertThat(downloader().download(src).alreadyPresent()).isTrue();
    assertThat(messages).anyMatch(m -> m.contains("extracted by hand"));
  }

  @Test
  void theOfficialSourcesNameTheirFoldersAndChecksums() {
    assertThat(DatasetRegistry.standard().source("CIFAR10").folder())
        .isEqualTo("cifar-10-batches-bin");
    assertThat(DatasetRegistry.standard().source("cifar100").files().get(0).md5())
        .isEqualTo("03b5dce01913d631647c71ecec9e9cb8");
    assertThat(DatasetSources.FASHION_MNIST.files()).hasSize(4);
    DatasetSource mirrored = DatasetSources.CIFAR10.withBaseUrl("https://mirror.example.org/c");
    assertThat(mirrored.files().get(0).url())
        .isEqualTo("https://mirror.example.org/c/cifar-10-binary.tar.gz");
    assertThat(mirrored.files().get(0).md5())
        .isEqualTo(DatasetSources.CIFAR10.files().get(0).md5());
    assertThat(DatasetSources.FASHION_MNIST.files()).allMatch(f -> f.url().startsWith("https://"));
    assertThatThrownBy(() -> DatasetRegistry.standard().source("imagenet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cifar100, cifar10, fashion-mnist");
    assertThatThrownBy(() -> new RemoteFile("ftp://x/y", "y", "0".repeat(32), -1))
        .hasMessageContaining("https://");
    assertThatThrownBy(() -> new RemoteFile("https://x/y", "../y", "0".repeat(32), -1))
        .hasMessageContaining("plain file name");
  }
}
