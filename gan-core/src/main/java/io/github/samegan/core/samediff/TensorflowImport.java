package io.github.samegan.core.samediff;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.imports.graphmapper.tf.TFGraphMapper;
import org.nd4j.imports.tensorflow.TFImportOverride;
import org.nd4j.imports.tensorflow.TFOpImportFilter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tensorflow.framework.AttrValue;
import org.tensorflow.framework.GraphDef;
import org.tensorflow.framework.NodeDef;

/**
 * Imports a frozen TensorFlow graph with SameDiff 1.0.0-M2.1's {@link TFGraphMapper}, working
 * around what that importer cannot do for the 2015 Inception graph ({@code
 * classify_image_graph_def.pb}) used by FID:
 *
 * <ul>
 *   <li>{@code DecodeJpeg} has no SameDiff op ("Could not find class for TF Ops: DecodeJpeg"): the
 *       graph is cut at an input node (e.g. {@code ExpandDims}, the batch of decoded images after
 *       the cast to float), which becomes a float placeholder {@code [-1, -1, -1, 3]}; the ops
 *       upstream of it are skipped.
 *   <li>{@code BatchNormWithGlobalNormalization} has no SameDiff op either ("Could not find class
 *       for TF Ops: BatchNormWithGlobalNormalization"): each such node is rebuilt from elementwise
 *       ops, {@code (t − m)·rsqrt(v + ε)·(γ if scale_after_normalization) + β}.
 *   <li>The pre-1.0 {@code Concat} op (axis as the <em>first</em> input; {@code mixed/join} and the
 *       other Inception modules) is mapped to SameDiff's concat, which then fails ("All inputs must
 *       have same datatype - got INT and FLOAT for inputs 0 and 1"): such nodes are rebuilt as
 *       {@code sd.concat(axis, inputs 1..N)}.
 *   <li>Convolution and pooling nodes written before TensorFlow had a {@code data_format} attribute
 *       lack it and are run as NCHW; the TensorFlow default {@code NHWC} is filled in first ({@link
 *       #withDefaultDataFormat}).
 *   <li>A {@code Reshape} to a constant shape with batch size 1 ({@code pool_3/_reshape} → [1,
 *       2048]) is rebuilt with a free batch dimension (−1), as TTUR's FID code patches it.
 * </ul>
 *
 * <p>The importer's override hook is called once per node input and hands over the node's own
 * output in place of its inputs (M2.1), so the overrides here look their inputs up by name and
 * build their op only on the first call.
 */
public final class TensorflowImport {
  private TensorflowImport() {}

