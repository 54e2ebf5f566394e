package io.github.samegan.eval.metrics;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Classifier score, the Inception Score (Salimans et al. 2016, "Improved Techniques for Training
 * GANs", <a href="https://arxiv.org/abs/1606.03498">arXiv:1606.03498</a>) generalised to any
 * classifier's predicted class probabilities p(y|x):
 *
 * <pre>
 *   CS = exp( E_x KL( p(y|x) ‖ p(y) ) ),   p(y) = E_x p(y|x)
 * </pre>
 *
 * computed on each of {@code splits} contiguous chunks of the rows (p(y) is the chunk's mean) and
 * reported as the mean and the population standard deviation (ddof = 0) over chunks, as the
 * original {@code inception_score.py}. When N is not divisible by {@code splits} the chunks are
 * {@code numpy.array_split}'s (the first N mod splits chunks get one extra row) rather than the
 * original's dropping of the remainder. torch-fidelity additionally shuffles rows and reports an
 * unbiased (ddof = 1) std; shuffle the rows yourself if the order is not random.
 *
 * <p>Higher is better: 1 when every prediction is the same distribution (no confident or no diverse
 * samples), K (the class count) when predictions are one-hot and classes balanced. It ignores the
 * real data entirely, so it is only meaningful with a classifier trained on the same classes and
 * judged next to the real data's own score.
 *
 * <p>Rows are validated (non-negative, finite, summing to 1 within {@code tolerance}) and then
 * renormalised to sum to exactly 1, as {@code scipy.stats.entropy} does; 0·log 0 counts as 0.
 *
 * @param splits number of chunks, at least 1 (default 10)
 * @param tolerance allowed |Σ_k p_k − 1| per row (default 1e-3, enough for float32 softmax output)
 */
public record ClassifierScore(int splits, double tolerance) {

  /** The default split count, 10. */
  public static final int DEFAULT_SPLITS = 10;

  /** The default row-sum tolerance, 1e-3. */
  public static final double DEFAULT_TOLERANCE = 1e-3;

  /** Validates the settings. */
  public ClassifierScore {
    if (splits < 1) {
      throw new IllegalArgumentException("splits must be at least 1, found " + splits);
    }
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException("tolerance must be in [0, 1), found " + tolerance);
    }
  }

  /** 10 splits, tolerance 1e-3. */
  public static ClassifierScore defaults() {
    return new ClassifierScore(DEFAULT_SPLITS, DEFAULT_TOLERANCE);
  }

  /** {@code splits} splits, tolerance 1e-3. */
  public static ClassifierScore withSplits(int splits) {
    return new ClassifierScore(splits, DEFAULT_TOLERANCE);
  }

  /**
   * Score mean and standard deviation over splits.
   *
   * @param mean mean of the per-split scores
   * @param std population standard deviation of the per-split scores
   * @param splits number of splits
   */
  public record Result(double mean, double std, int splits) {}

  /** The score of a probability matrix [N, K] given as an ND4J array (any floating type). */
  public Result compute(INDArray probabilities) {
    return compute(Matrices.toJava(probabilities, "probabilities"));
  }

  /**
   * The score of a probability matrix [N, K] (rows are p(y|x)).
   *
   * @throws IllegalArgumentException if N &lt; splits, or a row has a negative or non-finite entry
   *     or does not sum to 1 within the tolerance
   */
  public Result compute(double[][] probabilities) {
    Objects.requireNonNull(probabilities, "probabilities");
    int k = Matrices.requireMatrix(probabilities, "probabilities");
    int n = probabilities.length;
    if (n < splits) {
      throw new IllegalArgumentException(
          "need at least one row per split: " + n + " rows for " + splits + " splits");
    }
    double[][] p = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] row = probabilities[i];
      double sum = 0;
      for (int j = 0; j < k; j++) {
        if (row[j] < 0) {
          throw new IllegalArgumentException(
              "probabilities must be non-negative: row " + i + " has " + row[j] + " at class " + j);
        }
        sum += row[j];
      }
      if (Math.abs(sum - 1) > tolerance) {
        throw new IllegalArgumentException(
            "probabilities must sum to 1 per row (tolerance "
                + tolerance
                + "): row "
                + i
                + " sums to "
                + sum
                + "; pass softmax outputs, not logits");
      }
      p[i] = new double[k];
      for (int j = 0; j < k; j++) {
        p[i][j] = row[j] / sum;
      }
    }
    double[] scores = new double[splits];
    int base = n / splits;
    int extra = n % splits;
    int start = 0;
    for (int s = 0; s < splits; s++) {
      int size = base + (s < extra ? 1 : 0);
      scores[s] = splitScore(p, start, start + size, k);
      start += size;
    }
    double mean = 0;
    for (double v : scores) {
      mean += v;
    }
    mean /= splits;
    double var = 0;
    for (double v : scores) {
      var += (v - mean) * (v - mean);
    }
    return new Result(mean, Math.sqrt(var / splits), splits);
  }

  private static double splitScore(double[][] p, int from, int to, int k) {
    double[] marginal = new double[k];
    for (int i = from; i < to; i++) {
      for (int j = 0; j < k; j++) {
        marginal[j] += p[i][j];
      }
    }
    int size = to - from;
    double[] logMarginal = new double[k];
    for (int j = 0; j < k; j++) {
      marginal[j] /= size;
      logMarginal[j] = Math.log(marginal[j]);
    }
    double klSum = 0;
    for (int i = from; i < to; i++) {
      double kl = 0;
      for (int j = 0; j < k; j++) {
        double v = p[i][j];
        if (v > 0) {
          kl += v * (Math.log(v) - logMarginal[j]);
        }
      }
      klSum += kl;
    }
    return Math.exp(klSum / size);
  }
}
