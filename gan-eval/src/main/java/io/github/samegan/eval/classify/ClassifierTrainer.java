package io.github.samegan.eval.classify;

import io.github.samegan.core.TrainingDivergedException;
import io.github.samegan.core.engine.Checkpoint;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.engine.NativeMemory;
import io.github.samegan.core.engine.NetworkUpdate;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Trains a {@link Classifier} with softmax cross-entropy on SameGAN's update engine ({@link
 * NetworkUpdate}, as the GAN trainer does): each step takes one labelled {@link Batch}, computes
 * the gradients of the mean cross-entropy over every parameter on the classifier's training graph,
 * and applies one ND4J updater per parameter in place (Adam by default); batch-norm running
 * statistics are then refreshed as {@code r ← 0.9·r + 0.1·batch}. Native memory stays flat the way
 * the engine keeps it ({@link NativeMemory}: recycled arrays by default).
 *
 * <p>Deterministic: the weights come from the classifier's seed and the trainer has no randomness
 * of its own, so the same data order gives the same weights. {@link #saveCheckpoint} and {@link
 * #restore} save and restore the weights, the optimizer state, the step and the data position in
 * SameGAN's checkpoint format, so a resumed run continues exactly.
 *
 * <pre>{@code
 * Classifier c = Classifier.create(ResNetClassifier.standard(ImageShape.gray(32), 10), 7);
 * ClassifierTrainer t = ClassifierTrainer.builder(c, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
 *     .optimizer(ClassifierTrainer.adamWithLinearDecay(2e-3, 1500)).build();
 * t.fit(1500, s -> System.out.println(s));
 * }</pre>
 */
public final class ClassifierTrainer {
  /** The network name of the classifier's update in checkpoints. */
  static final String NETWORK = "C";

  private final Classifier classifier;
  private final BatchSource data;
  private final NetworkUpdate update;
  private final NativeMemory memory;
  private final Rng noRandomness = new Rng(0);
  private long step;

  private ClassifierTrainer(Builder b) {
    this.classifier = b.classifier;
    this.data = b.data;
    this.memory = new NativeMemory(true, b.gcEvery);
    this.update =
        new NetworkUpdate(
            classifier.trainGraph(),
            classifier.parameters(),
            b.optimizer,
            classifier.dataType(),
            memory,
            "Try a lower learning rate.");
  }

  /**
   * Starts a builder.
   *
   * @param classifier the classifier to train (its weights are updated in place)
   * @param data labelled batches of the classifier's image shape
   */
  public static Builder builder(Classifier classifier, BatchSource data) {
    return new Builder(classifier, data);
  }

  /**
   * Adam (β₁ 0.9, β₂ 0.999) whose learning rate decays linearly from {@code lr} to 0 over {@code
   * steps} updates: a good default for a fixed step budget.
   */
  public static Optimizer adamWithLinearDecay(double lr, long steps) {
    Optimizer.adam(lr, 0.9, 0.999); // validates lr
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, found " + steps);
    }
    return new Optimizer(new Adam(new LinearDecay(lr, steps)));
  }

  /**
   * {@code lr · (1 − i/steps)}, floored at {@code lr/steps}. (ND4J's {@code PolySchedule} in
   * 1.0.0-M2.1 <em>grows</em> the value, to {@code 2·lr} at its last iteration, so it is not used.)
   */
  static final class LinearDecay implements ISchedule {
    private static final long serialVersionUID = 1L;
    private final double lr;
    private final long steps;

    LinearDecay(double lr, long steps) {
      this.lr = lr;
      this.steps = steps;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
      return lr * Math.max(1.0 / steps, 1.0 - (double) iteration / steps);
    }

    @Override
    public ISchedule clone() {
      return new LinearDecay(lr, steps);
    }
  }

  /**
   * One update on the next batch.
   *
   * @return the batch's loss and accuracy (before the update) and the step's time
   * @throws TrainingDivergedException if the loss or a gradient is not finite (weights unchanged)
   * @throws IllegalArgumentException if the batch has the wrong shape, no labels or a label out of
   *     range
   */
  public ClassifierStep step() {
    long t0 = System.nanoTime();
    Batch batch = Objects.requireNonNull(data.next(), "batch");
    classifier.checkImages(batch.images());
    classifier.checkLabels(batch);
    int k = classifier.numClasses();
    INDArray oneHot = Nd4j.zeros(classifier.dataType(), batch.size(), k);
    for (int i = 0; i < batch.size(); i++) {
      oneHot.putScalar(i, batch.labels()[i], 1.0);
    }
    Map<String, INDArray> ph =
        Map.of(
            Classifier.IMAGES,
            batch.images().castTo(classifier.dataType()),
            Classifier.LABELS,
            oneHot);
    int[] correct = new int[1];
    long next = step + 1;
    NetworkUpdate.Result r =
        update.run(
            ph,
            noRandomness,
            batch.size(),
            next,
            out -> {
              INDArray predicted = Nd4j.argMax(out.get(Classifier.LOGITS), 1);
              for (int i = 0; i < batch.size(); i++) {
                if (predicted.getInt(i) == batch.labels()[i]) {
                  correct[0]++;
                }
              }
            });
    step = next;
    memory.afterStep(step, () -> {});
    return new ClassifierStep(
        step, r.loss(), (double) correct[0] / batch.size(), (System.nanoTime() - t0) / 1e6);
  }

  /**
   * Saves the weights, batch-norm statistics, optimizer state, step and data position atomically in
   * SameGAN's checkpoint format.
   *
   * @param metadata free-form entries stored with it
   */
  public void saveCheckpoint(Path file, Map<String, String> metadata) throws IOException {
    Checkpoints.write(
        file,
        new Checkpoint(
            step,
            noRandomness.state(),
            data.position(),
            classifier.seed(),
            metadata,
            classifier.parameters()),
        Map.of(NETWORK, update));
  }

  /**
   * Restores a checkpoint written by {@link #saveCheckpoint} into this trainer, whose classifier
   * must have the same architecture.
   *
   * @return the checkpoint, for its metadata
   * @throws io.github.samegan.core.CheckpointException if it does not fit
   */
  public Checkpoints.Loaded restore(Path file) throws IOException {
    Checkpoints.Loaded cp =
        Checkpoints.restore(file, classifier.parameters(), Map.of(NETWORK, update));
    step = cp.step();
    data.seek(cp.dataPosition());
    return cp;
  }

  /**
   * Runs steps until {@code targetStep} (inclusive), handing each step's figures to {@code
   * listener}.
   */
  public void fit(long targetStep, Consumer<ClassifierStep> listener) {
    Objects.requireNonNull(listener, "listener");
    while (step < targetStep) {
      listener.accept(step());
    }
  }

  /** Steps completed so far. */
  public long currentStep() {
    return step;
  }

  /** The classifier being trained. */
  public Classifier classifier() {
    return classifier;
  }

  /**
   * What one step measured.
   *
   * @param step the step just completed (1-based)
   * @param loss mean cross-entropy of the batch (before the update)
   * @param accuracy fraction of the batch classified correctly (batch statistics, before the
   *     update)
   * @param millis wall time of the step
   */
  public record ClassifierStep(long step, double loss, double accuracy, double millis) {}

  /** Builder: required parts in {@link ClassifierTrainer#builder}, options here. */
  public static final class Builder {
    private final Classifier classifier;
    private final BatchSource data;
    private Optimizer optimizer = Optimizer.adam(1e-3, 0.9, 0.999);
    private Integer gcEvery;

    private Builder(Classifier classifier, BatchSource data) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      this.data = Objects.requireNonNull(data, "data");
    }

    /** The optimizer (default Adam(1e-3, 0.9, 0.999)); see {@link #adamWithLinearDecay}. */
    public Builder optimizer(Optimizer o) {
      this.optimizer = Objects.requireNonNull(o, "optimizer");
      return this;
    }

    /**
     * Request a JVM collection every n steps (0 = never, the default: arrays are recycled; {@link
     * NativeMemory}).
     */
    public Builder gcEvery(int n) {
      this.gcEvery = n;
      return this;
    }

    /** Builds the trainer (the training graph and the optimizer state are created here). */
    public ClassifierTrainer build() {
      return new ClassifierTrainer(this);
    }
  }
}
