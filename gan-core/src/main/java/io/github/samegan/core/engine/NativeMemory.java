package io.github.samegan.core.engine;

import io.github.samegan.core.samediff.SessionArrays;
import java.util.Collection;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a trainer keeps native memory flat. ND4J frees an array's native buffer only when the JVM
 * collects its Java wrapper, and the heap stays tiny, so left alone SameDiff's fresh arrays per
 * update would grow the resident size by gigabytes within tens of steps (docs/internals.md).
 *
 * <p>By default each finished update hands its arrays back to SameDiff's cache ({@link
 * SessionArrays}), which keeps the resident size flat without collections. Without recycling a
 * collection is requested every step. An explicit {@code gcEvery} overrides both. A recycling
 * failure turns recycling off for the rest of the run with one warning (and, unless {@code gcEvery}
 * was given, turns on a collection per step) instead of failing training.
 *
 * <p>One instance serves all the updates of one trainer (a GAN's discriminator and generator
 * updates); it is not thread-safe.
 */
public final class NativeMemory {
  private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);

  private boolean recycle;
  private int gcEvery;
  private final boolean gcAuto;

  /**
   * A policy.
   *
   * @param recycle whether updates recycle their arrays
   * @param gcEvery request a JVM collection every n steps (0 = never), or {@code null} for the
   *     default: 0 while recycling, 1 without
   * @throws IllegalArgumentException if {@code gcEvery} is negative
   */
  public NativeMemory(boolean recycle, Integer gcEvery) {
    if (gcEvery != null && gcEvery < 0) {
      throw new IllegalArgumentException("gcEvery must be >= 0, found " + gcEvery);
    }
    this.recycle = recycle;
    this.gcAuto = gcEvery == null;
    this.gcEvery = gcAuto ? (recycle ? 0 : 1) : gcEvery;
  }

  /** The default: recycle, no collections. */
  public static NativeMemory recycling() {
    return new NativeMemory(true, null);
  }

  /** Called by {@link NetworkUpdate} once the update's outputs have been read and applied. */
  void afterUpdate(SameDiff sd, Collection<INDArray> placeholders) {
    if (!recycle) {
      return;
    }
    try {
      SessionArrays.recycle(sd, placeholders);
    } catch (RuntimeException e) {
      recycle = false;
      if (gcAuto) {
        gcEvery = 1; // without recycling, only collections keep native memory bounded
      }
      LOG.warn("Recycling SameDiff's arrays failed ({}); continuing without it", e.toString());
    }
  }

  /**
   * Called after each whole training step: requests a collection when one is due, after {@code
   * dropReferences} has let go of the step's arrays the trainer still holds.
   */
  public void afterStep(long step, Runnable dropReferences) {
    if (gcEvery > 0 && step % gcEvery == 0) {
      dropReferences.run();
      System.gc();
    }
  }

  /** Whether updates still recycle their arrays. */
  public boolean recycles() {
    return recycle;
  }
}
