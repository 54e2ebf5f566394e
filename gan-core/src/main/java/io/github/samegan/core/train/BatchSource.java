package io.github.samegan.core.train;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the trainer gets real images: an endless supply of NCHW batches scaled to [−1, 1].
 *
 * <p>A source that can report and restore its position makes checkpoint/resume exact (the resumed
 * run sees the same batches as an uninterrupted one); the defaults describe a stateless source.
 */
public interface BatchSource {

  /** The next batch {@code [B, C, H, W]}. */
  INDArray next();

  /** An opaque position saved in checkpoints; empty for a stateless source. */
  default long[] position() {
    return new long[0];
  }

  /** Restores a position from {@link #position()}. */
  default void seek(long[] position) {}

  /**
   * The class labels of the batch last returned by {@link #next()} ({@code [B]} integers in [0,
   * K)), or {@code null} for unlabelled data (the default). Conditional GANs need them.
   */
  default INDArray labels() {
    return null;
  }

  /**
   * A labelled source from four functions, e.g. gan-data's iterator: {@code BatchSource.of(it::next,
   * it::position, it::seek, it::lastLabels)}.
   */
  static BatchSource of(
      Supplier<INDArray> next, Supplier<long[]> position, Consumer<long[]> seek, Supplier<INDArray> labels) {
    Objects.requireNonNull(labels, "labels");
    BatchSource base = of(next, position, seek);
    return new BatchSource() {
      @Override
      public INDArray next() {
        return base.next();
      }

      @Override
      public long[] position() {
        return base.position();
      }

      @Override
      public void seek(long[] p) {
        base.seek(p);
      }

      @Override
      public INDArray labels() {
        return labels.get();
      }
    };
  }

  /**
   * A source from three functions, e.g. gan-data's iterator: {@code BatchSource.of(it::next,
   * it::position, it::seek)}.
   */
  static BatchSource of(Supplier<INDArray> next, Supplier<long[]> position, Consumer<long[]> seek) {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(seek, "seek");
    return new BatchSource() {
      @Override
      public INDArray next() {
        return next.get();
      }

      @Override
      public long[] position() {
        return position.get();
      }

      @Override
      public void seek(long[] p) {
        seek.accept(p);
      }
    };
  }
}
