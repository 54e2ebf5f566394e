package io.github.samegan.eval.metrics;

/**
 * Density and coverage (Naeem et al. 2020, "Reliable Fidelity and Diversity Metrics for Generative
 * Models", <a href="https://arxiv.org/abs/2002.09797">arXiv:2002.09797</a>), the outlier-robust
 * versions of {@link PrecisionRecall} that use only the real samples' k-NN balls. With real
 * X₁..X_N, generated Y₁..Y_M and B(X_i, NND_k(X_i)) the ball around X_i reaching its k-th nearest
 * real neighbour:
 *
 * <pre>
 *   density  = 1/(kM) Σ_j Σ_i 1[Y_j ∈ B(X_i, NND_k(X_i))]
 *   coverage = 1/N Σ_i 1[∃ j: Y_j ∈ B(X_i, NND_k(X_i))]
 * </pre>
 *
 * Density is unbounded above (about 1 when generated samples are distributed like real ones, above
 * 1 when they crowd dense real regions, below 1 for low fidelity); coverage lies in [0, 1] and is
 * higher-better diversity (the fraction of real neighbourhoods that receive at least one generated
 * sample). Computed as the prdc reference code (strict {@code <}, exact distances).
 *
 * @param density expected number of real balls containing a generated sample, divided by k
 * @param coverage fraction of real balls containing at least one generated sample
 * @param nearestK the k of the k-NN radii
 */
public record DensityCoverage(double density, double coverage, int nearestK) {

  /**
   * Density and coverage of {@code fake} against {@code real} (features [N, D] and [M, D]).
   *
   * @throws IllegalArgumentException if dimensions differ or a set has no more than k rows
   */
  public static DensityCoverage compute(double[][] real, double[][] fake, int nearestK) {
    return Neighbourhoods.compute(real, fake, nearestK).densityCoverage();
  }

  /** With k = 3. */
  public static DensityCoverage compute(double[][] real, double[][] fake) {
    return compute(real, fake, PrecisionRecall.DEFAULT_NEAREST_K);
  }
}
