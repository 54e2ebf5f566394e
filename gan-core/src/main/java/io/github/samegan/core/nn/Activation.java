package io.github.samegan.core.nn;

import io.github.samegan.core.graph.NetGraph;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Elementwise activation functions as parameter-free layers.
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
      case RELU -> g.sd().nn().relu(x, 0.0);
      case LEAKY_RELU -> g.sd().nn().leakyRelu(x, alpha);
      case TANH -> g.sd().math().tanh(x);
      case SIGMOID -> g.sd().nn().sigmoid(x);
      case SOFTPLUS -> g.sd().nn().softplus(x);
      case SWISH -> g.sd().nn().swish(x);
      case IDENTITY -> x;
    };
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
