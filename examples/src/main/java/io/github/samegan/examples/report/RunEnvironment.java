package io.github.samegan.examples.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine a run trained on, as shown in its report: SameGAN, Java, ND4J and backend versions,
 * CPU, GPU and memory. {@code samegan train --report} records it in {@code
 * OUT/environment.properties} when training starts; a report of a run without that file shows the
 * machine that made the report instead, and says so.
 */
public final class RunEnvironment {
  /** The file name in a run folder. */
  public static final String FILE = "environment.properties";

  private static final List<String> ORDER =
      List.of(
          "samegan",
          "java",
          "os",
          "cpu",
          "cores",
          "max_heap",
          "nd4j",
          "backend",
          "nd4j_build",
          "blas",
          "gpu",
          "recorded");

  private RunEnvironment() {}

  /** Describes this JVM and its ND4J backend (initialises ND4J if it is not yet). */
  public static Map<String, String> collect() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("samegan", "0.1.0-SNAPSHOT");
    m.put(
        "java",
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    m.put("cpu", cpuModel());
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put(
        "max_heap",
        String.format(
            Locale.ROOT, "%.1f GiB", Runtime.getRuntime().maxMemory() / (double) (1L << 30)));
    m.put("nd4j", mavenVersion("org.nd4j", "nd4j-api"));
    Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
    String backend = String.valueOf(info.getOrDefault("backend", "unknown"));
    m.put("backend", backend + " (" + Nd4j.getBackend().getClass().getSimpleName() + ")");
    m.put("nd4j_build", nativeBuild());
    m.put(
        "blas",
        info.getOrDefault("blas.vendor", "unknown")
            + ", "
            + info.getOrDefault("blas.threads", "?")
            + " threads");
    Object gpus = info.get("cuda.devicesInformation");
    m.put("gpu", gpus == null ? "none (CPU backend)" : String.valueOf(gpus));
    m.put("recorded", java.time.OffsetDateTime.now().withNano(0).toString());
    return m;
  }

  /** Labels for the keys, for the report's table. */
  static String label(String key) {
    return switch (key) {
      case "samegan" -> "SameGAN";
      case "java" -> "Java";
      case "os" -> "Operating system";
      case "cpu" -> "CPU";
      case "cores" -> "CPU cores available";
      case "max_heap" -> "JVM max heap";
      case "nd4j" -> "ND4J / SameDiff";
      case "backend" -> "ND4J backend";
      case "nd4j_build" -> "Native build";
      case "blas" -> "BLAS";
      case "gpu" -> "GPU";
      case "recorded" -> "Recorded at";
      default -> key;
    };
  }

  /** Writes {@code dir/environment.properties}. */
  public static void write(Path dir, Map<String, String> env) throws IOException {
    Properties p = new Properties();
    p.putAll(env);
    Files.createDirectories(dir);
    try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
      p.store(w, "Where this run trained (written by samegan train --report)");
    }
  }

  /** Reads {@code dir/environment.properties}, in display order; empty if there is none. */
  public static Map<String, String> read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    Map<String, String> m = new LinkedHashMap<>();
    if (!Files.isRegularFile(f)) {
      return m;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    for (String k : ORDER) {
      if (p.containsKey(k)) {
        m.put(k, p.getProperty(k));
      }
    }
    p.stringPropertyNames().stream()
        .sorted()
        .filter(k -> !m.containsKey(k))
        .forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  private static String nativeBuild() {
    String cp = System.getProperty("java.class.path", "");
    if (cp.contains("cuda")) {
      return "CUDA";
    }
    if (cp.contains("onednn")) {
      return "nd4j-native with oneDNN";
    }
    return cp.contains("nd4j-native") ? "nd4j-native (plain)" : "unknown";
  }

  private static String mavenVersion(String group, String artifact) {
    String res = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = Nd4j.class.getResourceAsStream(res)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      // fall through
    }
    String v = Nd4j.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