  /**
   * Imports {@code graph}, fed at {@code inputNode}.
   *
   * @throws IllegalArgumentException if the input node is not in the graph
   */
  public static SameDiff importGraph(GraphDef original, String inputNode) {
    GraphDef graph = withDefaultDataFormat(original);
    Map<String, NodeDef> nodes = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      nodes.put(n.getName(), n);
    }
    if (!nodes.containsKey(inputNode)) {
      throw new IllegalArgumentException("The TensorFlow graph has no node '" + inputNode + "'");
    }
    // Skip the ops upstream of the input (DecodeJpeg, Cast). Constants and placeholders there are
    // still imported (unused): the importer re-queues a node once per skipped input, and fails
    // ("Could not find op definition for op to import") when a node has two skipped inputs.
    Set<String> upstream = new HashSet<>();
    for (String name : ancestors(nodes, inputNode)) {
      NodeDef n = nodes.get(name);
      if (n != null && !n.getOp().equals("Const") && !n.getOp().startsWith("Placeholder")) {
        upstream.add(name);
      }
    }
    Map<String, TFImportOverride> overrides = new HashMap<>();
    overrides.put(
        inputNode,
        (in, ctrl, node, sd, attrs, g) -> {
          if (!sd.hasVariable(node.getName())) {
            sd.placeHolder(node.getName(), DataType.FLOAT, -1, -1, -1, 3);
          }
          return List.of(sd.getVariable(node.getName()));
        });
    for (NodeDef n : graph.getNodeList()) {
      if (upstream.contains(n.getName())) {
        continue;
      }
      if (n.getOp().equals("BatchNormWithGlobalNormalization")) {
        overrides.put(n.getName(), TensorflowImport::batchNormWithGlobalNormalization);
      } else if (n.getOp().equals("Concat")) {
        overrides.put(n.getName(), TensorflowImport::concatAxisFirst);
      } else if (n.getOp().equals("Reshape") && hasUnitBatchShape(nodes, n)) {
        overrides.put(n.getName(), TensorflowImport::reshapeWithFreeBatch);
      }
    }
    TFOpImportFilter skipUpstream = (node, sd, attrs, g) -> upstream.contains(node.getName());
    return TFGraphMapper.importGraph(graph, overrides, skipUpstream);
  }

  private static final Set<String> DATA_FORMAT_OPS =
      Set.of(
          "Conv2D",
          "MaxPool",
          "AvgPool",
          "BiasAdd",
          "DepthwiseConv2dNative",
          "Conv2DBackpropInput");

  /**
   * Adds TensorFlow's default {@code data_format = "NHWC"} to convolution and pooling nodes that
   * lack it: graphs written before the attribute existed (the 2015 Inception graph) omit it,
   * TensorFlow fills the default when loading, but SameDiff's importer then runs the op as NCHW
   * ("Op conv2d ... failed to execute ... Op validation failed").
   */
  public static GraphDef withDefaultDataFormat(GraphDef graph) {
    GraphDef.Builder b = graph.toBuilder();
    for (int k = 0; k < b.getNodeCount(); k++) {
      NodeDef n = b.getNode(k);
      if (DATA_FORMAT_OPS.contains(n.getOp()) && !n.containsAttr("data_format")) {
        b.setNode(
            k,
            n.toBuilder()
                .putAttr(
                    "data_format",
                    AttrValue.newBuilder()
                        .setS(org.nd4j.shade.protobuf.ByteString.copyFromUtf8("NHWC"))
                        .build()));
      }
    }
    return b.build();
  }

  /** Every node that {@code node} depends on (data and control inputs), excluding itself. */
  public static Set<String> ancestors(Map<String, NodeDef> nodes, String node) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(node);
    while (!todo.isEmpty()) {
      NodeDef n = nodes.get(todo.pop());
      if (n == null) {
        continue;
      }
      for (String input : n.getInputList()) {
        String name = opName(input);
        if (seen.add(name)) {
          todo.add(name);
        }
      }
    }
    return seen;
  }

  /** The op name of an input reference ({@code ^name}, {@code name:1} → {@code name}). */
  public static String opName(String input) {
    String s = input.startsWith("^") ? input.substring(1) : input;
    int colon = s.lastIndexOf(':');
    if (colon > 0 && s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      s = s.substring(0, colon);
    }
    return s;
  }

  private static SDVariable input(SameDiff sd, NodeDef node, int i) {
    String name = node.getInput(i);
    if (name.endsWith(":0")) {
      name = name.substring(0, name.length() - 2);
    }
    SDVariable v = sd.getVariable(name);
    if (v == null) {
      throw new IllegalStateException(
          "Input '" + name + "' of '" + node.getName() + "' was not imported");
    }
    return v;
  }

  private static List<SDVariable> batchNormWithGlobalNormalization(
      List<SDVariable> ignored,
      List<SDVariable> ctrl,
      NodeDef node,
      SameDiff sd,
      Map<String, AttrValue> attrs,
      GraphDef g) {
    if (!sd.hasVariable(node.getName())) {
      SDVariable t = input(sd, node, 0);
      SDVariable mean = input(sd, node, 1);
      SDVariable var = input(sd, node, 2);
      SDVariable beta = input(sd, node, 3);
      SDVariable gamma = input(sd, node, 4);
      double eps =
          attrs.containsKey("variance_epsilon") ? attrs.get("variance_epsilon").getF() : 1e-3;
      boolean scale =
          attrs.containsKey("scale_after_normalization")
              && attrs.get("scale_after_normalization").getB();
      SDVariable factor = sd.math().rsqrt(var.add(eps));
      if (scale) {
        factor = factor.mul(gamma);
      }
      sd.identity(node.getName(), t.sub(mean).mul(factor).add(beta));
    }
    return List.of(sd.getVariable(node.getName()));
  }

  private static List<SDVariable> concatAxisFirst(
      List<SDVariable> ignored,
      List<SDVariable> ctrl,
      NodeDef node,
      SameDiff sd,
      Map<String, AttrValue> attrs,
      GraphDef g) {
    if (!sd.hasVariable(node.getName())) {
      INDArray axis = input(sd, node, 0).getArr();
      if (axis == null) {
        throw new IllegalStateException("Concat '" + node.getName() + "' needs a constant axis");
      }
      List<SDVariable> parts = new java.util.ArrayList<>();
      for (int k = 1; k < node.getInputCount(); k++) {
        if (!node.getInput(k).startsWith("^")) {
          parts.add(input(sd, node, k));
        }
      }
      sd.concat(node.getName(), axis.getInt(0), parts.toArray(new SDVariable[0]));
    }
    return List.of(sd.getVariable(node.getName()));
  }

  private static boolean hasUnitBatchShape(Map<String, NodeDef> nodes, NodeDef reshape) {
    if (reshape.getInputCount() < 2) {
      return false;
    }
    NodeDef shape = nodes.get(opName(reshape.getInput(1)));
    if (shape == null || !shape.getOp().equals("Const") || !shape.containsAttr("value")) {
      return false;
    }
    INDArray s = TFGraphMapper.mapTensorProto(shape.getAttrOrThrow("value").getTensor());
    return s.length() >= 2 && s.getLong(0) == 1;
  }

  private static List<SDVariable> reshapeWithFreeBatch(
      List<SDVariable> ignored,
      List<SDVariable> ctrl,
      NodeDef node,
      SameDiff sd,
      Map<String, AttrValue> attrs,
      GraphDef g) {
    if (!sd.hasVariable(node.getName())) {
      SDVariable x = input(sd, node, 0);
      INDArray s = sd.getVariable(opName(node.getInput(1))).getArr();
      long[] shape = s.toLongVector();
      shape[0] = -1;
      sd.identity(node.getName(), x.reshape(shape));
    }
    return List.of(sd.getVariable(node.getName()));
  }
}
