package io.github.samegan.spark;

import java.io.Serializable;

/**
 * How a sweep runs its trainings (every field has a default; see {@link #defaults()}).
 *
 * @param dataDir the folder holding downloaded data sets, the same path on every executor (the
 *     embedded {@code shapes} set needs none)
 * @param imageSize image side for data sets that resize (image folders)
 * @param threadsPerTask ND4J threads per Spark task (one task trains one run)
 * @param checkpointEvery copy a checkpoint to the run folder every this many steps (0: only at the
 *     end); an interrupted run resumes from it when the sweep is rerun
 * @param evalSamples images of each kind for the Fréchet distance at the end (0: none)
 * @param features the feature network for that distance (needed when {@code evalSamples > 0})
 */
public record SweepOptions(
    String dataDir,
    int imageSize,
    int threadsPerTask,
    long checkpointEvery,
    int evalSamples,
    FeatureExtractorFactory features)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validates ranges and that the distance has a feature network. */
  public SweepOptions {
    if (dataDir == null || dataDir.isBlank()) {
      throw new IllegalArgumentException("dataDir must name a folder, found '" + dataDir + "'");
    }
    if (imageSize < 1) {
      throw new IllegalArgumentException("imageSize must be at least 1, found " + imageSize);
    }
    if (threadsPerTask < 1) {
      throw new IllegalArgumentException(
          "threadsPerTask must be at least 1, found " + threadsPerTask);
    }
    if (checkpointEvery < 0) {
      throw new IllegalArgumentException(
          "checkpointEvery must not be negative, found " + checkpointEvery);
    }
    if (evalSamples < 0 || evalSamples == 1) {
      throw new IllegalArgumentException(
          "evalSamples must be 0 (no distance) or at least 2, found " + evalSamples);
    }
    if (evalSamples > 0 && features == null) {
      throw new IllegalArgumentException(
          "evalSamples " + evalSamples + " needs a feature network: set features");
    }
  }

  /** Data in {@code data/}, 32-pixel images, one thread per task, no checkpoints between, no FD. */
  public static SweepOptions defaults() {
    return new SweepOptions("data", 32, 1, 0, 0, null);
  }

  /** These options with another data folder. */
  public SweepOptions withDataDir(String dir) {
    return new SweepOptions(dir, imageSize, threadsPerTask, checkpointEvery, evalSamples, features);
  }

  /** These options with another number of threads per task. */
  public SweepOptions withThreadsPerTask(int n) {
    return new SweepOptions(dataDir, imageSize, n, checkpointEvery, evalSamples, features);
  }

  /** These options with checkpoints copied every {@code steps} steps. */
  public SweepOptions withCheckpointEvery(long steps) {
    return new SweepOptions(dataDir, imageSize, threadsPerTask, steps, evalSamples, features);
  }

  /** These options with a Fréchet distance on {@code samples} images at the end of each run. */
  public SweepOptions withDistance(int samples, FeatureExtractorFactory network) {
    return new SweepOptions(dataDir, imageSize, threadsPerTask, checkpointEvery, samples, network);
  }
}
