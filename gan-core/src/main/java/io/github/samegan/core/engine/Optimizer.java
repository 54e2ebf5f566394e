package io.github.samegan.core.engine;

import java.util.Objects;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * One network's optimizer: an ND4J {@link IUpdater} configuration (Adam, SGD, RMSProp, or any other
 * ND4J updater, with its learning-rate schedule). Each network of a GAN has its own.
 *
 * @param updater the ND4J updater configuration
 */
public record Optimizer(IUpdater updater) {

  /** Validates the updater. */
  public Optimizer {
    Objects.requireNonNull(updater, "updater");
  }

  /**
   * Adam (Kingma &amp; Ba 2014).
   *
   * @param lr learning rate, &gt; 0
   * @param beta1 first-moment decay in [0, 1)
   * @param beta2 second-moment decay in [0, 1)
   */
  public static Optimizer adam(double lr, double beta1, double beta2) {
    requireLr(lr);
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          "Adam betas must be in [0, 1), found beta1=" + beta1 + ", beta2=" + beta2);
    }
    return new Optimizer(new Adam(lr, beta1, beta2, 1e-8));
  }

  /** Plain SGD. */
  public static Optimizer sgd(double lr) {
    requireLr(lr);
    return new Optimizer(new Sgd(lr));
  }

  /** RMSProp (decay 0.95, ε 1e-8), as in the original WGAN. */
  public static Optimizer rmsProp(double lr) {
    requireLr(lr);
    return new Optimizer(new RmsProp(lr, RmsProp.DEFAULT_RMSPROP_RMSDECAY, 1e-8));
  }

  /** Parses {@code adam}, {@code sgd} or {@code rmsprop} with the given hyper-parameters. */
  public static Optimizer parse(String name, double lr, double beta1, double beta2) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "adam" -> adam(lr, beta1, beta2);
      case "sgd" -> sgd(lr);
      case "rmsprop" -> rmsProp(lr);
      default ->
          throw new IllegalArgumentException(
              "Unknown optimizer '" + name + "'; expected one of adam, sgd, rmsprop");
    };
  }

  private static void requireLr(double lr) {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException(
          "Learning rate must be a positive finite number, found " + lr);
    }
  }

  @Override
  public String toString() {
    return updater.toString();
  }
}
