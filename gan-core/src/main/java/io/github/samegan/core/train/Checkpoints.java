package io.github.samegan.core.train;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.graph.ParameterStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import io.github.samegan.core.io.ZipArchives;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SameGAN's checkpoint format: a zip file holding {@code checkpoint.properties} (format version,
 * step, RNG state, optimizer iterations, data position, metadata), {@code param/<name>} and {@code
 * state/<name>} arrays and {@code optim/<network>:<name>} updater state, each array in ND4J's
 * binary form (exact round trip). SameDiff's own {@code save} is not used: it breaks the sharing
 * between graphs and stores no state of updaters applied outside {@code fit()}.
 *
 * <p>Files are written to a temporary file in the same folder and renamed over the target, so a
 * crash mid-write never leaves a half-written checkpoint under the real name.
 */
public final class Checkpoints {
  static final String FORMAT = "samegan-checkpoint";
  static final int VERSION = 1;
  private static final String MANIFEST = "checkpoint.properties";

  private Checkpoints() {}

  /** A checkpoint read from disk. */
  public record Loaded(
      long step,
      long rngState,
      int dIteration,
      int gIteration,
      long[] dataPosition,
      long initSeed,
      Map<String, String> metadata,
      Map<String, INDArray> arrays,
      Map<String, INDArray> optimizer) {}

