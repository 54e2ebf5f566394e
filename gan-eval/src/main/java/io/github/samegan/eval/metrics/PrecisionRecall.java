package io.github.samegan.eval.metrics;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019, "Improved Precision and Recall Metric
 * for Assessing Generative Models", <a
 * href="https://arxiv.org/abs/1904.06991">arXiv:1904.06991</a>).
 *
 * <p>Each set's manifold is the union of balls around its samples with radius NND_k, the distance
 * to the sample's k-th nearest neighbour within its own set (k = 3 by default). With real features
 * X₁..X_N and generated features Y₁..Y_M:
 *
 * <pre>
 *   precision = 1/M Σ_j 1[∃ i: ‖Y_j − X_i‖ &lt; NND_k(X_i)]     (fakes inside the real manifold)
 *   recall    = 1/N Σ_i 1[∃ j: ‖X_i − Y_j‖ &lt; NND_k(Y_j)]     (reals inside the fake manifold)
 * </pre>
 *
 * Both lie in [0, 1], higher is better: precision measures fidelity (generated samples look like
 * real ones), recall diversity (the real distribution is covered). Computed as the prdc reference
 * code: exact pairwise distances in blocks (O((N+M)² D) multiply-adds), strict inequalities.
 *
 * @param precision fraction of generated samples inside the real manifold
 * @param recall fraction of real samples inside the generated manifold
 * @param nearestK the k of the k-NN radii
 */
public record PrecisionRecall(double precision, double recall, int nearestK) {

  /** The papers' default k = 3 (prdc's examples use 5). */
  public static final int DEFAULT_NEAREST_K = 3;

  /**
   * Precision and recall of {@code fake} against {@code real} (features [N, D] and [M, D]).
   *
   * @throws IllegalArgumentException if dimensions differ or a set has no more than k rows
   */
  public static PrecisionRecall compute(double[][] real, double[][] fake, int nearestK) {
    return Neighbourhoods.compute(real, fake, nearestK).precisionRecall();
  }

  /** With k = 3. */
  public static PrecisionRecall compute(double[][] real, double[][] fake) {
    return compute(real, fake, DEFAULT_NEAREST_K);
  }
}
