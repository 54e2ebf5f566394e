package io.github.samegan.core.samediff;

import java.util.HashSet;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;

/**
 * Questions about a graph's structure that the patched ops' {@code doDiff}s and the layers ask at
 * build time. They read SameDiff's internal op and variable tables, which survive op cloning.
 */
public final class GraphQueries {
  private GraphQueries() {}

  /**
   * The op of {@code sd} that computes {@code v}, or null for a graph input (variable, constant,
   * placeholder).
   */
  static SameDiffOp producer(SameDiff sd, SDVariable v) {
    Variable meta = sd.getVariables().get(v.name());
    return meta == null || meta.getOutputOfOp() == null
        ? null
        : sd.getOps().get(meta.getOutputOfOp());
  }

  /**
   * Whether {@code v} is a trainable variable or computed from one. A constant is not, and neither
   * is a weight computed from constants only (e.g. a spectrally normalised {@code W/σ} whose {@code
   * W} is a constant in the generator's update), nor a placeholder.
   */
  public static boolean dependsOnTrainable(SameDiff sd, SDVariable v) {
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
