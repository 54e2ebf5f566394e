package io.github.samegan.eval.classify;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.UpdateGraph;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.samediff.SafeOps;
import io.github.samegan.core.train.Batch;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link ClassifierNetwork} with its weights: one {@link ParameterStore} and two SameDiff graphs
 * over the same arrays, exactly as {@link io.github.samegan.core.train.Gan} does — an <em>inference
 * graph</em> (batch norm with running statistics) for {@link #predict}, and a <em>training
 * graph</em> (batch statistics, softmax cross-entropy, an {@link UpdateGraph}) that {@link
 * ClassifierTrainer} drives on SameGAN's update engine. Updates made through one are seen by the
 * other at once.
 *
 * <p>The loss is built from elementwise ops: {@code log p(y|x) = x_y − LSE(x)} with {@code LSE(x) =
 * m + log Σ exp(x − m)}, {@code m = max x} (no overflow; the shift's gradient cancels). SameDiff's
 * fused {@code sd.loss()} ops are avoided because their backward pass ignores the incoming gradient
 * and they mark themselves as losses (docs/internals.md).
 *
 * <p>Parameters are named {@code C/body/…} and {@code C/head/…}. Thread safety: {@link #predict} is
 * synchronized; training must not run concurrently with prediction.
 */
public final class Classifier {
  static final String SCOPE = "C";
  static final String IMAGES = "images";
  static final String LABELS = "labels";
  static final String LOGITS = "logits";
  static final String FEATURES = "features";
  static final String PROBABILITIES = "probabilities";
  static final String LOSS = "loss";

  private final ClassifierNetwork network;
  private final DataType dtype;
  private final long seed;
  private final ParameterStore store = new ParameterStore();
  private final SameDiff inference;
  private UpdateGraph train;

  private Classifier(ClassifierNetwork network, DataType dtype, long seed) {
    this.network = network;
    this.dtype = dtype;
    this.seed = seed;
    this.inference = buildInference();
  }

  /**
   * A classifier with freshly initialised weights (float32).
   *
   * @param network the architecture
   * @param seed the weight-initialisation seed
   */
  public static Classifier create(ClassifierNetwork network, long seed) {
    return create(network, seed, DataType.FLOAT);
  }

  /**
   * A classifier with freshly initialised weights.
   *
   * @param network the architecture
   * @param seed the weight-initialisation seed
   * @param dtype FLOAT, or DOUBLE for gradient checks
   */
  public static Classifier create(ClassifierNetwork network, long seed, DataType dtype) {
    Objects.requireNonNull(network, "network");
    if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
      throw new IllegalArgumentException("dtype must be FLOAT or DOUBLE, found " + dtype);
    }
    return new Classifier(network, dtype, seed);
  }

  private NetGraph graph(SameDiff sd, NetGraph.Mode mode) {
    return NetGraph.create(sd, store, new Rng(seed), dtype, mode, n -> true).scope(SCOPE);
  }

  private SDVariable imagesPlaceholder(SameDiff sd) {
    ImageShape s = network.inputShape();
    return sd.placeHolder(IMAGES, dtype, -1, s.channels(), s.height(), s.width());
  }

  private SameDiff buildInference() {
    SameDiff sd = SameDiff.create();
    ClassifierNetwork.Outputs out =
        network.build(graph(sd, NetGraph.Mode.INFERENCE), imagesPlaceholder(sd));
    sd.identity(LOGITS, out.logits());
    sd.identity(FEATURES, out.features());
    sd.identity(PROBABILITIES, sd.math().exp(SafeOps.logSoftmax(sd, out.logits())));
    return sd;
  }

  /**
   * Adds this classifier's inference pass to <em>another</em> graph as a frozen network: its
   * weights and batch-norm statistics become constants of {@code sd} (backed by this classifier's
   * own arrays, or by copies cast to {@code dtype} when the types differ), batch norm uses the
   * running statistics, and gradients flow to {@code images} but no weight can change. This is how
   * a trained classifier or detector enters a generator's update as a fixed critic.
   *
   * <p>Nothing is resized or converted: {@code images} must already be what {@link #predict} takes,
   * {@code [B, C, H, W]} of {@link #inputShape()} in [−1, 1] (the classifier has no other
   * preprocessing).
   *
   * @param sd the graph to build into
   * @param dtype the graph's floating-point type
   * @param prefix a name prefix unique in {@code sd} (the constants are named {@code prefix/C/…})
   * @param images the input batch
   * @return logits and features
   */
  public synchronized ClassifierNetwork.Outputs frozenPass(
      SameDiff sd, DataType dtype, String prefix, SDVariable images) {
    Objects.requireNonNull(sd, "sd");
    Objects.requireNonNull(images, "images");
    ParameterStore view = new ParameterStore();
    for (ParameterStore.Entry e : store.entries()) {
      INDArray a = e.array().dataType() == dtype ? e.array() : e.array().castTo(dtype).dup('c');
      view.add(prefix + "/" + e.name(), a, e.kind());
    }
    int before = view.size();
    NetGraph g =
        NetGraph.create(sd, view, new Rng(seed), dtype, NetGraph.Mode.INFERENCE, n -> false)
            .scope(prefix)
            .scope(SCOPE);
    ClassifierNetwork.Outputs out = network.build(g, images);
    if (view.size() != before) {
      throw new IllegalStateException(
          "The frozen pass of "
              + network.spec()
              + " asked for weights the classifier does not hold ("
              + (view.size() - before)
              + " new); was it built for another architecture?");
    }
    return out;
  }

  /** The training graph, built on first use. */
  synchronized UpdateGraph trainGraph() {
    if (train == null) {
      SameDiff sd = SameDiff.create();
      NetGraph g = graph(sd, NetGraph.Mode.TRAIN);
      ClassifierNetwork.Outputs out = network.build(g, imagesPlaceholder(sd));
      SDVariable labels = sd.placeHolder(LABELS, dtype, -1, network.numClasses());
      // mean over the batch of −Σ_k y_k · log p_k
      SDVariable nll = SafeOps.logSoftmax(sd, out.logits()).mul(labels).sum(1).neg();
      SDVariable loss = sd.identity(LOSS, nll.mean());
      sd.identity(LOGITS, out.logits());
      train = UpdateGraph.build(g, "classifier", loss, List.of(LOGITS), n -> true);
    }
    return train;
  }

  /**
   * One inference pass (batch norm with running statistics).
   *
   * @param images {@code [B, C, H, W]} in [−1, 1], of the network's {@link #inputShape()}
   * @return logits, probabilities and features (fresh arrays of the classifier's data type)
   * @throws IllegalArgumentException if the batch has another shape
   */
  public synchronized Prediction predict(INDArray images) {
    checkImages(images);
    Map<String, INDArray> out =
        inference.output(Map.of(IMAGES, images.castTo(dtype)), LOGITS, PROBABILITIES, FEATURES);
    return new Prediction(
        out.get(LOGITS).dup(), out.get(PROBABILITIES).dup(), out.get(FEATURES).dup());
  }

  /** Pooled features {@code [B, D]} of a batch. */
  public INDArray features(INDArray images) {
    return predict(images).features();
  }

  /** Class probabilities {@code [B, K]} (softmax of the logits) of a batch. */
  public INDArray probabilities(INDArray images) {
    return predict(images).probabilities();
  }

  /**
   * Accuracy and mean cross-entropy over every batch of {@code batches} (inference mode).
   *
   * @throws IllegalArgumentException if a label is outside {@code [0, K)}
   */
  public Evaluation evaluate(Iterator<Batch> batches) {
    long n = 0;
    long correct = 0;
    double nll = 0;
    while (batches.hasNext()) {
      Batch b = batches.next();
      checkLabels(b);
      INDArray p = predict(b.images()).probabilities();
      INDArray argmax = Nd4j.argMax(p, 1);
      for (int i = 0; i < b.size(); i++) {
        int y = b.labels()[i];
        if (argmax.getInt(i) == y) {
          correct++;
        }
        nll -= Math.log(Math.max(p.getDouble(i, y), Double.MIN_NORMAL));
      }
      n += b.size();
    }
    if (n == 0) {
      throw new IllegalArgumentException("evaluate needs at least one labelled image");
    }
    return new Evaluation(n, correct, nll / n);
  }

  void checkImages(INDArray images) {
    long[] expected = network.inputShape().toArray();
    long[] s = images.shape();
    if (s.length != 4 || s[0] < 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, 4), expected)) {
      throw new IllegalArgumentException(
          "The classifier takes images [B, "
              + expected[0]
              + ", "
              + expected[1]
              + ", "
              + expected[2]
              + "] but got "
              + Arrays.toString(s)
              + "; resize or pad the images to "
              + network.inputShape()
              + " first");
    }
  }

  void checkLabels(Batch b) {
    if (b.labels() == null) {
      throw new IllegalArgumentException(
          "A classifier trains and is evaluated on labelled batches; this batch has no labels");
    }
    for (int y : b.labels()) {
      if (y < 0 || y >= network.numClasses()) {
        throw new IllegalArgumentException(
            "Label "
                + y
                + " is outside [0, "
                + network.numClasses()
                + "); is the data set labelled"
                + " with the classifier's classes?");
      }
    }
  }

  /** The architecture. */
  public ClassifierNetwork network() {
    return network;
  }

  /** The image shape the classifier takes. */
  public ImageShape inputShape() {
    return network.inputShape();
  }

  /** Number of classes K. */
  public int numClasses() {
    return network.numClasses();
  }

  /** The weights and batch-norm statistics (shared by both graphs). */
  public ParameterStore parameters() {
    return store;
  }

  /** Number of trainable scalars. */
  public long parameterCount() {
    return store.parameterCount("");
  }

  /** Floating-point type of the graphs. */
  public DataType dataType() {
    return dtype;
  }

  /** The weight-initialisation seed. */
  public long seed() {
    return seed;
  }

  /**
   * Outputs of one inference pass.
   *
   * @param logits {@code [B, K]}
   * @param probabilities {@code [B, K]}, rows summing to 1
   * @param features {@code [B, D]}
   */
  public record Prediction(INDArray logits, INDArray probabilities, INDArray features) {}

  /**
   * Result of {@link #evaluate}.
   *
   * @param count images seen
   * @param correct images whose most probable class is the label
   * @param meanCrossEntropy mean of {@code −log p(label | x)}
   */
  public record Evaluation(long count, long correct, double meanCrossEntropy) {

    /** {@code correct / count}. */
    public double accuracy() {
      return (double) correct / count;
    }
  }
}
