package io.github.samegan.core.loss;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * An extra term of the generator's objective, beside the adversarial loss: with terms {@code tᵢ}
 * and weights {@code wᵢ(step)} ({@link WeightSchedule}) the generator minimises {@code L_G + Σᵢ
 * wᵢ(step)·tᵢ(G(z))}. The discriminator's update never sees a term.
 *
 * <p>The hook behind detector-aware training (gan-detect's {@code DetectorTerm}: a frozen detector
 * scores G's images and G is pushed towards "real"), and open to any differentiable function of the
 * generated batch, e.g. a frozen feature network's distance to a target. A term may build networks
 * of its own into the graph: whatever it does not name {@code G/…} is a constant there, so only the
 * generator's weights move.
 *
 * <p>Register terms with {@code Gan.Builder#generatorTerm}; the GAN builds each once into its
 * generator-update graph and reports the term's (unweighted) mean value and its weight every step
 * under {@link #name()} and {@code name + "_weight"} (see {@code StepStats#metrics()}).
 */
public interface GeneratorTerm {

  /**
   * A short identifier, unique among a GAN's terms: letters, digits, {@code _}, {@code -} and
   * {@code .} (it names the graph's variables and a column of the loss log), e.g. {@code evade_0}.
   */
  String name();

  /**
   * Checks, before any graph is built or weight allocated, that the term can take the generator's
   * images. The default accepts every shape.
   *
   * @param shape the generator's image shape
   * @throws IllegalArgumentException naming the mismatch and the fix
   */
  default void check(ImageShape shape) {}

  /**
   * Adds the term to the generator-update graph.
   *
   * @param g the generator-update graph (training mode); a term that builds a frozen network into
   *     {@code g.sd()} should use its own {@link NetGraph} in inference mode
   * @param fakeImages the generated batch {@code [B, C, H, W]} in [−1, 1] as the generator made it
   *     (before any DiffAugment or ADA)
   * @param shape the generator's image shape
   * @return a scalar to be minimised (the GAN multiplies it by the scheduled weight)
   * @throws IllegalArgumentException if the term cannot take the generator's images (e.g. another
   *     shape), naming both
   */
  SDVariable build(NetGraph g, SDVariable fakeImages, ImageShape shape);
}
