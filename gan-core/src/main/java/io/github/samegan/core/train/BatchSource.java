package io.github.samegan.core.train;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where the trainer gets real images: an endless supply of {@link Batch}es (NCHW images scaled to
 * [−1, 1], with their labels for labelled data).
 *
 * <p>A source that can report and restore its position makes checkpoint/resume exact (the resumed
 * run sees the same batches as an uninterrupted one); the defaults describe a stateless source.
 * gan-data's iterator hands out batches with {@code it.next(Batch::new)}:
 *
 * <pre>{@code
 * BatchSource source = BatchSource.of(() -> it.next(Batch::new), it::position, it::seek);
 * }</pre>
 */
public interface BatchSource {

  /** The next batch. */
  Batch next();

  /** An opaque position saved in checkpoints; empty for a stateless source. */
  default long[] position() {
    return new long[0];
  }

  /** Restores a position from {@link #position()}. */
  default void seek(long[] position) {}

  /** A resumable source from three functions (see the class comment). */
  static BatchSource of(Supplier<Batch> next, Supplier<long[]> position, Consumer<long[]> seek) {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(seek, "seek");
    return new BatchSource() {
      @Override
      public Batch next() {
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
