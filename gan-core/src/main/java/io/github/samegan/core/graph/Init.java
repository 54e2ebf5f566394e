package io.github.samegan.core.graph;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a parameter array is initialised. Initialisers draw from SameGAN's seeded {@link Rng} so that
 * a model built twice with the same seed has bit-identical weights.
 */
@FunctionalInterface
public interface Init {

  /**
   * Creates the initial array.
   *
   * @param rng the seeded generator to draw from
   * @param type the data type of the parameter
   * @param shape the parameter shape
   * @param fanIn number of inputs feeding each output unit (for scaled initialisers)
   */
  INDArray create(Rng rng, DataType type, long[] shape, long fanIn);

  /** N(0, std²): the DCGAN paper's choice with std = 0.02. */
  static Init normal(double std) {
    return (rng, type, shape, fanIn) -> rng.gaussian(type, shape).muli(std);
  }

  /** N(mean, std²), e.g. batch-norm γ ~ N(1, 0.02²) as in the DCGAN reference code. */
  static Init normal(double mean, double std) {
    return (rng, type, shape, fanIn) -> rng.gaussian(type, shape).muli(std).addi(mean);
  }

  /** He/Kaiming-normal: N(0, 2 / fanIn). */
  static Init heNormal() {
    return (rng, type, shape, fanIn) -> rng.gaussian(type, shape).muli(Math.sqrt(2.0 / fanIn));
  }

  /** Xavier/Glorot-uniform scaled by fan-in only: U(−√(3/fanIn), √(3/fanIn)). */
  static Init lecunUniform() {
    return (rng, type, shape, fanIn) -> {
      double a = Math.sqrt(3.0 / fanIn);
      return rng.uniform(type, -a, a, shape);
    };
  }

  /** All zeros. */
  static Init zeros() {
    return (rng, type, shape, fanIn) -> Nd4j.zeros(type, shape);
  }

  /** All ones. */
  static Init ones() {
    return (rng, type, shape, fanIn) -> Nd4j.ones(type, shape);
  }

  /** A constant value. */
  static Init constant(double value) {
    return (rng, type, shape, fanIn) -> Nd4j.zeros(type, shape).addi(value);
  }
}
