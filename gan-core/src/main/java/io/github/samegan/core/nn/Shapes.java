package io.github.samegan.core.nn;

import java.util.Arrays;

/** Shape checks shared by the building blocks. */
final class Shapes {
  private Shapes() {}

  static void requireRank(String layer, long[] shape, int rank) {
    if (shape.length != rank) {
      throw new IllegalArgumentException(
          layer
              + " expects a per-example input of rank "
              + rank
              + (rank == 3 ? " [C, H, W]" : " [N]")
              + ", found shape "
              + Arrays.toString(shape));
    }
  }

  static void requireDim(String layer, String what, long expected, long actual, long[] shape) {
    if (expected != actual) {
      throw new IllegalArgumentException(
          layer
              + " expects "
              + what
              + " = "
              + expected
              + " but the input shape "
              + Arrays.toString(shape)
              + " has "
              + actual);
    }
  }

  static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
