package io.github.samegan.core.model;

import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/** A discriminator that exposes an intermediate feature per image, for feature matching. */
public interface FeatureDiscriminator extends Discriminator {

  /**
   * An intermediate feature of the discriminator for each image, flattened to {@code [B, F]} (e.g.
   * the last hidden layer). Same weights as {@link #discriminate}.
   *
   * @throws IllegalStateException if this instance exposes no features after all (e.g. a sequential
   *     discriminator whose body is not a {@code Sequential})
   */
  SDVariable features(NetGraph g, SDVariable images);
}
