package io.github.samegan.examples.serve;

import io.github.samegan.core.ImageShape;
import io.github.samegan.detect.Detector;
import io.github.samegan.detect.DetectorFiles;
import java.nio.file.Path;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A gan-detect {@link Detector} behind {@code /api/detect}: its {@code P(fake)} and its stored,
 * validation-chosen threshold for the verdict. Uploads are resized to the detector's shape by the
 * server, which a detector trained on images of that size tolerates less well than a native image
 * (resizing smooths the traces it looks for); the response reports the upload's own size.
 */
public final class DetectorScorer implements ImageScorer {
  private final Detector detector;
  private final String description;

  /**
   * Wraps a loaded detector.
   *
   * @param detector the detector
   * @param file where it was loaded from (named in the description)
   */
  public DetectorScorer(Detector detector, Path file) {
    this.detector = Objects.requireNonNull(detector, "detector");
    this.description = "detector " + DetectorFiles.resolve(file) + ": " + detector.describe();
  }

  @Override
  public ImageShape inputShape() {
    return detector.inputShape();
  }

  @Override
  public synchronized double probabilityFake(INDArray imageCHW) {
    ImageShape s = detector.inputShape();
    return detector.probabilityFake(imageCHW.reshape(1, s.channels(), s.height(), s.width()))[0];
  }

  @Override
  public double threshold() {
    return detector.threshold();
  }

  @Override
  public String describe() {
    return description;
  }
}
