package io.github.samegan.core.model;

import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A discriminator with an auxiliary classifier (AC-GAN, Odena et al. 2017; InfoGAN's Q): a head
 * next to the real/fake score that predicts the class of any image. A GAN with one needs a
 * generator conditioned on the same K classes and a loss that trains the head (gan-losses' {@code
 * AuxiliaryClassifierLoss} or {@code InfoGanLoss}).
 */
public interface ClassifyingDiscriminator extends Discriminator {

  /** The number of classes K the auxiliary classifier predicts. */
  int auxiliaryClasses();

  /**
   * D's scores and the auxiliary classifier's logits {@code [B, auxiliaryClasses()]} in one pass
   * (same weights as {@link #discriminate}).
   *
   * @param labels one-hot labels for a discriminator that is also a {@link
   *     ConditionalDiscriminator}, otherwise {@code null}
   */
  WithClassLogits discriminateWithClassLogits(NetGraph g, SDVariable images, SDVariable labels);
}
