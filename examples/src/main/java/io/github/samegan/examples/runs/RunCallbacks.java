package io.github.samegan.examples.runs;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Callbacks;
import io.github.samegan.core.train.TrainingCallback;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.detect.DetectionCallback;
import io.github.samegan.detect.DetectorFiles;
import io.github.samegan.eval.metrics.EvaluationCallback;
import io.github.samegan.eval.metrics.FeatureExtractor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The training callbacks a run may add beside the trainer's own (progress, loss log, sample grids,
 * checkpoints): periodic evaluation, periodic detection and per-class sample grids. {@code samegan
 * train} and the example programs build them here, so no command builds another's internals. (The
 * report kept up to date while training is {@code report.ReportCallback}.)
 */
public final class RunCallbacks {
  private RunCallbacks() {}

  /** A callback that does nothing (an extra that is off). */
  public static TrainingCallback none() {
    return new TrainingCallback() {};
  }

  /**
   * The {@code samegan train --eval-every N --eval-features F --eval-n M} callback: FD and KID of M
   * generated images against M images of the training data every N steps, appended to {@code
   * OUT/eval.csv}; a no-op callback when {@code every} is 0.
   *
   * @throws IllegalArgumentException if N is negative, N and F disagree (N = 0 needs no F, N ≥ 1
   *     needs one) or M is below 2
   * @throws IOException if the feature network cannot be read
   */
  public static TrainingCallback evaluation(
      int every,
      String features,
      int samples,
      ImageDataset data,
      String dataset,
      ImageShape shape,
      Path out,
      PrintStream log)
      throws IOException {
    if (!PeriodicOption.enabled(
        "--eval-every", every, "--eval-features", features, FeatureNetworks.HELP)) {
      return none();
    }
    if (samples < 2) {
      throw new IllegalArgumentException("--eval-n must be >= 2, found " + samples);
    }
    int n = Math.min(samples, data.size());
    FeatureExtractor fx = FeatureNetworks.load(features, shape);
    return EvaluationCallback.builder(
            fx,
            () -> {
              BatchIterator it =
                  BatchIterator.builder(data, Math.min(250, data.size()))
                      .seed(0)
                      .dropLast(false)
                      .build();
              return Stream.generate(it::next).iterator();
            },
            dataset,
            "train",
            out.resolve("eval.csv"))
        .every(every)
        .samples(n)
        .log(log)
        .build();
  }

  /**
   * The {@code samegan train --detect-every N --detector D... --detect-n M} callbacks: the
   * detection rate of M samples every N steps under each detector (repeatable), the first appended
   * to {@code OUT/detection.csv}, the k-th (k ≥ 2) to {@code OUT/detection-k.csv}, each row naming
   * its detector; none when N is 0.
   *
   * @throws IllegalArgumentException if N is negative, N and D disagree (N = 0 needs no D, N ≥ 1
   *     needs one) or M is below 1
   * @throws IOException if a detector cannot be read
   */
  public static List<TrainingCallback> detection(
      int every, List<Path> detectors, int samples, Path out, PrintStream log) throws IOException {
    if (!PeriodicOption.enabled(
        "--detect-every",
        every,
        "--detector",
        detectors.isEmpty() ? null : detectors,
        "(a 'samegan detect train' file or folder)")) {
      return List.of();
    }
    if (samples < 1) {
      throw new IllegalArgumentException("--detect-n must be >= 1, found " + samples);
    }
    List<TrainingCallback> callbacks = new java.util.ArrayList<>();
    for (int i = 0; i < detectors.size(); i++) {
      String csv = i == 0 ? "detection.csv" : "detection-" + (i + 1) + ".csv";
      callbacks.add(
          DetectionCallback.builder(DetectorFiles.load(detectors.get(i)), out.resolve(csv))
              .every(every)
              .samples(samples)
              .log(log)
              .build());
    }
    return callbacks;
  }

  /**
   * A training callback writing {@code dir/step-NNNNNN.png}, a class grid ({@link ClassGrids}) from
   * the same noise each time (seeded by {@code seed}), whenever {@link Callbacks#sampleGrid} writes
   * a grid: at the start, every {@code every} steps and at the end.
   */
  public static TrainingCallback classGrids(
      Path dir, int every, int[] classes, int perClass, long seed) {
    return Callbacks.periodic(
        every,
        t -> {
          try {
            ClassGrids.write(
                t.gan(),
                classes,
                perClass,
                new Rng(seed),
                2,
                dir.resolve(String.format(Locale.ROOT, "step-%06d.png", t.currentStep())));
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot write class grid in " + dir, e);
          }
        });
  }
}
