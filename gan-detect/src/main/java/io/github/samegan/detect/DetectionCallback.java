package io.github.samegan.detect;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.io.CsvLogs;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.PeriodicEvaluation;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link io.github.samegan.core.train.TrainingCallback} that asks a {@link Detector} every {@code
 * every} steps how often it catches the current generator, and appends a row to a CSV log next to
 * the run's other metrics (e.g. {@code OUT/detection.csv}), so a run shows whether its GAN gets
 * harder to catch:
 *
 * <pre>
 * step,detection_rate,mean_p_fake,n,threshold,seconds,detector
 * 0,1.0,0.9993,500,0.43,2.1,"resnet:widths=16,32,64;blocks=1 on 1x32x32, threshold 0.43 (auto: …)"
 * </pre>
 *
 * <p>The detection rate is the fraction of {@code n} generated images with {@code P(fake) ≥
 * threshold}. Every evaluation draws the <em>same</em> latent vectors (seeded), quantised to 8 bits
 * as a saved image would be ({@link ImageSets}), so rows differ only by the generator. The run is
 * scored at its start (step 0 of a new run) and at its end too; a resumed run drops rows past the
 * resume step first.
 */
public final class DetectionCallback extends PeriodicEvaluation<DetectionCallback.Row> {
  static final String HEADER = "step,detection_rate,mean_p_fake,n,threshold,seconds,detector";

  /**
   * One evaluation.
   *
   * @param step the training step scored
   * @param detectionRate fraction of generated images called generated
   * @param meanProbability mean {@code P(fake)}
   * @param seconds wall time of the evaluation
   */
  public record Row(long step, double detectionRate, double meanProbability, double seconds) {}

  private final Detector detector;
  private final int samples;
  private final int batch;
  private final long seed;

  private DetectionCallback(Builder b) {
    super(b.csv, HEADER, "detection log", b.every, b.log);
    this.detector = b.detector;
    this.samples = b.samples;
    this.batch = b.batch;
    this.seed = b.seed;
  }

  /**
   * Starts a builder.
   *
   * @param detector the detector (its image shape must be the generator's)
   * @param csv the log rows are appended to
   */
  public static Builder builder(Detector detector, Path csv) {
    return new Builder(detector, csv);
  }

  /** Refuses a detector for another image shape than the generator's. */
  @Override
  protected void prepare(GanTrainer trainer) {
    if (!trainer.gan().generator().outputShape().equals(detector.inputShape())) {
      throw new IllegalArgumentException(
          "The detector takes "
              + detector.inputShape()
              + " images but the generator"
              + " makes "
              + trainer.gan().generator().outputShape()
              + "; use a detector trained on this data set's shape");
    }
  }

  /** Scores the trainer's generator: the fraction of its images the detector calls generated. */
  @Override
  protected Row score(GanTrainer trainer, long step) {
    long t0 = System.nanoTime();
    Rng z = new Rng(seed);
    int caught = 0;
    double sum = 0;
    for (int done = 0; done < samples; ) {
      int b = Math.min(batch, samples - done);
      INDArray images = ImageSets.quantize(trainer.gan().sample(b, z));
      for (double p : detector.probabilityFake(images)) {
        caught += detector.isFake(p) ? 1 : 0;
        sum += p;
      }
      done += b;
    }
    return new Row(step, (double) caught / samples, sum / samples, (System.nanoTime() - t0) / 1e9);
  }

  @Override
  protected String csvLine(Row row) {
    return String.format(
        Locale.ROOT,
        "%d,%s,%s,%d,%s,%.1f,%s%n",
        row.step(),
        row.detectionRate(),
        row.meanProbability(),
        samples,
        detector.threshold(),
        row.seconds(),
        CsvLogs.quote(detector.describe()));
  }

  @Override
  protected String logLine(Row row) {
    return String.format(
        Locale.ROOT,
        "detect step %d: %.1f%% of %d samples caught (mean P(fake) %.3f, threshold %.3f; %.1f s)%n",
        row.step(),
        100 * row.detectionRate(),
        samples,
        row.meanProbability(),
        detector.threshold(),
        row.seconds());
  }

  /** Builder; {@link DetectionCallback#builder} holds the required arguments. */
  public static final class Builder {
    private final Detector detector;
    private final Path csv;
    private int every = 500;
    private int samples = 500;
    private int batch = 100;
    private long seed;
    private PrintStream log;

    private Builder(Detector detector, Path csv) {
      this.detector = Objects.requireNonNull(detector, "detector");
      this.csv = Objects.requireNonNull(csv, "csv");
    }

    /** Evaluate every n steps (default 500). */
    public Builder every(int n) {
      this.every = Checks.inRange("every", n, 1, Integer.MAX_VALUE);
      return this;
    }

    /** Generated images per evaluation (default 500). */
    public Builder samples(int n) {
      this.samples = Checks.inRange("samples", n, 1, Integer.MAX_VALUE);
      return this;
    }

    /** Generator batch size while sampling (default 100). */
    public Builder batch(int n) {
      this.batch = Checks.inRange("batch", n, 1, 4096);
      return this;
    }

    /** Seed of the latent vectors (default 0). */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Where to print one line per evaluation (default: nowhere). */
    public Builder log(PrintStream out) {
      this.log = out;
      return this;
    }

    /** The callback. */
    public DetectionCallback build() {
      return new DetectionCallback(this);
    }
  }
}
