package io.github.samegan.examples.serve;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The slots of {@link ServeLimits#maxConcurrentGenerations()}: a fair semaphore that every request
 * generating images holds while it does. A generation API call that finds no free slot is refused
 * at once (429, with {@code Retry-After}); a new study session waits a bounded time for one, ahead
 * of later API calls. Nothing queues without bound.
 */
final class GenerationSlots {
  private final int slots;
  private final Semaphore semaphore;
  private final AtomicInteger inUse = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  /** A held slot; closing it frees the slot. */
  interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  GenerationSlots(int slots) {
    this.slots = slots;
    this.semaphore = new Semaphore(slots, true);
  }

  /**
   * A slot now, or a 429.
   *
   * @throws ApiException 429 when every slot is taken
   */
  Slot now() {
    return within(0);
  }

  /**
   * A slot within {@code millis}, or a 429.
   *
   * @throws ApiException 429 when no slot became free in time
   */
  Slot within(long millis) {
    boolean got;
    try {
      got = semaphore.tryAcquire(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      got = false;
    }
    if (!got) {
      throw new ApiException(
          429,
          "Too many requests at once: the server: it generates images for at most "
              + slots
              + " request"
              + (slots == 1 ? "" : "s")
              + " at once (its --max-generations); retry in a moment",
          1);
    }
    peak.accumulateAndGet(inUse.incrementAndGet(), Math::max);
    return () -> {
      inUse.decrementAndGet();
      semaphore.release();
    };
  }

  /** The most slots held at once so far. */
  int peak() {
    return peak.get();
  }
}
