package io.github.samegan.core.engine;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.io.ZipArchives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SameGAN's checkpoint format, shared by every trainer on the update engine (GANs, classifiers,
 * detectors): a zip file ({@link ZipArchives}) holding {@code checkpoint.properties} (format
 * version, step, RNG state, each network's update count as {@code iteration.<network>}, data
 * position, initialisation seed, metadata as {@code meta.<key>}), {@code param/<name>} and {@code
 * state/<name>} arrays and {@code optim/<network>:<name>} updater state, each array in ND4J's
 * binary form (exact round trip). SameDiff's own {@code save} is not used: it breaks the sharing
 * between graphs and stores no state of updaters applied outside {@code fit()}.
 *
 * <p>Files are written to a temporary file in the same folder and renamed over the target, so a
 * crash mid-write never leaves a half-written checkpoint under the real name.
 *
 * <p>Every method that reads a checkpoint ({@link #read}, {@link #loadWeights}, {@link #restore})
 * takes either the {@code .ckpt} file or a folder: a run folder (its {@value #RUN_CHECKPOINT}, as
 * {@code Callbacks.checkpoints(run.resolve("checkpoints"), …)} and {@code samegan train} write it)
 * or a checkpoint folder (its {@value #LAST}); see {@link #resolve}.
 */
public final class Checkpoints {
  static final String FORMAT = "samegan-checkpoint";
  static final int VERSION = 1;
  private static final String MANIFEST = "checkpoint.properties";
  private static final String WHAT = "Checkpoint";

  /** The file {@code Callbacks.checkpoints} keeps up to date in its folder. */
  public static final String LAST = "last.ckpt";

  /** Where a run folder keeps its latest checkpoint, relative to the run folder. */
  public static final String RUN_CHECKPOINT = "checkpoints/" + LAST;

  private Checkpoints() {}

  /**
   * A checkpoint read from disk.
   *
   * @param step the training step it was saved at
   * @param rngState the trainer's RNG state
   * @param iterations each network's update count, by network name (e.g. {@code D}, {@code G})
   * @param dataPosition the data source's position
   * @param initSeed the weight-initialisation seed
   * @param metadata free-form metadata
   * @param arrays parameters and state, by name
   * @param optimizer updater state, by {@code <network>:<parameter>}
   */
  public record Loaded(
      long step,
      long rngState,
      Map<String, Integer> iterations,
      long[] dataPosition,
      long initSeed,
      Map<String, String> metadata,
      Map<String, INDArray> arrays,
      Map<String, INDArray> optimizer) {}

  /**
   * Saves a trainer's whole state atomically.
   *
   * @param updates the trainer's updates by network name (their optimizer state and update counts)
   */
  public static void write(Path file, Checkpoint cp, Map<String, NetworkUpdate> updates)
      throws IOException {
    ZipArchives.write(file, MANIFEST, manifest(cp, updates), namedArrays(cp, updates));
  }

  /**
   * A trainer's whole state in memory, as {@link #write} would save it and {@link #read} read it
   * back (arrays copied, so later updates do not change it).
   *
   * @param updates the trainer's updates by network name
   */
  public static Loaded capture(Checkpoint cp, Map<String, NetworkUpdate> updates) {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    for (ParameterStore.Entry e : cp.store().entries()) {
      arrays.put(e.name(), e.array().dup('c'));
    }
    Map<String, INDArray> optim = new LinkedHashMap<>();
    Map<String, Integer> iterations = new TreeMap<>();
    updates.forEach(
        (net, u) -> {
          iterations.put(net, u.iteration());
          u.optimizerState().forEach((k, v) -> optim.put(net + ":" + k, v.dup('c')));
        });
    return new Loaded(
        cp.step(),
        cp.rngState(),
        Map.copyOf(iterations),
        cp.dataPosition(),
        cp.initSeed(),
        cp.metadata(),
        arrays,
        optim);
  }

  private static Map<String, String> manifest(Checkpoint cp, Map<String, NetworkUpdate> updates) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("format", FORMAT);
    p.put("version", Integer.toString(VERSION));
    p.put("step", Long.toString(cp.step()));
    p.put("rng", Long.toString(cp.rngState()));
    updates.forEach((net, u) -> p.put("iteration." + net, Integer.toString(u.iteration())));
    p.put("initSeed", Long.toString(cp.initSeed()));
    p.put("data.position", join(cp.dataPosition()));
    cp.metadata().forEach((k, v) -> p.put("meta." + k, v));
    return p;
  }

  private static Map<String, INDArray> namedArrays(
      Checkpoint cp, Map<String, NetworkUpdate> updates) {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    for (ParameterStore.Entry e : cp.store().entries()) {
      arrays.put(
          (e.kind() == ParameterStore.Kind.PARAMETER ? "param/" : "state/") + e.name(), e.array());
    }
    updates.forEach(
        (net, u) -> u.optimizerState().forEach((k, v) -> arrays.put("optim/" + net + ":" + k, v)));
    return arrays;
  }

  /**
   * Restores a checkpoint written by {@link #write} into a trainer's store and updates (arrays
   * assigned in place, names and shapes checked).
   *
   * @return the checkpoint, for the step, RNG state and data position the trainer restores itself
   * @throws CheckpointException if it does not fit the store or the updates
   */
  public static Loaded restore(
      Path checkpoint, ParameterStore store, Map<String, NetworkUpdate> updates)
      throws IOException {
    Path file = resolve(checkpoint);
    return restore(read(file), "Checkpoint " + file, store, updates);
  }

  /**
   * Restores a checkpoint already in memory ({@link #read}, {@link #capture}) into a trainer's
   * store and updates, as {@link #restore(Path, ParameterStore, Map)} does.
   *
   * @param what how errors name the state, e.g. {@code "Checkpoint /runs/a/last.ckpt"}
   * @return {@code cp}
   * @throws CheckpointException if it does not fit the store or the updates
   */
  public static Loaded restore(
      Loaded cp, String what, ParameterStore store, Map<String, NetworkUpdate> updates) {
    assignInto(what, cp.arrays(), store);
    updates.forEach(
        (net, u) ->
            u.optimizerState()
                .forEach(
                    (k, live) -> {
                      INDArray src = cp.optimizer().get(net + ":" + k);
                      if (src == null || src.length() != live.length()) {
                        throw new CheckpointException(
                            what
                                + " has no matching optimizer state for '"
                                + net
                                + ":"
                                + k
                                + "'; resume with the same optimizer types as the saved run");
                      }
                      live.assign(src.reshape(live.shape()).castTo(live.dataType()));
                    }));
    for (Map.Entry<String, NetworkUpdate> e : updates.entrySet()) {
      Integer it = cp.iterations().get(e.getKey());
      if (it == null) {
        throw new CheckpointException(
            what
                + " has no update count for network '"
                + e.getKey()
                + "'; it was saved by another kind of trainer");
      }
      e.getValue().setIteration(it);
    }
    return cp;
  }

  /**
   * The checkpoint file that {@code checkpoint} names: the path itself when it is not a folder; in
   * a run folder its {@value #RUN_CHECKPOINT}; in a checkpoint folder its {@value #LAST}.
   *
   * @throws CheckpointException if {@code checkpoint} is a folder that holds neither
   */
  public static Path resolve(Path checkpoint) {
    if (!Files.isDirectory(checkpoint)) {
      return checkpoint;
    }
    for (String name : new String[] {RUN_CHECKPOINT, LAST}) {
      Path file = checkpoint.resolve(name);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new CheckpointException(
        "No checkpoint in the folder "
            + checkpoint
            + ": expected "
            + checkpoint.resolve(RUN_CHECKPOINT)
            + " (a run folder) or "
            + checkpoint.resolve(LAST)
            + " (a checkpoint folder); or name a .ckpt file");
  }

  /**
   * Reads a checkpoint: a {@code .ckpt} file, or the latest one of a run or checkpoint folder
   * ({@link #resolve}).
   *
   * @throws CheckpointException if the file is missing, not a SameGAN checkpoint, or corrupt
   */
  public static Loaded read(Path checkpoint) throws IOException {
    Path file = resolve(checkpoint);
    ZipArchives.Contents c =
        ZipArchives.read(
            file,
            MANIFEST,
            n -> n.startsWith("param/") || n.startsWith("state/") || n.startsWith("optim/"),
            WHAT);
    Properties p = c.manifest();
    if (p == null || !FORMAT.equals(p.getProperty("format"))) {
      throw new CheckpointException("Not a SameGAN checkpoint (no " + MANIFEST + "): " + file);
    }
    String version = p.getProperty("version", "0");
    if (!version.equals(Integer.toString(VERSION))) {
      throw new CheckpointException(
          "Checkpoint "
              + file
              + " has format version "
              + version
              + "; this SameGAN reads version "
              + VERSION);
    }
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    Map<String, INDArray> optim = new LinkedHashMap<>();
    c.arrays().forEach((n, a) -> (n.startsWith("optim/") ? optim : arrays).put(n.substring(6), a));
    Map<String, String> meta = new LinkedHashMap<>();
    Map<String, Integer> iterations = new TreeMap<>();
    try {
      for (String k : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
        if (k.startsWith("meta.")) {
          meta.put(k.substring(5), p.getProperty(k));
        } else if (k.startsWith("iteration.")) {
          iterations.put(k.substring(10), Integer.parseInt(p.getProperty(k)));
        }
      }
      return new Loaded(
          Long.parseLong(p.getProperty("step")),
          Long.parseLong(p.getProperty("rng")),
          Map.copyOf(iterations),
          split(p.getProperty("data.position", "")),
          Long.parseLong(p.getProperty("initSeed", "0")),
          meta,
          arrays,
          optim);
    } catch (RuntimeException e) {
      throw new CheckpointException(
          "Checkpoint " + file + " has a corrupt manifest: " + e.getMessage(), e);
    }
  }

  /**
   * Loads the weights and state (batch-norm statistics, EMA copies, …) of a checkpoint into a store
   * built with the same architecture, e.g. a GAN's ({@code Checkpoints.loadWeights(runDir,
   * gan.parameters())}) for sampling or evaluation; optimizer state is ignored.
   *
   * @param checkpoint a {@code .ckpt} file, or a run or checkpoint folder ({@link #resolve})
   * @return the checkpoint, for its step and metadata
   * @throws CheckpointException if the file is not a checkpoint of this architecture
   */
  public static Loaded loadWeights(Path checkpoint, ParameterStore store) throws IOException {
    Path file = resolve(checkpoint);
    Loaded cp = read(file);
    assignInto("Checkpoint " + file, cp.arrays(), store);
    return cp;
  }

  /** Copies checkpoint arrays into the store's arrays (in place), checking names and shapes. */
  static void assignInto(String what, Map<String, INDArray> arrays, ParameterStore store) {
    store.assignFrom(
        arrays,
        problem ->
            new CheckpointException(
                what
                    + problem
                    + "; it was saved from a different model architecture or configuration"));
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
