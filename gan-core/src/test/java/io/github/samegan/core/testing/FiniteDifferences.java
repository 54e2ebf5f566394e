package io.github.samegan.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Central finite-difference checks of analytic gradients, in double precision. */
public final class FiniteDifferences {
  private FiniteDifferences() {}

  /**
   * Checks up to {@code perParameter} random entries of every named parameter: the analytic
   * gradient must equal {@code (f(θ + ε) − f(θ − ε)) / 2ε} with ε = 1e-6, to a relative error of
   * 1e-5 (or an absolute error of 1e-8 for entries that are essentially zero).
   *
   * @return how many entries had a gradient larger than 1e-6 in magnitude
   */
  public static int check(
      ParameterStore store,
      List<String> names,
      Map<String, INDArray> analytic,
      DoubleSupplier f,
      int perParameter,
      long seed) {
    return check(store, names, analytic, f, perParameter, seed, 1e-8);
  }

  /**
   * As {@link #check(ParameterStore, List, Map, DoubleSupplier, int, long)}, with another absolute
   * tolerance for essentially-zero entries (e.g. 1e-7 where libnd4j's fused batch-norm backward
   * rounds at ~2e-8 in double).
   */
  public static int check(
      ParameterStore store,
      List<String> names,
      Map<String, INDArray> analytic,
      DoubleSupplier f,
      int perParameter,
      long seed,
      double absoluteTolerance) {
    double eps = 1e-6;
    Rng pick = new Rng(seed);
    int checked = 0;
    int nonTrivial = 0;
    for (String name : names) {
      INDArray p = store.array(name);
      INDArray flat = p.reshape(p.length());
      INDArray g = analytic.get(name);
      assertThat(g).as("gradient of %s", name).isNotNull();
      INDArray gf = g.reshape(p.length());
      for (int k = 0; k < Math.min(perParameter, p.length()); k++) {
        long i = pick.nextInt((int) p.length());
        double orig = flat.getDouble(i);
        flat.putScalar(i, orig + eps);
        double up = f.getAsDouble();
        flat.putScalar(i, orig - eps);
        double down = f.getAsDouble();
        flat.putScalar(i, orig);
        double numeric = (up - down) / (2 * eps);
        double a = gf.getDouble(i);
        double diff = Math.abs(numeric - a);
        double rel = diff / Math.max(1e-12, Math.abs(numeric) + Math.abs(a));
        assertThat(diff < absoluteTolerance || rel < 1e-5)
            .as("%s[%d]: analytic %s vs numeric %s (rel %s)", name, i, a, numeric, rel)
            .isTrue();
        if (Math.abs(a) > 1e-6) {
          nonTrivial++;
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(0);
    return nonTrivial;
  }

  /**
   * Checks the analytic gradient along {@code directions} random directions v in the space of all
   * the named parameters at once (Gaussian entries): {@code Σ ⟨∇f, v⟩} must equal {@code (f(θ + εv)
   * − f(θ − εv)) / 2ε} with ε = 1e-6, to a relative error of 1e-6. Every entry of every parameter
   * takes part, at two evaluations of f per direction (an error in any entry shows unless it is
   * below 1e-6 of the whole directional derivative).
   *
   * @return the smallest |directional derivative| seen (so a test can require it to be non-trivial)
   */
  public static double checkDirectional(
      ParameterStore store,
      List<String> names,
      Map<String, INDArray> analytic,
      DoubleSupplier f,
      int directions,
      long seed) {
    double eps = 1e-6;
    Rng rng = new Rng(seed);
    double smallest = Double.POSITIVE_INFINITY;
    for (int k = 0; k < directions; k++) {
      Map<String, INDArray> v = new java.util.LinkedHashMap<>();
      Map<String, INDArray> orig = new java.util.LinkedHashMap<>();
      double a = 0;
      for (String name : names) {
        INDArray p = store.array(name);
        INDArray g = analytic.get(name);
        assertThat(g).as("gradient of %s", name).isNotNull();
        INDArray dir = rng.gaussian(p.dataType(), p.shape());
        v.put(name, dir);
        orig.put(name, p.dup());
        a += g.reshape(p.shape()).mul(dir).sumNumber().doubleValue();
      }
      names.forEach(n -> store.array(n).addi(v.get(n).mul(eps)));
      double up = f.getAsDouble();
      names.forEach(n -> store.array(n).assign(orig.get(n)).subi(v.get(n).mul(eps)));
      double down = f.getAsDouble();
      names.forEach(n -> store.array(n).assign(orig.get(n)));
      double numeric = (up - down) / (2 * eps);
      double rel = Math.abs(numeric - a) / Math.max(1e-12, Math.abs(numeric) + Math.abs(a));
      assertThat(rel).as("direction %d: analytic %s vs numeric %s", k, a, numeric).isLessThan(1e-6);
      smallest = Math.min(smallest, Math.abs(a));
    }
    return smallest;
  }

  /** max |a − b| / max |b|: the relative error of a whole array. */
  public static double relativeError(INDArray actual, INDArray expected) {
    double scale = expected.amaxNumber().doubleValue();
    return actual.sub(expected).amaxNumber().doubleValue() / Math.max(scale, 1e-300);
  }
}
