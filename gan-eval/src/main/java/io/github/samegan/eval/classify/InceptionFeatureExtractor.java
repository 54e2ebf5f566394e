package io.github.samegan.eval.classify;

import io.github.samegan.core.SameGanException;
import io.github.samegan.core.samediff.TensorflowImport;
import io.github.samegan.eval.metrics.FeatureExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.imports.graphmapper.tf.TFGraphMapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tensorflow.framework.GraphDef;
import org.tensorflow.framework.NodeDef;

/**
 * The standard FID feature network: the 2015 Inception graph {@code classify_image_graph_def.pb}
 * (the file behind TTUR's {@code fid.py}, Heusel et al. 2017, <a
 * href="https://arxiv.org/abs/1706.08500">arXiv:1706.08500</a>), imported with SameDiff's
 * TensorFlow importer. Features are {@code pool_3} (2048-d), probabilities the graph's {@code
 * softmax} (1008 classes), which give FID, KID and the Inception Score.
 *
 * <p>The graph is fed at {@code ExpandDims:0}, the batch of decoded images, as TTUR does: SameDiff
 * cannot run the graph's {@code DecodeJpeg} (see {@link TensorflowImport} for that and the other
 * import workarounds). Each image in [−1, 1] is mapped to [0, 255] ({@code (x + 1) · 127.5}),
 * grayscale is repeated to RGB, and the graph's own {@code ResizeBilinear} node resizes to 299×299
 * (TensorFlow 1 semantics, {@code align_corners = false}, run as ND4J's {@code resize_bilinear})
 * before its {@code Sub}/{@code Mul} scaling to [−1, 1]; {@link #preprocessing()} says so. Values
 * are comparable with TTUR/pytorch-fid FID only as far as ND4J's convolutions and resize match
 * TensorFlow's (docs/metrics.md).
 *
 * <p>Cost: about 5.7 GFLOP per image; batches are run {@code 16} images at a time.
 */
public final class InceptionFeatureExtractor implements FeatureExtractor {
  /** The node the graph is fed at. */
  public static final String INPUT = "ExpandDims";

  /** The feature node (average pool, {@code [B, 1, 1, 2048]}). */
  public static final String FEATURES = "pool_3";

  /** The probability node. */
  public static final String PROBABILITIES = "softmax";

  private static final int CHUNK = 16;

  private final SameDiff sd;
  private final String name;
  private final int dimension;
  private final boolean hasSoftmax;
  private final String resize;

  private InceptionFeatureExtractor(SameDiff sd, String name, String resize) {
    this.sd = sd;
    this.name = name;
    this.resize = resize;
    this.hasSoftmax = sd.hasVariable(PROBABILITIES);
    if (!sd.hasVariable(FEATURES)) {
      throw new SameGanException(
          "The TensorFlow graph "
              + name
              + " has no node '"
              + FEATURES
              + "'; pass the FID Inception graph classify_image_graph_def.pb");
    }
    INDArray probe = run(Nd4j.zeros(DataType.FLOAT, 1, 8, 8, 3), false)[0];
    this.dimension = (int) probe.size(1);
  }

  /**
   * Imports {@code classify_image_graph_def.pb}.
   *
   * @throws SameGanException if the file is missing, not a TensorFlow graph, or lacks the nodes
   */
  public static InceptionFeatureExtractor load(Path file) throws IOException {
    GraphDef graph;
    try (InputStream in = Files.newInputStream(file)) {
      graph = GraphDef.parseFrom(in);
    } catch (NoSuchFileException e) {
      throw new SameGanException(
          "Inception graph not found: "
              + file
              + " (download classify_image_graph_def.pb from the TTUR/FID instructions)");
    } catch (org.nd4j.shade.protobuf.InvalidProtocolBufferException e) {
      throw new SameGanException("Not a TensorFlow GraphDef file: " + file, e);
    }
    return fromGraph(graph, "inception:" + file.getFileName());
  }

