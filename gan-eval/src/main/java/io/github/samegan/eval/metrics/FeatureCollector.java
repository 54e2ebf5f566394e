package io.github.samegan.eval.metrics;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runs a {@link FeatureExtractor} over image batches until N samples are seen, accumulating {@link
 * FeatureStatistics} on the fly and keeping only what the requested metrics need.
 *
 * <p>Memory: images are never kept (each batch is dropped after its features are taken). The
 * statistics need one D×D double matrix. Kept features cost R×D doubles (10,000 × 2048 = 160 MB;
 * 10,000 × 64 = 5 MB) and probabilities N×K doubles; keep fewer feature rows with {@link
 * Builder#keepFeatures(int)} or none for FD alone.
 *
 * <pre>{@code
 * CollectedFeatures fake = FeatureCollector.builder(extractor, "generated", "step-5000", 10_000)
 *     .build()
 *     .collect(Stream.generate(() -> generator.sample(250)).iterator());
 * }</pre>
 */
public final class FeatureCollector {
  private final FeatureExtractor extractor;
  private final StatisticsKey key;
  private final int sampleCount;
  private final int featureRows;
  private final boolean keepProbabilities;

  private FeatureCollector(Builder b) {
    this.extractor = b.extractor;
    this.key = b.key;
    this.sampleCount = b.sampleCount;
    this.featureRows = b.featureRows;
    this.keepProbabilities = b.keepProbabilities;
  }

  /**
   * Starts a builder.
   *
   * @param extractor the feature network
   * @param dataset data set name for the {@link StatisticsKey} ({@code "generated"} for samples)
   * @param split split name for the key (e.g. {@code "test"}, or the checkpoint for samples)
   * @param sampleCount N, the number of images to take from the batches (at least 2)
   */
  public static Builder builder(
      FeatureExtractor extractor, String dataset, String split, int sampleCount) {
    return new Builder(extractor, dataset, split, sampleCount);
  }

  /** The key the collected statistics will carry. */
  public StatisticsKey key() {
    return key;
  }

  /**
   * Takes batches [B, C, H, W] in [−1, 1] until N images are seen (the last batch is cut to size;
   * remaining batches are not requested).
   *
   * @throws IllegalStateException if the iterator ends before N images
   * @throws IllegalArgumentException if the extractor returns a wrong shape or non-finite values
   */
  public CollectedFeatures collect(Iterator<INDArray> batches) {
    Objects.requireNonNull(batches, "batches");
    int d = extractor.dimension();
    FeatureStatistics.Accumulator acc = FeatureStatistics.accumulator(d);
    double[][] features = featureRows > 0 ? new double[featureRows][] : null;
    double[][] probs = keepProbabilities ? new double[sampleCount][] : null;
    int seen = 0;
    while (seen < sampleCount) {
      if (!batches.hasNext()) {
        throw new IllegalStateException(
            "image batches ran out after " + seen + " of " + sampleCount + " images");
      }
      INDArray images = Objects.requireNonNull(batches.next(), "batch");
      long b = images.rank() == 0 ? 0 : images.size(0);
      if (b == 0) {
        continue;
      }
      int take = (int) Math.min(b, sampleCount - seen);
      if (take < b) {
        images = firstRows(images, take);
      }
      FeatureExtractor.Output out = extractor.extract(images, keepProbabilities);
      INDArray f = out.features();
      if (f == null || f.rank() != 2 || f.size(0) != take || f.size(1) != d) {
        throw new IllegalArgumentException(
            "feature extractor '"
                + extractor.description()
                + "' returned shape "
                + (f == null ? "null" : Arrays.toString(f.shape()))
                + " for "
                + take
                + " images; expected ["
                + take
                + ", "
                + d
                + "]");
      }
      acc.add(f);
      if (features != null && seen < featureRows) {
        double[][] rows = f.castTo(DataType.DOUBLE).toDoubleMatrix();
        int copy = Math.min(take, featureRows - seen);
        System.arraycopy(rows, 0, features, seen, copy);
      }
      if (probs != null) {
        INDArray p = out.probabilities();
        if (p == null || p.rank() != 2 || p.size(0) != take) {
          throw new IllegalArgumentException(
              "feature extractor '"
                  + extractor.description()
                  + "' returned probabilities of"
                  + " shape "
                  + (p == null ? "null" : Arrays.toString(p.shape()))
                  + " for "
                  + take
                  + " images; expected ["
                  + take
                  + ", K]");
        }
        System.arraycopy(p.castTo(DataType.DOUBLE).toDoubleMatrix(), 0, probs, seen, take);
      }
      seen += take;
    }
    return new CollectedFeatures(acc.build(key), features, probs);
  }

  private static INDArray firstRows(INDArray a, int rows) {
    INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
    idx[0] = NDArrayIndex.interval(0, rows);
    for (int i = 1; i < idx.length; i++) {
      idx[i] = NDArrayIndex.all();
    }
    return a.get(idx).dup();
  }

  /** Builder; {@link FeatureCollector#builder} holds the required arguments. */
  public static final class Builder {
    private final FeatureExtractor extractor;
    private final StatisticsKey key;
    private final int sampleCount;
    private int featureRows;
    private boolean keepProbabilities;

    private Builder(FeatureExtractor extractor, String dataset, String split, int sampleCount) {
      this.extractor = Objects.requireNonNull(extractor, "extractor");
      this.key = StatisticsKey.of(dataset, split, extractor);
      if (sampleCount < 2) {
        throw new IllegalArgumentException("sampleCount must be at least 2, found " + sampleCount);
      }
      if (extractor.dimension() < 1) {
        throw new IllegalArgumentException(
            "extractor dimension must be at least 1, found " + extractor.dimension());
      }
      this.sampleCount = sampleCount;
      this.featureRows = sampleCount;
      this.keepProbabilities = extractor.providesProbabilities();
    }

    /**
     * How many feature rows to keep for KID and the k-NN metrics: all N by default, 0 for none (FD
     * only needs the statistics, which always use all N).
     */
    public Builder keepFeatures(int rows) {
      if (rows < 0 || rows > sampleCount) {
        throw new IllegalArgumentException(
            "keepFeatures must be in [0, " + sampleCount + "], found " + rows);
      }
      this.featureRows = rows;
      return this;
    }

    /**
     * Whether to keep class probabilities for the classifier score (default: whenever the extractor
     * provides them).
     */
    public Builder keepProbabilities(boolean keep) {
      if (keep && !extractor.providesProbabilities()) {
        throw new IllegalArgumentException(
            "feature extractor '" + extractor.description() + "' gives no class probabilities");
      }
      this.keepProbabilities = keep;
      return this;
    }

    /** The collector. */
    public FeatureCollector build() {
      return new FeatureCollector(this);
    }
  }
}
