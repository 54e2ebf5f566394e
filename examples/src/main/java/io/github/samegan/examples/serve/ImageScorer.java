package io.github.samegan.examples.serve;

import io.github.samegan.core.ImageShape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A real-vs-generated detector as {@code samegan serve} sees it: {@code POST /api/detect} decodes
 * the upload, resizes it to {@link #inputShape()} and asks for the probability that it was
 * generated. gan-detect's detectors plug in through {@link DetectorScorer}.
 */
public interface ImageScorer {

  /**
   * The image shape the scorer expects; uploads are resized (and converted to grey or RGB) to it.
   *
   * @return channels, height and width
   */
  ImageShape inputShape();

  /**
   * The probability that an image was generated rather than real.
   *
   * @param imageCHW one image {@code [C, H, W]} of {@link #inputShape()}, values in [-1, 1]
   * @return a probability in [0, 1]
   */
  double probabilityFake(INDArray imageCHW);

  /**
   * The probability at and above which an image is called generated (the {@code verdict} of {@code
   * /api/detect}).
   *
   * @return a probability in [0, 1]; 0.5 unless the scorer has a calibrated threshold
   */
  default double threshold() {
    return 0.5;
  }

  /**
   * A short description for {@code /api/health} and {@code /api/detect} responses.
   *
   * @return the description
   */
  default String describe() {
    return getClass().getSimpleName() + " " + inputShape();
  }
}
