package io.github.samegan.eval.classify;

/**
 * An endless supply of labelled training batches, e.g. gan-data's {@code BatchIterator}: {@code
 * () -> new LabelledBatch(it.next(), it.lastLabels())}.
 */
@FunctionalInterface
public interface LabelledBatchSource {

  /** The next batch. */
  LabelledBatch next();
}
