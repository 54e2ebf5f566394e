/**
 * SameGAN's SameDiff layer: every workaround for SameDiff 1.0.0-M2.1 in one internal package, so
 * the rest of the code speaks only the public SameDiff API and an upgrade touches one place.
 *
 * <ul>
 *   <li>{@link io.github.samegan.core.samediff.SameDiffPatches}: the one change to SameDiff's
 *       JVM-wide state (its op-class table), installed once, explicitly, by {@code
 *       NetGraph.create}; what it means for other graphs in the JVM is documented there and in
 *       docs/internals.md;
 *   <li>the patched op classes it installs ({@code FusedBatchNormOp}, {@code
 *       InputGradientConv2dOp}, {@code MaskMultiplyOp}) and the {@code GradientBarrier} op;
 *   <li>{@link io.github.samegan.core.samediff.SafeOps}: op compositions that replace broken stock
 *       ops (softplus, log-softmax, 2× upsampling);
 *   <li>{@link io.github.samegan.core.samediff.SessionArrays}: recycling a finished update's arrays
 *       into SameDiff's cache, so native memory stays flat;
 *   <li>{@link io.github.samegan.core.samediff.Quiet}: building gradient functions without
 *       SameDiff's per-op console output;
 *   <li>{@link io.github.samegan.core.samediff.TensorflowImport}: importing the 2015 Inception
 *       graph that SameDiff's TensorFlow importer cannot import as is.
 * </ul>
 *
 * <p><b>Internal:</b> not part of SameGAN's API; names and behaviour may change with any release.
 * Architecture tests keep SameDiff-internal imports, op subclasses and reflection into ND4J inside
 * this package.
 */
package io.github.samegan.core.samediff;
