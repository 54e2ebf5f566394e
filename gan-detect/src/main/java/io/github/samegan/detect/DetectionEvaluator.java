package io.github.samegan.detect;

import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.augment.AugmentPipeline;
import io.github.samegan.data.augment.Augmentations;
import io.github.samegan.data.augment.AugmentedDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates a {@link Detector} the way CNNDetection does: AP, ROC AUC and accuracy on real and on
 * generated images, per generator and over all of them, first on the images as they are and then
 * under post-processing applied to real and generated images alike — Gaussian blur of each σ in
 * {@link Builder#blurSigmas} and JPEG re-compression at each quality in {@link
 * Builder#jpegQualities} (the paper's robustness figure). Every image is scored once per condition.
 */
public final class DetectionEvaluator {
  /** Default blur sweep (σ in pixels). */
  public static final double[] DEFAULT_BLUR = {1, 2, 3};

  /** Default JPEG sweep (quality). */
  public static final int[] DEFAULT_JPEG = {95, 75, 50, 30};

  private final Detector detector;
  private final double[] blurSigmas;
  private final int[] jpegQualities;
  private final int batch;

  private DetectionEvaluator(Builder b) {
    this.detector = b.detector;
    this.blurSigmas = b.blurSigmas;
    this.jpegQualities = b.jpegQualities;
    this.batch = b.batch;
  }

  /** Starts a builder (default sweeps {@link #DEFAULT_BLUR} and {@link #DEFAULT_JPEG}). */
  public static Builder builder(Detector detector) {
    return new Builder(detector);
  }

  /**
   * Scores the real images and every generator's images under each condition.
   *
   * @param real real images of the detector's shape (at least one)
   * @param fakes one set per generator (at least one set, each of the detector's shape)
   * @param notes remarks to carry into the report
   * @throws IllegalArgumentException if a set has another image shape or none is given
   */
  public DetectionReport evaluate(
      ImageDataset real, List<? extends ImageDataset> fakes, List<String> notes) {
    Objects.requireNonNull(real, "real");
    if (fakes.isEmpty()) {
      throw new IllegalArgumentException(
          "Need at least one set of generated images to evaluate against");
    }
    detector.requireShape(real.info(), "the real set '" + real.name() + "'");
    for (ImageDataset f : fakes) {
      detector.requireShape(f.info(), "the generated set '" + f.name() + "'");
    }
    List<DetectionReport.Condition> conditions = new ArrayList<>();
    conditions.add(condition("none", null, real, fakes));
    for (double s : blurSigmas) {
      conditions.add(
          condition(
              "blur sigma=" + trim(s),
              AugmentPipeline.builder().add(Augmentations.gaussianBlur(s, s)).build(),
              real,
              fakes));
    }
    for (int q : jpegQualities) {
      conditions.add(
          condition(
              "jpeg quality=" + q,
              AugmentPipeline.builder().add(Augmentations.jpeg(q, q)).build(),
              real,
              fakes));
    }
    return new DetectionReport(
        detector.describe(),
        detector.threshold(),
        detector.info().thresholdSource(),
        real.name() + " (" + real.size() + " images)",
        conditions,
        notes);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private DetectionReport.Condition condition(
      String name, AugmentPipeline post, ImageDataset real, List<? extends ImageDataset> fakes) {
    double[] r = detector.probabilityFake(processed(real, post), batch);
    List<DetectionReport.Row> rows = new ArrayList<>();
    double[] all = new double[0];
    for (ImageDataset f : fakes) {
      double[] p = detector.probabilityFake(processed(f, post), batch);
      rows.add(DetectionReport.Row.of(f.name(), r, p, detector.threshold()));
      int at = all.length;
      all = Arrays.copyOf(all, at + p.length);
      System.arraycopy(p, 0, all, at, p.length);
    }
    if (fakes.size() > 1) {
      rows.add(DetectionReport.Row.of(DetectionReport.ALL, r, all, detector.threshold()));
    }
    return new DetectionReport.Condition(name, rows);
  }

  private static ImageDataset processed(ImageDataset d, AugmentPipeline post) {
    return post == null ? d : AugmentedDataset.of(d, post, 1, false);
  }

  /** Options of {@link DetectionEvaluator}. */
  public static final class Builder {
    private final Detector detector;
    private double[] blurSigmas = DEFAULT_BLUR.clone();
    private int[] jpegQualities = DEFAULT_JPEG.clone();
    private int batch = 250;

    private Builder(Detector detector) {
      this.detector = Objects.requireNonNull(detector, "detector");
    }

    /** Blur σ values to sweep, each in (0, 50] (none: no blur sweep). */
    public Builder blurSigmas(double... sigmas) {
      for (double s : sigmas) {
        Checks.inRange("Blur sigmas (pixels)", s, Double.MIN_VALUE, 50);
      }
      this.blurSigmas = sigmas.clone();
      return this;
    }

    /** JPEG qualities to sweep, each in [1, 100] (none: no JPEG sweep). */
    public Builder jpegQualities(int... qualities) {
      for (int q : qualities) {
        Checks.inRange("JPEG qualities", q, 1, 100);
      }
      this.jpegQualities = qualities.clone();
      return this;
    }

    /** Images per inference batch (default 250). */
    public Builder batch(int n) {
      this.batch = Checks.inRange("batch", n, 1, 4096);
      return this;
    }

    /** The evaluator. */
    public DetectionEvaluator build() {
      return new DetectionEvaluator(this);
    }
  }
}