  static void write(Path file, Checkpoint cp) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp));
          ZipOutputStream zip = new ZipOutputStream(os)) {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("version", Integer.toString(VERSION));
        p.setProperty("step", Long.toString(cp.step()));
        p.setProperty("rng", Long.toString(cp.rngState()));
        p.setProperty("iteration.D", Integer.toString(cp.dIteration()));
        p.setProperty("iteration.G", Integer.toString(cp.gIteration()));
        p.setProperty("initSeed", Long.toString(cp.initSeed()));
        p.setProperty("data.position", join(cp.dataPosition()));
        for (Map.Entry<String, String> e : cp.metadata().entrySet()) {
          p.setProperty("meta." + e.getKey(), e.getValue());
        }
        StringWriter sw = new StringWriter();
        new TreeMap<>(p).forEach((k, v) -> sw.write(ZipArchives.escapeProperty(k.toString()) + "=" + ZipArchives.escapeProperty(v.toString()) + "\n"));
        ZipArchives.putEntry(zip, MANIFEST, sw.toString().getBytes(StandardCharsets.UTF_8));
        for (ParameterStore.Entry e : cp.store().entries()) {
          String kind = e.kind() == ParameterStore.Kind.PARAMETER ? "param/" : "state/";
          ZipArchives.putEntry(zip, kind + e.name(), ZipArchives.arrayBytes(e.array()));
        }
        for (Map.Entry<String, INDArray> e : cp.optimizer().entrySet()) {
          ZipArchives.putEntry(zip, "optim/" + e.getKey(), ZipArchives.arrayBytes(e.getValue()));
        }
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a checkpoint file.
   *
   * @throws CheckpointException if the file is missing, not a SameGAN checkpoint, or corrupt
   */
  public static Loaded read(Path file) throws IOException {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    Map<String, INDArray> optim = new LinkedHashMap<>();
    Properties p = null;
    try (InputStream is = new BufferedInputStream(Files.newInputStream(file));
        ZipInputStream zip = new ZipInputStream(is)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        byte[] bytes = zip.readAllBytes();
        String n = e.getName();
        if (n.equals(MANIFEST)) {
          p = new Properties();
          p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } else if (n.startsWith("param/") || n.startsWith("state/")) {
          arrays.put(n.substring(6), ZipArchives.readArray(bytes, "Checkpoint " + file + ": entry '" + n + "' is corrupt"));
        } else if (n.startsWith("optim/")) {
          optim.put(n.substring(6), ZipArchives.readArray(bytes, "Checkpoint " + file + ": entry '" + n + "' is corrupt"));
        }
      }
    } catch (NoSuchFileException e) {
      throw new CheckpointException("Checkpoint file not found: " + file);
    } catch (ZipException e) {
      throw new CheckpointException("Not a SameGAN checkpoint (not a valid zip file): " + file, e);
    }
    if (p == null || !FORMAT.equals(p.getProperty("format"))) {
      throw new CheckpointException("Not a SameGAN checkpoint (no " + MANIFEST + "): " + file);
    }
    int version = Integer.parseInt(p.getProperty("version", "0"));
    if (version != VERSION) {
      throw new CheckpointException(
          "Checkpoint " + file + " has format version " + version + "; this SameGAN reads version " + VERSION);
    }
    Map<String, String> meta = new LinkedHashMap<>();
    for (String k : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
      if (k.startsWith("meta.")) {
        meta.put(k.substring(5), p.getProperty(k));
      }
    }
    try {
      return new Loaded(
          Long.parseLong(p.getProperty("step")),
          Long.parseLong(p.getProperty("rng")),
          Integer.parseInt(p.getProperty("iteration.D")),
          Integer.parseInt(p.getProperty("iteration.G")),
          split(p.getProperty("data.position", "")),
          Long.parseLong(p.getProperty("initSeed", "0")),
          meta, arrays, optim);
    } catch (RuntimeException e) {
      throw new CheckpointException("Checkpoint " + file + " has a corrupt manifest: " + e.getMessage(), e);
    }
  }

  /**
   * Loads the weights and batch-norm statistics of a checkpoint into a GAN built with the same
   * architecture (for sampling or evaluation; optimizer state is ignored).
   *
   * @return the checkpoint, for its step and metadata
   * @throws CheckpointException if the file is not a checkpoint of this architecture
   */
  public static Loaded loadWeights(Path file, Gan gan) throws IOException {
    Loaded cp = read(file);
    assignInto(file, cp.arrays(), gan.parameters());
    return cp;
  }

  /** Copies checkpoint arrays into the store's arrays (in place), checking names and shapes. */
  static void assignInto(Path file, Map<String, INDArray> arrays, ParameterStore store) {
    for (ParameterStore.Entry e : store.entries()) {
      INDArray src = arrays.get(e.name());
      if (src == null) {
        throw new CheckpointException(
            "Checkpoint " + file + " has no array '" + e.name()
                + "'; it was saved from a different model architecture");
      }
      if (!Arrays.equals(src.shape(), e.array().shape())) {
        throw new CheckpointException(
            "Checkpoint " + file + ": '" + e.name() + "' has shape " + Arrays.toString(src.shape())
                + " but the model expects " + Arrays.toString(e.array().shape())
                + "; it was saved from a different model configuration");
      }
    }
    if (arrays.size() != store.size()) {
      throw new CheckpointException(
          "Checkpoint " + file + " has " + arrays.size() + " arrays but the model has " + store.size()
              + "; it was saved from a different model architecture");
    }
    for (ParameterStore.Entry e : store.entries()) {
      e.array().assign(arrays.get(e.name()).castTo(e.array().dataType()));
    }
  }

  static void assignOptimizer(Path file, Map<String, INDArray> saved, Map<String, INDArray> live) {
    for (Map.Entry<String, INDArray> e : live.entrySet()) {
      INDArray src = saved.get(e.getKey());
      if (src == null || src.length() != e.getValue().length()) {
        throw new CheckpointException(
            "Checkpoint " + file + " has no matching optimizer state for '" + e.getKey()
                + "'; resume with the same optimizer types as the saved run");
      }
      e.getValue().assign(src.reshape(e.getValue().shape()).castTo(e.getValue().dataType()));
    }
  }




  private static String join(long[] v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ",").append(v[i]);
    }
    return sb.toString();
  }

  private static long[] split(String s) {
    if (s.isBlank()) {
      return new long[0];
    }
    return Arrays.stream(s.split(",")).mapToLong(Long::parseLong).toArray();
  }

}
