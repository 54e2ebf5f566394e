package io.github.samegan.core.model;

import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A discriminator told the class of each image it scores, e.g. a projection discriminator (Miyato
 * &amp; Koyama 2018). A GAN with one needs a generator conditioned on the same classes and labelled
 * real batches.
 */
public interface ConditionalDiscriminator extends Discriminator {

  /** The number of classes K (at least 2). */
  int numClasses();

  /**
   * The scores of images of the given classes (same weights as {@link #discriminate(NetGraph,
   * SDVariable)}).
   *
   * @param labels one-hot labels {@code [B, K]}
   */
  SDVariable discriminate(NetGraph g, SDVariable images, SDVariable labels);
}
