package io.github.samegan.eval.metrics;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.io.CsvLogs;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.PeriodicEvaluation;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link io.github.samegan.core.train.TrainingCallback} that scores the generator every {@code
 * every} steps with the Fréchet distance and KID in a feature network's space, and appends a row to
 * a CSV file (e.g. {@code OUT/eval.csv}, next to the loss log):
 *
 * <pre>
 * step,fd,kid_mean,kid_std,kid_subsets,kid_subset_size,n_real,n_fake,seconds,feature_network,preprocessing
 * 0,412.7,0.53,0.01,10,1000,1000,1000,4.1,"classifier:fmnist.zip (…, test acc 91.3% …)","none: …"
 * </pre>
 *
 * <p>The real features ({@code n} images from the reference batches) are extracted once, at the
 * start. Every evaluation generates {@code n} images from the <em>same</em> latent vectors
 * (seeded), streamed in batches through the extractor (no image set is held in memory), so
 * successive rows differ only by the generator. The run is scored at its start (step 0 for a new
 * run, a baseline) and at its end too. A resumed run drops rows past the resume step before
 * appending.
 *
 * <p>Cost per evaluation: {@code n} generator samples and feature extractions, plus KID's {@code 3
 * · subsets · m² · D} multiply-adds (default 10 subsets of {@code m = min(n/2, 1000)} rows: subsets
 * as large as the whole set would all be equal and their spread 0). Values at small {@code n} are
 * biased (FD upwards); compare rows of one run, not with other protocols.
 */
public final class EvaluationCallback extends PeriodicEvaluation<EvaluationCallback.Row> {
  static final String HEADER =
      "step,fd,kid_mean,kid_std,kid_subsets,kid_subset_size,n_real,n_fake,seconds,"
          + "feature_network,preprocessing";

  /**
   * One evaluation.
   *
   * @param step the training step scored
   * @param frechetDistance FD between the real and generated features
   * @param kid KID (mean, std over subsets)
   * @param seconds wall time of the evaluation (generation, features and scores)
   */
  public record Row(
      long step, double frechetDistance, KernelInceptionDistance.Result kid, double seconds) {}

  private final FeatureExtractor extractor;
  private final Supplier<Iterator<INDArray>> realBatches;
  private final String dataset;
  private final String split;
  private final int samples;
  private final int batch;
  private final int kidSubsets;
  private final long seed;
  private CollectedFeatures real;

  private EvaluationCallback(Builder b) {
    super(b.csv, HEADER, "evaluation log", b.every, b.log);
    this.extractor = b.extractor;
    this.realBatches = b.realBatches;
    this.dataset = b.dataset;
    this.split = b.split;
    this.samples = b.samples;
    this.batch = b.batch;
    this.kidSubsets = b.kidSubsets;
    this.seed = b.seed;
  }

  /**
   * Starts a builder.
   *
   * @param extractor the feature network
   * @param realBatches a fresh iterator over real batches {@code [B, C, H, W]} in [−1, 1] (called
   *     once; it must yield at least {@code samples} images)
   * @param dataset the real data set's name (recorded in the report keys)
   * @param split the real split's name
   * @param csv the file rows are appended to
   */
  public static Builder builder(
      FeatureExtractor extractor,
      Supplier<Iterator<INDArray>> realBatches,
      String dataset,
      String split,
      Path csv) {
    return new Builder(extractor, realBatches, dataset, split, csv);
  }

  /** Extracts the real features, once. */
  @Override
  protected void prepare(GanTrainer trainer) {
    real =
        FeatureCollector.builder(extractor, dataset, split, samples)
            .build()
            .collect(realBatches.get());
  }

  /** Scores the trainer's generator: FD and KID against the real features. */
  @Override
  protected Row score(GanTrainer trainer, long step) {
    long t0 = System.nanoTime();
    Rng z = new Rng(seed);
    Iterator<INDArray> generated =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public INDArray next() {
            return trainer.gan().sample(batch, z);
          }
        };
    CollectedFeatures fake =
        FeatureCollector.builder(extractor, "generated", "step-" + step, samples)
            .keepProbabilities(false)
            .build()
            .collect(generated);
    double fd = FrechetDistance.compute(real.statistics(), fake.statistics());
    // subsets of at most half the rows, so that they differ and their spread means something
    int m = Math.min(KernelInceptionDistance.DEFAULT_SUBSET_SIZE, Math.max(2, samples / 2));
    KernelInceptionDistance.Result kid =
        new KernelInceptionDistance(kidSubsets, m, seed).compute(real.features(), fake.features());
    return new Row(step, fd, kid, (System.nanoTime() - t0) / 1e9);
  }

  @Override
  protected String csvLine(Row r) {
    return String.format(
        Locale.ROOT,
        "%d,%s,%s,%s,%d,%d,%d,%d,%.1f,%s,%s%n",
        r.step(),
        num(r.frechetDistance()),
        num(r.kid().mean()),
        num(r.kid().std()),
        r.kid().subsets(),
        r.kid().subsetSize(),
        real.count(),
        samples,
        r.seconds(),
        CsvLogs.quote(extractor.description()),
        CsvLogs.quote(extractor.preprocessing()));
  }

  @Override
  protected String logLine(Row r) {
    return String.format(
        Locale.ROOT,
        "eval step %d: FD %.4f  KID %.5f ± %.5f  (%d samples, %s; %.1f s)%n",
        r.step(),
        r.frechetDistance(),
        r.kid().mean(),
        r.kid().std(),
        samples,
        extractor.description(),
        r.seconds());
  }

  private static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "";
  }

  /** Builder; {@link EvaluationCallback#builder} holds the required arguments. */
  public static final class Builder {
    private final FeatureExtractor extractor;
    private final Supplier<Iterator<INDArray>> realBatches;
    private final String dataset;
    private final String split;
    private final Path csv;
    private int every = 1000;
    private int samples = 1000;
    private int batch = 100;
    private int kidSubsets = 10;
    private long seed = 0;
    private PrintStream log;

    private Builder(
        FeatureExtractor extractor,
        Supplier<Iterator<INDArray>> realBatches,
        String dataset,
        String split,
        Path csv) {
      this.extractor = Objects.requireNonNull(extractor, "extractor");
      this.realBatches = Objects.requireNonNull(realBatches, "realBatches");
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      this.split = Objects.requireNonNull(split, "split");
      this.csv = Objects.requireNonNull(csv, "csv");
    }

    /** Evaluate every n steps (default 1000). */
    public Builder every(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("every must be >= 1, found " + n);
      }
      this.every = n;
      return this;
    }

    /** Real and generated samples per evaluation (default 1000; at least 2). */
    public Builder samples(int n) {
      if (n < 2) {
        throw new IllegalArgumentException("samples must be >= 2, found " + n);
      }
      this.samples = n;
      return this;
    }

    /** Generator batch size while sampling (default 100). */
    public Builder batch(int n) {
      if (n < 1 || n > 4096) {
        throw new IllegalArgumentException("batch must be in [1, 4096], found " + n);
      }
      this.batch = n;
      return this;
    }

    /** KID subsets (default 10; the subset size is min(samples / 2, 1000)). */
    public Builder kidSubsets(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("kidSubsets must be >= 1, found " + n);
      }
      this.kidSubsets = n;
      return this;
    }

    /** Seed of the latent vectors and of KID's subsets (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Where to print one line per evaluation (default: nowhere). */
    public Builder log(PrintStream out) {
      this.log = out;
      return this;
    }

    /** The callback. */
    public EvaluationCallback build() {
      return new EvaluationCallback(this);
    }
  }
}
