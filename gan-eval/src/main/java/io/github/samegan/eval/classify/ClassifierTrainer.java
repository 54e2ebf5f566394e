package io.github.samegan.eval.classify;

import io.github.samegan.core.TrainingDivergedException;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.train.Optimizer;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Trains a {@link Classifier} with softmax cross-entropy: each step takes one labelled batch,
 * computes the gradients of the mean cross-entropy over every parameter with SameDiff's {@code
 * calculateGradientsAndOutputs} on the classifier's training graph, and applies one ND4J updater
 * per parameter in place (Adam by default); batch-norm running statistics are then refreshed as
 * {@code r ← 0.9·r + 0.1·batch}. A JVM collection every {@code gcEvery} steps (default 1) keeps
 * native memory flat (docs/internals.md).
 *
 * <p>Deterministic: the weights come from the classifier's seed and the trainer has no randomness
 * of its own, so the same data order gives the same weights.
 *
 * <pre>{@code
 * Classifier c = Classifier.create(ResNetClassifier.standard(ImageShape.gray(32), 10), 7);
 * ClassifierTrainer t = ClassifierTrainer.builder(c, () -> new LabelledBatch(it.next(), it.lastLabels()))
 *     .optimizer(ClassifierTrainer.adamWithLinearDecay(2e-3, 1500)).build();
 * t.fit(1500, s -> System.out.println(s));
 * }</pre>
 */
public final class ClassifierTrainer {
  private final Classifier classifier;
  private final LabelledBatchSource data;
  private final ParameterUpdaters updaters;
  private final int gcEvery;
  private long step;

  private ClassifierTrainer(Builder b) {
    this.classifier = b.classifier;
    this.data = b.data;
    this.gcEvery = b.gcEvery;
    this.updaters = new ParameterUpdaters(b.optimizer, classifier.parameters(), classifier.trainGraph().trainable());
  }

  /**
   * Starts a builder.
   *
   * @param classifier the classifier to train (its weights are updated in place)
   * @param data labelled batches of the classifier's image shape
   */
  public static Builder builder(Classifier classifier, LabelledBatchSource data) {
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
   * @throws IllegalArgumentException if the batch has the wrong shape or a label is out of range
   */
  public ClassifierStep step() {
    long t0 = System.nanoTime();
    Classifier.TrainGraph tg = classifier.trainGraph();
    LabelledBatch batch = Objects.requireNonNull(data.next(), "batch");
    classifier.checkImages(batch.images());
    classifier.checkLabels(batch.labels());
    int k = classifier.numClasses();
    INDArray oneHot = Nd4j.zeros(classifier.dataType(), batch.size(), k);
    for (int i = 0; i < batch.size(); i++) {
      oneHot.putScalar(i, batch.labels()[i], 1.0);
    }
    Map<String, INDArray> ph = Map.of(
        Classifier.IMAGES, batch.images().castTo(classifier.dataType()), Classifier.LABELS, oneHot);
    OutAndGrad r = tg.sd().calculateGradientsAndOutputs(ph, tg.outputs(), tg.trainable());
    Map<String, INDArray> out = r.getOutputs();
    double loss = out.get(Classifier.LOSS).getDouble(0);
    INDArray predicted = Nd4j.argMax(out.get(Classifier.LOGITS), 1);
    int correct = 0;
    for (int i = 0; i < batch.size(); i++) {
      if (predicted.getInt(i) == batch.labels()[i]) {
        correct++;
      }
    }
    long next = step + 1;
    requireFinite(next, loss, r.getGradients());
    updaters.apply(classifier.parameters(), r.getGradients());
    ParameterStore store = classifier.parameters();
    for (NetGraph.StateUpdate u : tg.stateUpdates()) {
      INDArray state = store.array(u.stateName());
      INDArray value = out.get(u.value().name()).reshape(state.shape());
      state.muli(1.0 - u.momentum()).addi(value.mul(u.momentum()));
    }
    step = next;
    if (gcEvery > 0 && step % gcEvery == 0) {
      System.gc();
    }
    return new ClassifierStep(step, loss, (double) correct / batch.size(), (System.nanoTime() - t0) / 1e6);
  }

  private static void requireFinite(long forStep, double loss, Map<String, INDArray> grads) {
    String bad = Double.isFinite(loss) ? null : "loss = " + loss;
    if (bad == null) {
      for (Map.Entry<String, INDArray> e : grads.entrySet()) {
        if (!Double.isFinite(e.getValue().sumNumber().doubleValue())) {
          bad = "gradient of " + e.getKey() + " is not finite";
          break;
        }
      }
    }
    if (bad != null) {
      throw new TrainingDivergedException(forStep, "Classifier training diverged at step " + forStep
          + ": " + bad + ". Weights were not updated. Try a lower learning rate.");
    }
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
   * @param accuracy fraction of the batch classified correctly (batch statistics, before the update)
   * @param millis wall time of the step
   */
  public record ClassifierStep(long step, double loss, double accuracy, double millis) {}

  /** Builder: required parts in {@link ClassifierTrainer#builder}, options here. */
  public static final class Builder {
    private final Classifier classifier;
    private final LabelledBatchSource data;
    private Optimizer optimizer = Optimizer.adam(1e-3, 0.9, 0.999);
    private int gcEvery = 1;

    private Builder(Classifier classifier, LabelledBatchSource data) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      this.data = Objects.requireNonNull(data, "data");
    }

    /** The optimizer (default Adam(1e-3, 0.9, 0.999)); see {@link #adamWithLinearDecay}. */
    public Builder optimizer(Optimizer o) {
      this.optimizer = Objects.requireNonNull(o, "optimizer");
      return this;
    }

    /** Request a JVM collection every n steps to release native memory (0 = never; default 1). */
    public Builder gcEvery(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("gcEvery must be >= 0, found " + n);
      }
      this.gcEvery = n;
      return this;
    }

    /** Builds the trainer (the training graph and the optimizer state are created here). */
    public ClassifierTrainer build() {
      return new ClassifierTrainer(this);
    }
  }
}
