package io.github.samegan.detect;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.eval.classify.Classifier;
import io.github.samegan.eval.classify.ClassifierNetwork;
import io.github.samegan.eval.classify.ClassifierNetworks;
import io.github.samegan.eval.classify.ClassifierTrainer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Trains a {@link Detector}: a two-class classifier on real images (label 0) against generated ones
 * (label 1), with CNNDetection's augmentation ({@link DetectorAugmentation}), softmax cross-entropy
 * and Adam with a linearly decaying learning rate ({@link ClassifierTrainer}).
 *
 * <p><b>Data.</b> The two classes get the same number of images, {@code n = min(maxPerClass,
 * |real|, Σ|fakes|)}, the generated ones spread evenly over the generators (as far as each has
 * images); all are drawn by a seeded shuffle. From each set (the real one and each generator's) a
 * fraction {@code validationFraction} is held out, never trained on.
 *
 * <p><b>Threshold.</b> With {@link Builder#autoThreshold()} (the default) the threshold is the one
 * with the best balanced accuracy on the held-out images ({@link DetectionMetrics#bestThreshold});
 * {@link Builder#threshold(double)} fixes it instead. Either way the detector records which, and
 * {@link Result#validation()} reports AP, AUC and both accuracies on the held-out images.
 */
public final class DetectorTrainer {
  private final Builder o;

  private DetectorTrainer(Builder b) {
    this.o = b;
  }

  /**
   * Starts a builder.
   *
   * @param real real images (of the shape the detector will take)
   * @param fakes generated images, one set per generator or folder, each of the same shape
   */
  public static Builder builder(ImageDataset real, List<? extends ImageDataset> fakes) {
    return new Builder(real, fakes);
  }

  /**
   * What training produced.
   *
   * @param detector the trained detector with its threshold
   * @param validation its scores on the held-out images (null without a validation split)
   * @param trainReal real images trained on
   * @param trainFake generated images trained on
   */
  public record Result(
      Detector detector, DetectionReport validation, int trainReal, int trainFake) {}

  /** Trains and returns the detector. */
  public Result train() {
    List<ImageDataset> sets = new ArrayList<>();
    sets.add(o.real);
    sets.addAll(o.fakes);
    int n =
        Math.min(
            o.maxPerClass,
            Math.min(o.real.size(), o.fakes.stream().mapToInt(ImageDataset::size).sum()));
    int[] counts = new int[sets.size()];
    counts[0] = n;
    int[] fakeCounts = spread(n, o.fakes.stream().mapToInt(ImageDataset::size).toArray());
    System.arraycopy(fakeCounts, 0, counts, 1, fakeCounts.length);

    ByteArrayOutputStream trainPixels = new ByteArrayOutputStream();
    List<Integer> trainLabels = new ArrayList<>();
    List<InMemoryImageDataset> validation = new ArrayList<>();
    for (int s = 0; s < sets.size(); s++) {
      ImageDataset d = sets.get(s);
      int[] perm = new Rng(o.seed * 31 + s).permutation(d.size());
      int held = counts[s] == 0 ? 0 : validationCount(counts[s]);
      if (held > 0) {
        validation.add(ImageSets.subset(d, d.name(), Arrays.copyOfRange(perm, 0, held)));
      }
      int[] train = Arrays.copyOfRange(perm, held, counts[s]);
      trainPixels.writeBytes(ImageSets.pixels(d, train));
      for (int i = 0; i < train.length; i++) {
        trainLabels.add(s == 0 ? 0 : Detector.FAKE);
      }
    }
    int trainReal = n - (validation.isEmpty() ? 0 : validation.get(0).size());
    int trainFake = trainLabels.size() - trainReal;
    if (trainReal < 1 || trainFake < 1) {
      throw new IllegalArgumentException(
          "Too few images to train on: "
              + trainReal
              + " real and "
              + trainFake
              + " generated after holding out the validation split; give more images or a smaller validation fraction");
    }
    InMemoryImageDataset trainSet =
        InMemoryImageDataset.labelled(
            "detector-train",
            o.real.info(),
            trainPixels.toByteArray(),
            trainLabels.stream().mapToInt(Integer::intValue).toArray(),
            Detector.CLASS_NAMES);
    if (trainSet.size() < o.batch) {
      throw new IllegalArgumentException(
          "The batch ("
              + o.batch
              + ") is larger than the training set ("
              + trainSet.size()
              + " images); use a smaller batch");
    }

    ClassifierNetwork network =
        ClassifierNetworks.fromSpec(o.architecture, ImageSets.shapeOf(o.real), 2);
    Classifier classifier = Classifier.create(network, o.seed);
    BatchIterator it =
        BatchIterator.builder(trainSet, o.batch)
            .seed(o.seed)
            .augment(o.augmentation.pipeline(o.seed))
            .build();
    ClassifierTrainer trainer =
        ClassifierTrainer.builder(
                classifier, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
            .optimizer(ClassifierTrainer.adamWithLinearDecay(o.learningRate, o.steps))
            .build();
    trainer.fit(o.steps, o.progress);

    List<String> fakeNames = o.fakes.stream().map(ImageDataset::name).toList();
    DetectorInfo info =
        new DetectorInfo(
            network.spec(),
            classifier.inputShape(),
            0.5,
            "fixed: 0.5",
            o.realName,
            fakeNames,
            o.augmentation.spec(),
            o.steps,
            o.seed,
            null);
    Detector detector = new Detector(classifier, info);
    if (validation.isEmpty()) {
      return new Result(
          detector.withThreshold(o.threshold, "fixed: " + o.threshold + " (no validation split)"),
          null,
          trainReal,
          trainFake);
    }
    InMemoryImageDataset realVal = validation.get(0);
    List<InMemoryImageDataset> fakeVal = validation.subList(1, validation.size());
    double threshold = o.threshold;
    String source = "fixed: " + o.threshold;
    if (o.auto) {
      double[] r = detector.probabilityFake(realVal, 250);
      double[] f =
          fakeVal.stream()
              .flatMapToDouble(v -> Arrays.stream(detector.probabilityFake(v, 250)))
              .toArray();
      threshold = DetectionMetrics.bestThreshold(r, f);
      source =
          String.format(
              Locale.ROOT,
              "auto: best balanced accuracy on the validation split (%d real, %d fake)",
              r.length,
              f.length);
    }
    Detector withThreshold = detector.withThreshold(threshold, source);
    DetectionReport report =
        DetectionEvaluator.builder(withThreshold)
            .blurSigmas()
            .jpegQualities()
            .build()
            .evaluate(
                realVal,
                fakeVal,
                List.of(
                    "validation split: "
                        + Math.round(100 * o.validationFraction)
                        + "% of each set, held out (seed "
                        + o.seed
                        + ")"));
    DetectionReport.Row all = report.clean().overall();
    DetectorInfo.Validation v =
        new DetectorInfo.Validation(
            all.realCount(),
            all.fakeCount(),
            all.averagePrecision(),
            all.rocAuc(),
            all.accuracyOnReal(),
            all.accuracyOnFake());
    Detector done =
        new Detector(
            classifier,
            new DetectorInfo(
                network.spec(),
                classifier.inputShape(),
                threshold,
                source,
                o.realName,
                fakeNames,
                o.augmentation.spec(),
                o.steps,
                o.seed,
                v));
    return new Result(done, report, trainReal, trainFake);
  }

  private int validationCount(int count) {
    if (o.validationFraction == 0) {
      return 0;
    }
    return (int) Math.max(1, Math.min(count - 1, Math.round(count * o.validationFraction)));
  }

  /** Splits {@code n} over sets of the given sizes as evenly as their sizes allow. */
  static int[] spread(int n, int[] sizes) {
    int[] out = new int[sizes.length];
    int left = n;
    while (left > 0) {
      int open = 0;
      for (int i = 0; i < sizes.length; i++) {
        if (out[i] < sizes[i]) {
          open++;
        }
      }
      if (open == 0) {
        break;
      }
      int share = Math.max(1, left / open);
      for (int i = 0; i < sizes.length && left > 0; i++) {
        int add = Math.min(Math.min(share, sizes[i] - out[i]), left);
        out[i] += add;
        left -= add;
      }
    }
    return out;
  }

  /** Options; {@link DetectorTrainer#builder} holds the data. */
  public static final class Builder {
    private final ImageDataset real;
    private final List<ImageDataset> fakes;
    private String realName;
    private String architecture = Detector.SMALL;
    private long steps = 1000;
    private int batch = 64;
    private double learningRate = 1e-3;
    private DetectorAugmentation augmentation = DetectorAugmentation.DEFAULT;
    private double validationFraction = 0.1;
    private boolean auto = true;
    private double threshold = 0.5;
    private int maxPerClass = 10_000;
    private long seed;
    private Consumer<ClassifierTrainer.ClassifierStep> progress = s -> {};

    private Builder(ImageDataset real, List<? extends ImageDataset> fakes) {
      this.real = Objects.requireNonNull(real, "real");
      this.fakes = List.copyOf(fakes);
      this.realName = real.name();
      if (this.fakes.isEmpty()) {
        throw new IllegalArgumentException(
            "A detector needs generated images to train on; give at least one set");
      }
      for (ImageDataset f : this.fakes) {
        if (!f.info().equals(real.info())) {
          throw new IllegalArgumentException(
              "The generated set '"
                  + f.name()
                  + "' holds "
                  + f.info()
                  + " images but the real set '"
                  + real.name()
                  + "' holds "
                  + real.info()
                  + "; a detector is trained on one image shape");
        }
      }
    }

    /** How the real images are described in the detector's manifest (default: the set's name). */
    public Builder realName(String name) {
      this.realName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The network spec (default {@link Detector#SMALL}); depth via {@code blocks=n}. */
    public Builder architecture(String spec) {
      this.architecture = Objects.requireNonNull(spec, "spec");
      return this;
    }

    /** Training steps (default 1000). */
    public Builder steps(long n) {
      this.steps = Checks.inRange("steps", n, 1, Long.MAX_VALUE);
      return this;
    }

    /** Batch size (default 64). */
    public Builder batch(int n) {
      this.batch = Checks.inRange("batch", n, 2, 4096);
      return this;
    }

    /** Adam's starting learning rate in (0, 0.5], decayed linearly to 0 (default 1e-3). */
    public Builder learningRate(double lr) {
      this.learningRate = Checks.inRange("The learning rate", lr, Double.MIN_VALUE, 0.5);
      return this;
    }

    /** The training augmentation (default {@link DetectorAugmentation#DEFAULT}). */
    public Builder augmentation(DetectorAugmentation a) {
      this.augmentation = Objects.requireNonNull(a, "augmentation");
      return this;
    }

    /** Fraction of each set held out for validation, in [0, 0.5] (default 0.1). */
    public Builder validationFraction(double f) {
      this.validationFraction = Checks.inRange("The validation fraction", f, 0, 0.5);
      return this;
    }

    /** Choose the threshold on the validation split (the default). */
    public Builder autoThreshold() {
      this.auto = true;
      return this;
    }

    /** Use this threshold instead of choosing one. */
    public Builder threshold(double t) {
      this.threshold = DetectorInfo.requireThreshold(t);
      this.auto = false;
      return this;
    }

    /** The most images per class (default 10,000). */
    public Builder maxPerClass(int n) {
      this.maxPerClass = Checks.inRange("maxPerClass", n, 2, Integer.MAX_VALUE);
      return this;
    }

    /** Seed of weights, sampling, split, data order and augmentation (default 0). */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Called after every step. */
    public Builder progress(Consumer<ClassifierTrainer.ClassifierStep> listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The trainer.
     *
     * @throws IllegalArgumentException if the threshold is auto but no validation split is held out
     */
    public DetectorTrainer build() {
      if (auto && validationFraction == 0) {
        throw new IllegalArgumentException(
            "An automatic threshold is chosen on the validation split; give a"
                + " validation fraction above 0 or a fixed threshold");
      }
      return new DetectorTrainer(this);
    }
  }
}
