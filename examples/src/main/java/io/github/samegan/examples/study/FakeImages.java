package io.github.samegan.examples.study;

import io.github.samegan.core.ImageShape;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A source of generated images for the study and {@code /api/generate}. */
public interface FakeImages {

  /**
   * Generates {@code n} images deterministically from {@code seed}.
   *
   * @param n number of images, at least 1
   * @param seed latent noise seed: the same seed gives the same images
   * @return images {@code [n, C, H, W]} in [-1, 1]
   */
  INDArray sample(int n, long seed);

  /**
   * The shape of one generated image.
   *
   * @return channels, height and width
   */
  ImageShape shape();
}
