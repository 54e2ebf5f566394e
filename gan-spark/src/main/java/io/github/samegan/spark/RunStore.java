package io.github.samegan.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The shared output folder of a sweep or evaluation, through Hadoop's {@code FileSystem} API: a
 * {@code file://}, {@code hdfs://} or {@code s3a://} URI works alike. Serializable (it carries the
 * driver's Hadoop settings as text) so tasks can open it on the executor.
 */
public final class RunStore implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String root;
  private final Map<String, String> hadoopSettings;
  private transient FileSystem fs;

  /**
   * A store rooted at {@code root}.
   *
   * @param root a URI or absolute path (a plain path is taken as {@code file://})
   * @param hadoop the Hadoop settings to open it with (the driver's {@code
   *     sparkContext().hadoopConfiguration()}, or {@code new Configuration()})
   */
  public RunStore(String root, Configuration hadoop) {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(hadoop, "hadoop");
    if (root.isBlank()) {
      throw new IllegalArgumentException("the output location must not be blank");
    }
    String r = root.strip();
    if (!r.contains("://")) {
      r = Path.of(r).toAbsolutePath().normalize().toUri().toString();
    }
    this.root = r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
    Map<String, String> m = new HashMap<>();
    for (Map.Entry<String, String> e : hadoop) {
      m.put(e.getKey(), e.getValue());
    }
    this.hadoopSettings = m;
  }

  /** The root URI, without a trailing slash. */
  public String root() {
    return root;
  }

  /** The URI of a path under the root ({@code "runs/abc"} → {@code root + "/runs/abc"}). */
  public String uri(String relative) {
    return root + "/" + relative;
  }

  private org.apache.hadoop.fs.Path path(String relative) {
    return new org.apache.hadoop.fs.Path(uri(relative));
  }

  private synchronized FileSystem fs() throws IOException {
    if (fs == null) {
      Configuration c = new Configuration(false);
      hadoopSettings.forEach(c::set);
      fs = FileSystem.get(URI.create(root), c);
    }
    return fs;
  }

  /** Whether a file or folder exists under the root. */
  public boolean exists(String relative) throws IOException {
    return fs().exists(path(relative));
  }

  /** Reads a properties file under the root, keys in sorted order. */
  public Map<String, String> readProperties(String relative) throws IOException {
    Properties p = new Properties();
    try (InputStream in = fs().open(path(relative))) {
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    Map<String, String> m = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      m.put(k, p.getProperty(k));
    }
    return m;
  }

  /**
   * Writes a properties file under the root (to a temporary name, then renamed, so a reader never
   * sees half of it where the file system renames atomically).
   */
  public void writeProperties(String relative, Map<String, String> values) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : new LinkedHashMap<>(values).entrySet()) {
      sb.append(escape(e.getKey())).append('=').append(escape(e.getValue())).append('\n');
    }
    org.apache.hadoop.fs.Path target = path(relative);
    org.apache.hadoop.fs.Path tmp =
        new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".tmp");
    try (OutputStream out = fs().create(tmp, true)) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    fs().delete(target, false);
    if (!fs().rename(tmp, target)) {
      throw new IOException("could not rename " + tmp + " to " + target);
    }
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '=' -> sb.append("\\=");
        case ':' -> sb.append("\\:");
        case '#' -> sb.append("\\#");
        case '!' -> sb.append("\\!");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** Copies a local folder's files into a folder under the root (overwriting). */
  public void upload(Path localDir, String relative) throws IOException {
    try (var files = Files.walk(localDir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String rel = localDir.relativize(f).toString().replace('\\', '/');
        fs().copyFromLocalFile(
                false, true, new org.apache.hadoop.fs.Path(f.toUri()), path(relative + "/" + rel));
      }
    }
  }

  /**
   * Copies a file under the root to a local file; returns false (and copies nothing) if it does not
   * exist.
   */
  public boolean download(String relative, Path local) throws IOException {
    org.apache.hadoop.fs.Path src = path(relative);
    if (!fs().exists(src)) {
      return false;
    }
    Files.createDirectories(local.toAbsolutePath().getParent());
    try (InputStream in = fs().open(src)) {
      Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return true;
  }

  /** Reads a local file into a value (a loader that may fail with an {@link IOException}). */
  @FunctionalInterface
  public interface LocalFileReader<T> {
    /** Reads {@code file}. */
    T read(Path file) throws IOException;
  }

  /**
   * Copies a file under the root to a local temporary file (named with {@code suffix}, which some
   * readers go by), reads it with {@code reader} and deletes the copy: how tasks load checkpoints,
   * detectors and feature networks from a shared file system.
   *
   * @param what names the file in the error when it is missing, e.g. {@code "detector"}
   * @param hint how to fix a missing file
   * @throws IllegalArgumentException if there is no such file
   * @throws java.io.UncheckedIOException if it cannot be copied or read
   */
  public <T> T readLocalCopy(
      String relative, String suffix, String what, String hint, LocalFileReader<T> reader) {
    try {
      Path local = Files.createTempFile("samegan-spark-", suffix);
      try {
        if (!download(relative, local)) {
          throw new IllegalArgumentException("no " + what + " at " + uri(relative) + "; " + hint);
        }
        return reader.read(local);
      } finally {
        Files.deleteIfExists(local);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("could not load the " + what + " " + uri(relative), e);
    }
  }

  /**
   * The store holding a file and the file's name in it, for a file URI or path ({@code
   * hdfs:///a/b.zip} → store {@code hdfs:///a}, name {@code b.zip}).
   */
  public static Map.Entry<RunStore, String> ofFile(String uri, Configuration hadoop) {
    Objects.requireNonNull(uri, "uri");
    String u = uri.strip();
    while (u.endsWith("/") && u.length() > 1) {
      u = u.substring(0, u.length() - 1);
    }
    if (!u.contains("://")) {
      u = Path.of(u).toAbsolutePath().normalize().toUri().toString();
    }
    int slash = u.lastIndexOf('/');
    return Map.entry(new RunStore(u.substring(0, slash), hadoop), u.substring(slash + 1));
  }
}