  /**
   * Imports a graph that has the Inception graph's interface: an {@code ExpandDims} node taking
   * decoded images {@code [B, H, W, 3]} in [0, 255], a {@code pool_3} node, and optionally {@code
   * softmax}.
   *
   * @param graph the frozen graph
   * @param name what {@link #description()} starts with
   */
  public static InceptionFeatureExtractor fromGraph(GraphDef graph, String name) {
    Objects.requireNonNull(graph, "graph");
    SameDiff sd;
    try {
      sd = TensorflowImport.importGraph(graph, INPUT);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new SameGanException(
          "Cannot import the TensorFlow graph " + name + ": " + e.getMessage(), e);
    }
    return new InceptionFeatureExtractor(sd, name, resizeTarget(graph));
  }

  /** The target size of the graph's ResizeBilinear node, e.g. {@code "299x299"}. */
  private static String resizeTarget(GraphDef graph) {
    for (NodeDef n : graph.getNodeList()) {
      if (n.getOp().equals("ResizeBilinear") && n.getInputCount() == 2) {
        String size = TensorflowImport.opName(n.getInput(1));
        for (NodeDef c : graph.getNodeList()) {
          if (c.getName().equals(size) && c.containsAttr("value")) {
            long[] v =
                TFGraphMapper.mapTensorProto(c.getAttrOrThrow("value").getTensor()).toLongVector();
            if (v.length == 2) {
              return v[0] + "x" + v[1];
            }
          }
        }
      }
    }
    return "(no ResizeBilinear node)";
  }

  /** [B, C, H, W] in [−1, 1] → [B, H, W, 3] in [0, 255]. */
  static INDArray toGraphInput(INDArray images) {
    if (images.rank() != 4 || (images.size(1) != 1 && images.size(1) != 3)) {
      throw new IllegalArgumentException(
          "Inception features need images [B, 1 or 3, H, W], found "
              + Arrays.toString(images.shape()));
    }
    INDArray x = images.castTo(DataType.FLOAT).add(1.0).muli(127.5);
    if (x.size(1) == 1) {
      x = Nd4j.concat(1, x, x, x);
    }
    return x.permute(0, 2, 3, 1).dup('c');
  }

  private INDArray[] run(INDArray nhwc, boolean withProbabilities) {
    long b = nhwc.size(0);
    INDArray feats = null;
    INDArray probs = null;
    for (long start = 0; start < b; start += CHUNK) {
      long end = Math.min(b, start + CHUNK);
      INDArray chunk =
          nhwc.get(
                  NDArrayIndex.interval(start, end),
                  NDArrayIndex.all(),
                  NDArrayIndex.all(),
                  NDArrayIndex.all())
              .dup('c');
      Map<String, INDArray> out;
      synchronized (this) {
        out =
            withProbabilities && hasSoftmax
                ? sd.output(Map.of(INPUT, chunk), FEATURES, PROBABILITIES)
                : sd.output(Map.of(INPUT, chunk), FEATURES);
      }
      INDArray f = out.get(FEATURES).reshape(end - start, -1).dup();
      if (feats == null) {
        feats = Nd4j.create(f.dataType(), b, f.size(1));
      }
      feats.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).assign(f);
      if (withProbabilities && hasSoftmax) {
        INDArray p = out.get(PROBABILITIES).reshape(end - start, -1).dup();
        if (probs == null) {
          probs = Nd4j.create(p.dataType(), b, p.size(1));
        }
        probs.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).assign(p);
      }
    }
    return new INDArray[] {feats, probs};
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String description() {
    return name + " (pool_3, " + dimension + "-d, TensorFlow graph imported by SameDiff)";
  }

  @Override
  public String preprocessing() {
    return "[-1,1] -> [0,255], gray repeated to RGB, graph's ResizeBilinear to "
        + resize
        + " (TF1 align_corners=false, run as ND4J resize_bilinear)";
  }

  @Override
  public INDArray features(INDArray images) {
    return run(toGraphInput(images), false)[0];
  }

  @Override
  public boolean providesProbabilities() {
    return hasSoftmax;
  }

  @Override
  public INDArray probabilities(INDArray images) {
    if (!hasSoftmax) {
      return FeatureExtractor.super.probabilities(images);
    }
    return run(toGraphInput(images), true)[1];
  }

  @Override
  public Output extract(INDArray images, boolean withProbabilities) {
    if (withProbabilities && !hasSoftmax) {
      FeatureExtractor.super.probabilities(images); // throws
    }
    INDArray[] r = run(toGraphInput(images), withProbabilities);
    return new Output(r[0], withProbabilities ? r[1] : null);
  }
}
