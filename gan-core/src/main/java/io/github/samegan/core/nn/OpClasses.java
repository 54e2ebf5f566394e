package io.github.samegan.core.nn;

import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.imports.converters.DifferentialFunctionClassHolder;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Points SameDiff's op-class registry entry of a libnd4j op at a subclass of its stock Java class.
 * SameDiff clones a graph through FlatBuffers before differentiating it, and each clone's class is
 * looked up by the op's hash. Without this, a subclass that overrides {@code doDiff} would be
 * replaced by the stock class in the clone (docs/internals.md, "Cloned ops lose fields that are
 * not arguments"). Each entry is set once per JVM. The subclasses behave like the stock op
 * wherever they do not apply.
 */
final class OpClasses {
  private static final Map<String, Class<?>> DONE = new ConcurrentHashMap<>();

  private OpClasses() {}

  @SuppressWarnings("unchecked")
  static void point(String opName, Class<?> cls) {
    if (DONE.get(opName) == cls) {
      return;
    }
    synchronized (DONE) {
      if (DONE.get(opName) == cls) {
        return;
      }
      try {
        DifferentialFunctionClassHolder holder = DifferentialFunctionClassHolder.getInstance();
        long hash = Nd4j.getExecutioner().getCustomOperations().get(opName).getHash();
        Field single = DifferentialFunctionClassHolder.class.getDeclaredField("customOpHashToClass");
        single.setAccessible(true);
        ((Map<Long, Class<?>>) single.get(holder)).put(hash, cls);
        Field multi = DifferentialFunctionClassHolder.class.getDeclaredField("customOpHashToClasses");
        multi.setAccessible(true);
        Map<String, Class<?>> byName = ((Map<Long, Map<String, Class<?>>>) multi.get(holder)).get(hash);
        if (byName != null) {
          byName.put(opName, cls);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalStateException(
            "Cannot register " + cls.getSimpleName() + " for op '" + opName + "' with this ND4J version (built for 1.0.0-M2.1)", e);
      }
      DONE.put(opName, cls);
    }
  }

  /**
   * The op of {@code sd} that computes {@code v}, or null for a graph input (variable, constant,
   * placeholder). The subclasses' {@code doDiff}s recognise their cases from the graph's structure,
   * which survives SameDiff's op cloning.
   */
  static SameDiffOp producer(SameDiff sd, SDVariable v) {
    Variable meta = sd.getVariables().get(v.name());
    return meta == null || meta.getOutputOfOp() == null ? null : sd.getOps().get(meta.getOutputOfOp());
  }

  /**
   * Whether {@code v} is a trainable variable or computed from one. A constant is not, and
   * neither is a weight computed from constants only (e.g. a spectrally normalised {@code W/σ}
   * whose {@code W} is a constant in the generator's update), nor a placeholder.
   */
  static boolean dependsOnTrainable(SameDiff sd, SDVariable v) {
    return dependsOnTrainable(sd, v, new HashSet<>());
  }

  private static boolean dependsOnTrainable(SameDiff sd, SDVariable v, Set<String> seen) {
    if (!seen.add(v.name())) {
      return false;
    }
    if (v.getVariableType() == VariableType.VARIABLE) {
      return true;
    }
    if (v.getVariableType() != VariableType.ARRAY) {
      return false;
    }
    SameDiffOp op = producer(sd, v);
    if (op == null || op.getInputsToOp() == null) {
      return true; // unknown origin: assume it needs a gradient
    }
    for (String in : op.getInputsToOp()) {
      if (dependsOnTrainable(sd, sd.getVariable(in), seen)) {
        return true;
      }
    }
    return false;
  }
}
