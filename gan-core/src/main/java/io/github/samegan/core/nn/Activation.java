package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.samediff.GraphQueries;
import io.github.samegan.core.samediff.MaskMultiplyOp;
import io.github.samegan.core.samediff.ReluOp;
import io.github.samegan.core.samediff.SameDiffPatches;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Elementwise activation functions as parameter-free layers.
 *
 * <p>Input gradient ({@link #trace}): the output gradient times the derivative written with forward
 * ops: ReLU and leaky ReLU multiply by their slope mask {@code x > 0 ? 1 : α} (a piecewise-constant
 * function of x, whose own derivative is zero), tanh by {@code 1 − y²}, sigmoid by {@code y(1 −
 * y)}, softplus by {@code σ(x)}, swish by {@code σ(x)(1 + x(1 − σ(x)))}.
 *
 * @param type which function
 * @param alpha negative slope for {@link Type#LEAKY_RELU}; ignored otherwise
 */
public record Activation(Type type, double alpha) implements Layer {

  /** The supported functions. */
  public enum Type {
    /** max(x, 0). */
    RELU,
    /** x for x &gt; 0, αx otherwise. */
    LEAKY_RELU,
    /** tanh(x). */
    TANH,
    /** 1 / (1 + e^−x). */
    SIGMOID,
    /** Softplus log(1 + e^x): a smooth ReLU, used for gradient checks. */
    SOFTPLUS,
    /** x·sigmoid(x). */
    SWISH,
    /** Identity. */
    IDENTITY
  }

  /** Validates α. */
  public Activation {
    if (type == Type.LEAKY_RELU && !(alpha >= 0 && alpha < 1)) {
      throw new IllegalArgumentException("LeakyReLU slope must be in [0, 1), found " + alpha);
    }
  }

  /** ReLU. */
  public static Activation relu() {
    return new Activation(Type.RELU, 0);
  }

  /** LeakyReLU with slope α (0.2 in DCGAN). */
  public static Activation leakyRelu(double alpha) {
    return new Activation(Type.LEAKY_RELU, alpha);
  }

  /** tanh. */
  public static Activation tanh() {
    return new Activation(Type.TANH, 0);
  }

  /** Sigmoid. */
  public static Activation sigmoid() {
    return new Activation(Type.SIGMOID, 0);
  }

  /** Softplus. */
  public static Activation softplus() {
    return new Activation(Type.SOFTPLUS, 0);
  }

  /** Swish / SiLU. */
  public static Activation swish() {
    return new Activation(Type.SWISH, 0);
  }

  @Override
  public SDVariable forward(NetGraph g, SDVariable x) {
    return switch (type) {
      // Where no gradient can flow back (e.g. the generator in the discriminator's update, or
      // sampling), ReLU is libnd4j's legacy relu. With a gradient, ReLU is ReluOp: the custom relu
      // forward and dy·step(x) backward, fewer full-size passes than a mask (docs/benchmarks.md,
      // "Batch norm and ReLU from fewer passes"; -Dsamegan.oldOps.relu=true builds the mask for
      // A/B runs). Leaky ReLU is x·mask with a mask that carries no gradient (it comes from a
      // boolean comparison), whose backward pass is one multiply (MaskMultiplyOp).
      case RELU, LEAKY_RELU ->
          type == Type.RELU && !GraphQueries.dependsOnTrainable(g.sd(), x)
              ? g.sd().nn().relu(x, 0.0)
              : type == Type.RELU && !SameDiffPatches.oldOps("relu")
                  ? ReluOp.apply(g.sd(), x)
                  : MaskMultiplyOp.apply(g.sd(), x, slopeMask(g, x));
      case TANH -> g.sd().math().tanh(x);
      case SIGMOID -> g.sd().nn().sigmoid(x);
      case SOFTPLUS -> g.sd().nn().softplus(x);
      case SWISH -> g.sd().nn().swish(x);
      case IDENTITY -> x;
    };
  }

  @Override
  public boolean providesInputGradient() {
    return true;
  }

  @Override
  public Traced trace(NetGraph g, SDVariable x, long[] inputShape) {
    // Leaky ReLU (and ReLU built the old way): the input gradient reuses the forward pass's
    // mask; ReluOp's ReLU builds its mask only if the input gradient is asked for.
    boolean reluOp = type == Type.RELU && !SameDiffPatches.oldOps("relu");
    SDVariable mask =
        (type == Type.RELU || type == Type.LEAKY_RELU) && !reluOp ? slopeMask(g, x) : null;
    SDVariable y =
        mask != null
            ? MaskMultiplyOp.apply(g.sd(), x, mask)
            : reluOp ? ReluOp.apply(g.sd(), x) : forward(g, x);
    return new Traced(
        y,
        dy ->
            switch (type) {
              case RELU, LEAKY_RELU -> dy.mul(mask != null ? mask : slopeMask(g, x));
              case TANH -> dy.mul(g.sd().math().square(y).rsub(1.0));
              case SIGMOID -> dy.mul(y.mul(y.rsub(1.0)));
              case SOFTPLUS -> dy.mul(g.sd().nn().sigmoid(x));
              case SWISH -> {
                SDVariable s = g.sd().nn().sigmoid(x);
                yield dy.mul(s.mul(x.mul(s.rsub(1.0)).add(1.0)));
              }
              case IDENTITY -> dy;
            });
  }

  /**
   * The slope: 1 where x &gt; 0, else 0 (ReLU) or α (leaky ReLU, {@code max(mask, α)} as α &lt; 1),
   * in the graph's type. It comes from a boolean comparison, so it carries no gradient.
   */
  private SDVariable slopeMask(NetGraph g, SDVariable x) {
    SDVariable mask = g.sd().gt(x, 0.0).castTo(g.dtype());
    return type == Type.LEAKY_RELU && alpha > 0 ? g.sd().scalarMax(mask, alpha) : mask;
  }

  @Override
  public long[] outputShape(long[] inputShape) {
    return inputShape.clone();
  }

  @Override
  public String kind() {
    return type.name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
  }
}
