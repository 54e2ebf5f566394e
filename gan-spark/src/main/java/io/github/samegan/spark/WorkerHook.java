package io.github.samegan.spark;

import java.io.Serializable;

/**
 * Called at the start of every data-parallel task, on the executor, before it trains: for logging,
 * or for tests that make a task fail (e.g. on its first attempt, to check that Spark's retry gives
 * the same result). A hook that throws fails the task attempt.
 */
@FunctionalInterface
public interface WorkerHook extends Serializable {

  /** Does nothing. */
  WorkerHook NONE = (phase, step, partition) -> {};

  /**
   * @param phase what the task runs
   * @param step the step the replica is at when the task starts
   * @param partition the worker's index in {@code [0, P)}
   */
  void beforeTask(DataParallelTrainer.Phase phase, long step, int partition);
}
