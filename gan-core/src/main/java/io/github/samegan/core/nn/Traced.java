package io.github.samegan.core.nn;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A layer's forward output together with its <em>input gradient built from forward ops</em>: a
 * function that maps the gradient of some scalar with respect to the output, {@code ∂L/∂y}, to its
 * gradient with respect to the input, {@code ∂L/∂x = (∂y/∂x)ᵀ·∂L/∂y} (a vector–Jacobian product).
 *
 * <p>SameDiff 1.0.0-M2.1 cannot differentiate a gradient (double backprop throws), so a gradient
 * penalty on {@code ∂D/∂x} (WGAN-GP, R1, R2, DRAGAN) cannot ask SameDiff for the input gradient and
 * then differentiate the penalty. Instead each block writes its input gradient with ordinary
 * forward ops (dense: {@code dy·Wᵀ}; convolution: the transposed convolution with the same weights;
 * leaky ReLU: multiply by the slope mask; …), which SameDiff can differentiate once more with
 * respect to the block's parameters. See {@link Layer#trace}.
 *
 * @param output the layer's output, exactly as {@link Layer#forward} would produce it
 * @param backward maps {@code ∂L/∂output} to {@code ∂L/∂input} using forward ops only
 */
public record Traced(SDVariable output, UnaryOperator<SDVariable> backward) {

  /** Validates the components. */
  public Traced {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(backward, "backward");
  }

  /** The input gradient for an output gradient (shorthand for {@code backward().apply(dy)}). */
  public SDVariable inputGradient(SDVariable outputGradient) {
    return backward.apply(outputGradient);
  }
}
