package io.github.samegan.spark;

import io.github.samegan.core.train.Gan;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.registry.DatasetRegistry;
import io.github.samegan.eval.metrics.FeatureExtractor;
import io.github.samegan.eval.metrics.FeatureStatistics;
import io.github.samegan.eval.metrics.FrechetDistance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fréchet-distance statistics computed across a Spark cluster: N images are split into P disjoint
 * index ranges, one per partition; each task builds the generator ({@link GanSpec}) and the feature
 * network ({@link FeatureExtractorFactory}) once, generates or loads its images batch by batch, and
 * adds their features to {@link MomentSums}; {@code treeAggregate} merges the P partial sums.
 *
 * <p>Image {@code i}'s latent vector depends only on (seed, i) ({@link #latents}), so the images —
 * and the statistics, up to float64 summation order — are the same for any number of partitions and
 * equal to generating all N on one machine.
 */
public final class DistributedEvaluation {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private DistributedEvaluation() {}

  /** The settings of one evaluation job. */
  public record Settings(int partitions, int batchSize, int threadsPerTask)
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Validates: at least one partition, batch size and thread. */
    public Settings {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1, found " + partitions);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, found " + batchSize);
      }
      if (threadsPerTask < 1) {
        throw new IllegalArgumentException(
            "threadsPerTask must be at least 1, found " + threadsPerTask);
      }
    }
  }

  /**
   * The latent vectors of images {@code start … start+count−1}: row r is N(0, I) noise drawn from a
   * generator seeded by a hash of ({@code seed}, start + r), independent of any other image's.
   */
  public static INDArray latents(long seed, long start, int count, long latentDim, DataType type) {
    if (count < 0 || start < 0) {
      throw new IllegalArgumentException(
          "start and count must not be negative, found " + start + " and " + count);
    }
    int d = Math.toIntExact(latentDim);
    double[] z = new double[Math.multiplyExact(count, d)];
    for (int r = 0; r < count; r++) {
      io.github.samegan.core.graph.Rng rng =
          new io.github.samegan.core.graph.Rng(mix(seed ^ mix((start + r + 1) * GOLDEN)));
      for (int j = 0; j < d; j++) {
        z[r * d + j] = rng.nextGaussian();
      }
    }
    return Nd4j.create(z, new long[] {count, d}, 'c').castTo(type);
  }

  private static long mix(long x) {
    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
    return x ^ (x >>> 31);
  }

  /**
   * P contiguous ranges {@code [start, end)} covering {@code [0, n)}, sizes differing by at most 1.
   */
  public static List<long[]> ranges(long n, int partitions) {
    if (n < 1 || partitions < 1) {
      throw new IllegalArgumentException(
          "need at least one image and one partition, found n=" + n + ", partitions=" + partitions);
    }
    List<long[]> out = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      long a = n * p / partitions;
      long b = n * (p + 1) / partitions;
      if (b > a) {
        out.add(new long[] {a, b});
      }
    }
    return out;
  }

  /** Feature sums of generated images {@code [start, end)} on this machine (what one task does). */
  public static MomentSums generatedSums(
      Gan gan, FeatureExtractor features, long seed, long start, long end, int batchSize) {
    MomentSums sums = MomentSums.empty(features.dimension()).describedBy(features);
    forEachGenerated(gan, features, seed, start, end, batchSize, sums::add);
    return sums;
  }

  /** Feature sums of data set images {@code [start, end)} on this machine. */
  public static MomentSums datasetSums(
      ImageDataset data, FeatureExtractor features, long start, long end, int batchSize) {
    MomentSums sums = MomentSums.empty(features.dimension()).describedBy(features);
    forEachInDataset(data, features, start, end, batchSize, sums::add);
    return sums;
  }

  /**
   * Hands the features of generated images {@code [start, end)} to {@code sink}, batch by batch.
   */
  static void forEachGenerated(
      Gan gan,
      FeatureExtractor features,
      long seed,
      long start,
      long end,
      int batchSize,
      Consumer<INDArray> sink) {
    for (long i = start; i < end; i += batchSize) {
      int b = (int) Math.min(batchSize, end - i);
      INDArray images =
          gan.sample(latents(seed, i, b, gan.generator().latentDim(), gan.dataType()));
      sink.accept(features.features(images));
    }
  }

  /** Hands the features of data set images {@code [start, end)} to {@code sink}, batch by batch. */
  static void forEachInDataset(
      ImageDataset data,
      FeatureExtractor features,
      long start,
      long end,
      int batchSize,
      Consumer<INDArray> sink) {
    int pixels = data.info().pixels();
    long[] chw = data.info().chw();
    for (long i = start; i < end; i += batchSize) {
      int b = (int) Math.min(batchSize, end - i);
      float[] buf = new float[b * pixels];
      for (int r = 0; r < b; r++) {
        data.copyImage(Math.toIntExact(i + r), buf, r * pixels);
      }
      sink.accept(features.features(Nd4j.create(buf, new long[] {b, chw[0], chw[1], chw[2]}, 'c')));
    }
  }

  /**
   * Statistics of {@code n} images generated by {@code gan} with latent seed {@code seed}, split
   * over {@code settings.partitions()} tasks.
   *
   * @return statistics keyed {@code ("generated:" + model, "seed=" + seed, network, preprocessing)}
   */
  public static FeatureStatistics generatedStatistics(
      JavaSparkContext jsc,
      GanSpec gan,
      FeatureExtractorFactory features,
      long n,
      long seed,
      Settings settings) {
    Objects.requireNonNull(gan, "gan");
    Objects.requireNonNull(features, "features");
    JavaRDD<long[]> parts =
        jsc.parallelize(ranges(n, settings.partitions()), settings.partitions());
    int threads = settings.threadsPerTask();
    int batch = settings.batchSize();
    MomentSums total =
        parts.treeAggregate(
            null,
            (MomentSums acc, long[] r) -> {
              ExecutorThreads.use(threads);
              FeatureExtractor fx = features.create();
              MomentSums part = generatedSums(gan.build(), fx, seed, r[0], r[1], batch);
              return acc == null ? part : acc.merge(part);
            },
            DistributedEvaluation::mergeNullable,
            2);
    return total.toStatistics("generated:" + gan.model(), "seed=" + seed);
  }

  /**
   * Statistics of the first {@code n} images (all when {@code n} exceeds its size) of a registry
   * data set that every executor can load from {@code dataDir}, split over the tasks.
   */
  public static FeatureStatistics datasetStatistics(
      JavaSparkContext jsc,
      String dataset,
      String dataDir,
      int imageSize,
      FeatureExtractorFactory features,
      long n,
      Settings settings) {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(features, "features");
    JavaRDD<long[]> parts =
        jsc.parallelize(ranges(n, settings.partitions()), settings.partitions());
    int threads = settings.threadsPerTask();
    int batch = settings.batchSize();
    MomentSums total =
        parts.treeAggregate(
            null,
            (MomentSums acc, long[] r) -> {
              ExecutorThreads.use(threads);
              ImageDataset data =
                  DatasetRegistry.standard().load(dataset, Path.of(dataDir), imageSize);
              long end = Math.min(r[1], data.size());
              MomentSums part =
                  r[0] >= end ? null : datasetSums(data, features.create(), r[0], end, batch);
              return mergeNullable(acc, part);
            },
            DistributedEvaluation::mergeNullable,
            2);
    if (total == null) {
      throw new IllegalArgumentException("data set '" + dataset + "' has no images");
    }
    return total.toStatistics(dataset, "first " + total.count());
  }

  /**
   * The features of {@code n} images generated by {@code gan}, computed across the tasks and
   * collected on the driver in image order (row i is image i's, whatever the partitioning): the
   * input of KID and precision/recall ({@link DistributedMetrics}), which need the rows, not
   * moments. Costs N × D doubles on the driver.
   */
  public static double[][] generatedFeatures(
      JavaSparkContext jsc,
      GanSpec gan,
      FeatureExtractorFactory features,
      int n,
      long seed,
      Settings settings) {
    Objects.requireNonNull(gan, "gan");
    Objects.requireNonNull(features, "features");
    int threads = settings.threadsPerTask();
    int batch = settings.batchSize();
    return collectRows(
        jsc,
        n,
        settings,
        r -> {
          ExecutorThreads.use(threads);
          List<double[]> rows = new ArrayList<>();
          forEachGenerated(
              gan.build(), features.create(), seed, r[0], r[1], batch, f -> addRows(rows, f));
          return rows;
        });
  }

  /**
   * The features of the first {@code n} images of a registry data set (fewer if it has fewer),
   * computed across the tasks and collected on the driver in image order.
   */
  public static double[][] datasetFeatures(
      JavaSparkContext jsc,
      String dataset,
      String dataDir,
      int imageSize,
      FeatureExtractorFactory features,
      int n,
      Settings settings) {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(features, "features");
    int threads = settings.threadsPerTask();
    int batch = settings.batchSize();
    double[][] rows =
        collectRows(
            jsc,
            n,
            settings,
            r -> {
              ExecutorThreads.use(threads);
              ImageDataset data =
                  DatasetRegistry.standard().load(dataset, Path.of(dataDir), imageSize);
              List<double[]> out = new ArrayList<>();
              long end = Math.min(r[1], data.size());
              if (r[0] < end) {
                forEachInDataset(data, features.create(), r[0], end, batch, f -> addRows(out, f));
              }
              return out;
            });
    if (rows.length == 0) {
      throw new IllegalArgumentException("data set '" + dataset + "' has no images");
    }
    return rows;
  }

  private static double[][] collectRows(
      JavaSparkContext jsc,
      long n,
      Settings settings,
      org.apache.spark.api.java.function.Function<long[], List<double[]>> task) {
    List<List<double[]>> parts =
        jsc.parallelize(ranges(n, settings.partitions()), settings.partitions())
            .map(task)
            .collect();
    List<double[]> all = new ArrayList<>();
    parts.forEach(all::addAll);
    return all.toArray(double[][]::new);
  }

  /** Appends the rows of a feature batch, as doubles, to {@code rows}. */
  static void addRows(List<double[]> rows, INDArray features) {
    double[][] m = features.castTo(DataType.DOUBLE).toDoubleMatrix();
    rows.addAll(List.of(m));
  }

  private static MomentSums mergeNullable(MomentSums a, MomentSums b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a.merge(b);
  }

  /** The Fréchet distance between two sets of statistics ({@link FrechetDistance}). */
  public static double frechetDistance(FeatureStatistics a, FeatureStatistics b) {
    return FrechetDistance.compute(a, b);
  }
}
