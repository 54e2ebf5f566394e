package io.github.samegan.spark;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets how many threads ND4J's native ops use in this executor JVM. Spark runs several tasks in one
 * executor (one per core it was given); each task's ops should then use a share of the cores, not
 * all of them. The setting is JVM-wide: in {@code local[N]} mode every task shares it.
 */
final class ExecutorThreads {
  private ExecutorThreads() {}

  /** Uses {@code threads} threads for ND4J ops from now on in this JVM. */
  static void use(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threadsPerTask must be at least 1, found " + threads);
    }
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
  }
}
