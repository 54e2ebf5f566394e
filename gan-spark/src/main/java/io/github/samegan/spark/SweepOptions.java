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
 * @param evalSamples images of each kind for the Fréchet and kernel inception distances at the end
 *     (0: none)
 * @param features the feature network for those distances (needed when {@code evalSamples > 0})
 * @param detector a saved detector whose detection rate on the run's samples is recorded at the
 *     end, or null for none
 * @param detectSamples generated images the detector scores (needed when a detector is given)
 */
public record SweepOptions(
    String dataDir,
    int imageSize,
    int threadsPerTask,
    long checkpointEvery,
    int evalSamples,
    FeatureExtractorFactory features,
    DetectorSpec detector,
    int detectSamples)
    implements Serializable {
  private static final long serialVersionUID = 2L;

  /** Validates ranges, that the distance has a feature network and the detector a sample count. */
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
    if (detector != null && detectSamples < 1) {
      throw new IllegalArgumentException(
          "a detector needs at least 1 image to score, found detectSamples " + detectSamples);
    }
    if (detector == null && detectSamples != 0) {
      throw new IllegalArgumentException(
          "detectSamples " + detectSamples + " needs a detector: use withDetector");
    }
  }

  /** Data in {@code data/}, 32-pixel images, one thread per task, no checkpoints between, no FD. */
  public static SweepOptions defaults() {
    return new SweepOptions("data", 32, 1, 0, 0, null, null, 0);
  }

  /** These options with another data folder. */
  public SweepOptions withDataDir(String dir) {
    return new SweepOptions(
        dir,
        imageSize,
        threadsPerTask,
        checkpointEvery,
        evalSamples,
        features,
        detector,
        detectSamples);
  }

  /** These options with another image side for data sets that resize. */
  public SweepOptions withImageSize(int size) {
    return new SweepOptions(
        dataDir,
        size,
        threadsPerTask,
        checkpointEvery,
        evalSamples,
        features,
        detector,
        detectSamples);
  }

  /** These options with another number of threads per task. */
  public SweepOptions withThreadsPerTask(int n) {
    return new SweepOptions(
        dataDir, imageSize, n, checkpointEvery, evalSamples, features, detector, detectSamples);
  }

  /** These options with checkpoints copied every {@code steps} steps. */
  public SweepOptions withCheckpointEvery(long steps) {
    return new SweepOptions(
        dataDir, imageSize, threadsPerTask, steps, evalSamples, features, detector, detectSamples);
  }

  /**
   * These options with the Fréchet and kernel inception distances on {@code samples} images of each
   * kind at the end of each run.
   */
  public SweepOptions withDistance(int samples, FeatureExtractorFactory network) {
    return new SweepOptions(
        dataDir,
        imageSize,
        threadsPerTask,
        checkpointEvery,
        samples,
        network,
        detector,
        detectSamples);
  }

  /**
   * These options with a detection rate at the end of each run: the share of {@code samples}
   * generated images (8-bit, as gan-detect scores them) that {@code spec}'s detector calls
   * generated.
   */
  public SweepOptions withDetector(DetectorSpec spec, int samples) {
    return new SweepOptions(
        dataDir, imageSize, threadsPerTask, checkpointEvery, evalSamples, features, spec, samples);
  }
}
