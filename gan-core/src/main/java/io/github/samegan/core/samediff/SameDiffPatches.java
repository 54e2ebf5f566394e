package io.github.samegan.core.samediff;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.imports.converters.DifferentialFunctionClassHolder;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place where SameGAN changes SameDiff's JVM-wide state: its op-class table.
 *
 * <p>SameDiff 1.0.0-M2.1 clones a graph through FlatBuffers before differentiating it, and looks
 * each clone's Java class up by the libnd4j op's hash. A subclass that overrides {@code doDiff} is
 * therefore replaced by the stock class in the clone (docs/internals.md, "Cloned ops lose fields
 * that are not arguments") unless the table points the op at the subclass. {@link #install()}
 * points five ops at SameGAN's classes:
 *
 * <ul>
 *   <li>{@code batchnorm} → {@link FusedBatchNormOp}: a working backward pass (the stock one cannot
 *       be built at all in M2.1);
 *   <li>{@code conv2d} → {@link InputGradientConv2dOp}: skips the weight gradient where the weights
 *       are constants;
 *   <li>{@code multiply} → {@link MaskMultiplyOp}: one multiply as the backward pass of {@code x ·
 *       mask} where the mask is a cast boolean;
 *   <li>{@code relu} (libnd4j's custom op, not the legacy scalar op of {@code sd.nn.relu}) → {@link
 *       ReluOp}: {@code dy · step(x)} as the backward pass instead of the slow {@code relu_bp}.
 * </ul>
 *
 * <p><b>What this means for other SameDiff graphs in the same JVM</b> (checked by {@code
 * SameDiffPatchesTest}, documented in docs/internals.md): the values and the gradients of every
 * trainable variable are unchanged (except behind an NHWC {@code upsampling2d}, where they are now
 * right); only gradients SameDiff computes and then drops are skipped (a constant's, a mask's), and
 * a stock {@code sd.nn.batchNorm} that failed to differentiate now differentiates correctly. {@link
 * #uninstall()} restores ND4J's own classes for an application that wants them back; SameGAN's
 * graph builders install the patches again when they run.
 *
 * <p>Install is explicit and idempotent: {@link io.github.samegan.core.graph.NetGraph#create} calls
 * it before any network is built, and the op factories call it for graphs built without a {@code
 * NetGraph}.
 */
public final class SameDiffPatches {
  private static final Map<String, Class<?>> PATCHES =
      Map.of(
          "batchnorm", FusedBatchNormOp.class,
          "conv2d", InputGradientConv2dOp.class,
          "multiply", MaskMultiplyOp.class,
          "relu", ReluOp.class,
          "upsampling2d", NearestUpsampling2dOp.class);

  /**
   * Prefix of the boolean system properties that build an op formulation as before its faster
   * replacement, for in-JVM A/B runs ({@code InterleavedAB … samegan.oldOps.bn};
   * docs/benchmarks.md): {@code samegan.oldOps.bn} (NHWC batch-norm statistics and backward sums as
   * two-stage reductions instead of matrix products), {@code samegan.oldOps.relu} (ReLU as {@code x
   * · cast(x > 0)} instead of {@link ReluOp}), {@code samegan.oldOps.all} (both). Read while a
   * graph and its gradient are built.
   */
  public static final String OLD_OPS_PROPERTY = "samegan.oldOps.";

  /** Whether the system properties ask for the old formulation of {@code what}. */
  public static boolean oldOps(String what) {
    return Boolean.getBoolean(OLD_OPS_PROPERTY + what)
        || Boolean.getBoolean(OLD_OPS_PROPERTY + "all");
  }

  /** ND4J's own classes, saved at install: (single-class entry, by-name entry) per op name. */
  private static final Map<String, Class<?>[]> ORIGINALS = new LinkedHashMap<>();

  private static volatile boolean installed;

  private SameDiffPatches() {}

  /**
   * Points SameDiff's op-class table at SameGAN's op classes (once per JVM; later calls return at
   * once).
   *
   * @throws IllegalStateException if this ND4J version's table cannot be reached (SameGAN is built
   *     for 1.0.0-M2.1)
   */
  public static void install() {
    if (installed) {
      return;
    }
    synchronized (ORIGINALS) {
      if (!installed) {
        PATCHES.forEach((op, cls) -> ORIGINALS.put(op, point(op, cls)));
        installed = true;
      }
    }
  }

  /**
   * Restores ND4J's own op classes. Graphs whose gradient functions were built while the patches
   * were installed keep them; SameGAN installs the patches again the next time it builds a graph.
   */
  public static void uninstall() {
    synchronized (ORIGINALS) {
      if (installed) {
        ORIGINALS.forEach((op, original) -> restore(op, original));
        ORIGINALS.clear();
        installed = false;
      }
    }
  }

  /** Whether the patches are installed now. */
  public static boolean isInstalled() {
    return installed;
  }

  /** The class SameDiff's table gives clones of a libnd4j op now (for tests and diagnostics). */
  public static Class<?> cloneClassOf(String opName) {
    return singleTable().get(hash(opName));
  }

  /** Points the op at {@code cls}; returns the two previous entries. */
  private static Class<?>[] point(String opName, Class<?> cls) {
    long hash = hash(opName);
    Map<String, Class<?>> byName = multiTable().get(hash);
    return new Class<?>[] {
      singleTable().put(hash, cls), byName == null ? null : byName.put(opName, cls)
    };
  }

  private static void restore(String opName, Class<?>[] original) {
    long hash = hash(opName);
    if (original[0] != null) {
      singleTable().put(hash, original[0]);
    }
    Map<String, Class<?>> byName = multiTable().get(hash);
    if (byName != null && original[1] != null) {
      byName.put(opName, original[1]);
    }
  }

  private static long hash(String opName) {
    return Nd4j.getExecutioner().getCustomOperations().get(opName).getHash();
  }

  private static Map<Long, Class<?>> singleTable() {
    return table("customOpHashToClass");
  }

  private static Map<Long, Map<String, Class<?>>> multiTable() {
    return table("customOpHashToClasses");
  }

  @SuppressWarnings("unchecked")
  private static <T> T table(String field) {
    try {
      Field f = DifferentialFunctionClassHolder.class.getDeclaredField(field);
      f.setAccessible(true);
      return (T) f.get(DifferentialFunctionClassHolder.getInstance());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "Cannot reach SameDiff's op-class table ("
              + field
              + ") in this ND4J version; SameGAN is built for"
              + " 1.0.0-M2.1",
          e);
    }
  }
}
