package io.github.samegan.core.samediff;

import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.config.SDValueType;
import org.nd4j.autodiff.samediff.internal.AbstractSession;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hands the arrays of a finished training update back to SameDiff's array cache, so the next update
 * reuses them instead of allocating fresh native buffers.
 *
 * <p>SameDiff 1.0.0-M2.1's {@code InferenceSession} releases almost none of the op outputs of a
 * gradient computation to its {@code ArrayCacheMemoryMgr}. It keeps them in its value map until the
 * next call overwrites them, and the garbage collector frees them. Measured on the reference DCGAN
 * at batch 64: about 340 fresh buffers and 400 MB per step. Nearly every allocation missed the
 * cache, at ~60 ms per step plus first-touch page faults inside the ops (docs/internals.md,
 * docs/benchmarks.md).
 *
 * <p>After the trainer has read the losses and applied the gradients, nothing of the update's
 * values is needed any more. This releases every op output that is safe to recycle: a tensor of an
 * {@code ARRAY} variable that is not a view, not closed, not already cached, whose buffer no other
 * array shares, and whose buffer belongs to no graph variable or constant (parameters and state
 * included) and no fed placeholder. Each is released once. Every op output's entry is removed from
 * the session's map, so nothing refers to a recycled buffer.
 */
public final class SessionArrays {
  private SessionArrays() {}

  /**
   * Releases the finished update's op outputs of every session of {@code sd} and of its gradient
   * function.
   *
   * @param placeholders the arrays fed to this update: never recycled
   */
  public static void recycle(SameDiff sd, Collection<INDArray> placeholders) {
    Set<Long> protectedBuffers = new HashSet<>();
    for (INDArray a : placeholders) {
      protectedBuffers.add(address(a));
    }
    SameDiff grad = sd.getFunction("grad");
    protectGraphArrays(sd, protectedBuffers);
    if (grad != null) {
      protectGraphArrays(grad, protectedBuffers);
    }
    recycleOne(sd, protectedBuffers);
    if (grad != null) {
      recycleOne(grad, protectedBuffers);
    }
  }

  /**
   * Adds the buffers of the graph's own arrays: its {@code VARIABLE}s and {@code CONSTANT}s. They
   * include the parameter store's arrays (bound to the graph as they are) and everything else a
   * graph holds (a layer's fixed kernel, SameDiff's gradient seed {@code one-var}). An op output
   * can only share a buffer with its inputs, so these and the placeholders are all it can alias; it
   * can do so without being a view (an identity, a reshape of the whole array). Recycling such an
   * output would hand the graph array to the cache, which closes it when it evicts it: "You can't
   * use DataBuffer once it was released" on a later step.
   */
  private static void protectGraphArrays(SameDiff sd, Set<Long> protectedBuffers) {
    for (SDVariable v : sd.variables()) {
      VariableType t = v.getVariableType();
      if ((t == VariableType.VARIABLE || t == VariableType.CONSTANT) && v.getArr() != null) {
        protectedBuffers.add(address(v.getArr()));
      }
    }
  }

  private static long address(INDArray a) {
    return a.data().originalDataBuffer() != null
        ? a.data().originalDataBuffer().address()
        : a.data().address();
  }

  /** Whether the session already released this array to its cache (it keeps the value anyway). */
  private static boolean alreadyCached(InferenceSession session, INDArray a) {
    return session.getMmgr() instanceof ArrayCacheMemoryMgr c
        && c.getLruCache().contains(a.getId());
  }

  private static void recycleOne(SameDiff sd, Set<Long> protectedBuffers) {
    for (InferenceSession session : sd.getSessions().values()) {
      Map<?, SDValue> values = session.getNodeValueOutputs();
      Map<INDArray, Boolean> released = new IdentityHashMap<>();
      for (Iterator<? extends Map.Entry<?, SDValue>> it = values.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<?, SDValue> e = it.next();
        SDValue v = e.getValue();
        if (v == null || v.getSdValueType() != SDValueType.TENSOR) {
          continue;
        }
        INDArray a = v.getTensorValue();
        String name = ((AbstractSession.VarId) e.getKey()).getVariable();
        Variable var = sd.getVariables().get(name);
        if (a == null
            || var == null
            || var.getVariable().getVariableType() != VariableType.ARRAY
            || a.isView()
            || a.wasClosed()
            || a.isEmpty()
            || protectedBuffers.contains(address(a))) {
          continue;
        }
        // a buffer shared with another array would be closed, not cached: leave those to the GC
        if (released.put(a, Boolean.TRUE) == null
            && !alreadyCached(session, a)
            && Nd4j.getExecutioner().useCount(a.data()) <= 1) {
          session.getMmgr().release(a);
        }
        it.remove();
      }
    }
  }
}
