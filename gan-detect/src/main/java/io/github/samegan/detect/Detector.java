package io.github.samegan.detect;

import io.github.samegan.core.ImageShape;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.eval.classify.Classifier;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A real-vs-generated image detector in the CNNDetection style (Wang et al. 2020, <a
 * href="https://arxiv.org/abs/1912.11035">arXiv:1912.11035</a>): a two-class {@link Classifier}
 * (class 0 real, class 1 generated; by default a small ResNet, {@link #SMALL}) whose softmax gives
 * {@code P(fake | x)}, and a decision threshold: an image is called generated when {@code P(fake) ≥
 * threshold}. Train one with {@link DetectorTrainer}, save and load it with {@link DetectorFiles},
 * evaluate it with {@link DetectionEvaluator}.
 *
 * <p>A detector takes exactly the image shape it was trained on and refuses others: resizing an
 * image changes exactly the high-frequency traces a detector looks for, so it is left to the
 * caller, knowingly.
 */
public final class Detector {
  /** Class names, by label: 0 real, 1 fake. */
  public static final List<String> CLASS_NAMES = List.of("real", "fake");

  /** Label of generated images. */
  public static final int FAKE = 1;

  /** The default network: a ResNet-8 of widths 16/32/64 (0.08 M parameters), trainable on a CPU. */
  public static final String SMALL = "resnet:widths=16,32,64;blocks=1";

  private final Classifier classifier;
  private final DetectorInfo info;

  /**
   * Wraps a trained two-class classifier.
   *
   * @throws IllegalArgumentException if the classifier does not have two classes or the info
   *     describes another network
   */
  public Detector(Classifier classifier, DetectorInfo info) {
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.info = Objects.requireNonNull(info, "info");
    if (classifier.numClasses() != 2) {
      throw new IllegalArgumentException(
          "A detector is a two-class (real, fake) classifier, found "
              + classifier.numClasses()
              + " classes");
    }
    if (!info.imageShape().equals(classifier.inputShape())
        || !info.architecture().equals(classifier.network().spec())) {
      throw new IllegalArgumentException(
          "DetectorInfo ("
              + info.architecture()
              + ", "
              + info.imageShape()
              + ") does not describe the classifier ("
              + classifier.network().spec()
              + ", "
              + classifier.inputShape()
              + ")");
    }
  }

  /** The same network with another threshold (the weights are shared, not copied). */
  public Detector withThreshold(double threshold, String source) {
    return new Detector(
        classifier, info.withThreshold(DetectorInfo.requireThreshold(threshold), source));
  }

  /**
   * {@code P(fake)} of every image of a batch.
   *
   * @param images {@code [B, C, H, W]} in [−1, 1], of {@link #inputShape()}
   * @throws IllegalArgumentException naming both shapes if the batch has another shape
   */
  public double[] probabilityFake(INDArray images) {
    long[] s = images.shape();
    long[] expected = inputShape().toArray();
    if (s.length != 4 || s[0] < 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, 4), expected)) {
      throw new IllegalArgumentException(
          wrongShape(
              s.length == 4 ? s[1] + "x" + s[2] + "x" + s[3] : Arrays.toString(s), "a batch"));
    }
    INDArray p = classifier.probabilities(images);
    double[] out = new double[(int) s[0]];
    for (int i = 0; i < out.length; i++) {
      out[i] = p.getDouble(i, FAKE);
    }
    return out;
  }

  /**
   * {@code P(fake)} of every image of a data set, in order, {@code batch} images at a time.
   *
   * @throws IllegalArgumentException if the data set holds images of another shape
   */
  public double[] probabilityFake(ImageDataset images, int batch) {
    requireShape(images.info(), "'" + images.name() + "'");
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, found " + batch);
    }
    int per = images.info().pixels();
    double[] out = new double[images.size()];
    for (int start = 0; start < out.length; start += batch) {
      int b = Math.min(batch, out.length - start);
      float[] data = new float[b * per];
      for (int i = 0; i < b; i++) {
        images.copyImage(start + i, data, i * per);
      }
      double[] p = probabilityFake(Nd4j.create(data, inputShape().batchShape(b), DataType.FLOAT));
      System.arraycopy(p, 0, out, start, b);
    }
    return out;
  }

  /**
   * Checks that images of shape {@code info} can be scored.
   *
   * @param what names the images in the message, e.g. {@code "the folder imgs/"}
   * @throws IllegalArgumentException naming both shapes if they differ
   */
  public void requireShape(ImageInfo info, String what) {
    ImageShape s = inputShape();
    if (info.channels() != s.channels()
        || info.height() != s.height()
        || info.width() != s.width()) {
      throw new IllegalArgumentException(wrongShape(info.toString(), what));
    }
  }

  private String wrongShape(String found, String what) {
    return "This detector takes "
        + inputShape()
        + " images (channels x height x width) but "
        + what
        + " holds "
        + found
        + " images; detectors do not resize or convert images themselves, because resizing removes the"
        + " traces they look for (train a detector for that size instead)";
  }

  /** Whether a probability is on the generated side of the threshold. */
  public boolean isFake(double probabilityFake) {
    return probabilityFake >= info.threshold();
  }

  /** The decision threshold. */
  public double threshold() {
    return info.threshold();
  }

  /** The image shape the detector takes. */
  public ImageShape inputShape() {
    return classifier.inputShape();
  }

  /** What the detector is and how it was trained. */
  public DetectorInfo info() {
    return info;
  }

  /** The two-class network with its weights. */
  public Classifier classifier() {
    return classifier;
  }

  /** E.g. {@code "resnet:widths=16,32,64;blocks=1 on 1x32x32, threshold 0.5 (fixed)"}. */
  public String describe() {
    return info.architecture() + " on " + inputShape() + ", " + info.thresholdSummary();
  }
}
