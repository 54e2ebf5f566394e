package io.github.samegan.eval.classify;

import org.nd4j.shade.protobuf.ByteString;
import org.tensorflow.framework.AttrValue;
import org.tensorflow.framework.DataType;
import org.tensorflow.framework.GraphDef;
import org.tensorflow.framework.NodeDef;
import org.tensorflow.framework.TensorProto;
import org.tensorflow.framework.TensorShapeProto;

/**
 * Builds small frozen TensorFlow graphs with the protobuf classes SameDiff ships ({@code
 * org.tensorflow.framework}, protobuf shaded under {@code org.nd4j.shade}), node by node as
 * TensorFlow 1 writes them.
 */
final class TfGraphs {
  private final GraphDef.Builder g = GraphDef.newBuilder();

  static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  static AttrValue ints(long... v) {
    AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
    for (long i : v) {
      l.addI(i);
    }
    return AttrValue.newBuilder().setList(l).build();
  }

  static AttrValue str(String s) {
    return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(s)).build();
  }

  static AttrValue f(float v) {
    return AttrValue.newBuilder().setF(v).build();
  }

  static AttrValue b(boolean v) {
    return AttrValue.newBuilder().setB(v).build();
  }

  static AttrValue i(long v) {
    return AttrValue.newBuilder().setI(v).build();
  }

  private static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return s.build();
  }

  TfGraphs placeholder(String name, long... dims) {
    g.addNode(
        NodeDef.newBuilder()
            .setName(name)
            .setOp("Placeholder")
            .putAttr("dtype", type(DataType.DT_FLOAT))
            .putAttr("shape", AttrValue.newBuilder().setShape(shape(dims)).build()));
    return this;
  }

  TfGraphs constFloat(String name, float[] values, long... dims) {
    TensorProto.Builder t =
        TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(dims));
    for (float v : values) {
      t.addFloatVal(v);
    }
    return constant(name, DataType.DT_FLOAT, t.build());
  }

  TfGraphs constInt(String name, int[] values, long... dims) {
    TensorProto.Builder t =
        TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(shape(dims));
    for (int v : values) {
      t.addIntVal(v);
    }
    return constant(name, DataType.DT_INT32, t.build());
  }

  TfGraphs constString(String name, String value) {
    TensorProto t =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_STRING)
            .setTensorShape(shape())
            .addStringVal(ByteString.copyFromUtf8(value))
            .build();
    return constant(name, DataType.DT_STRING, t);
  }

  private TfGraphs constant(String name, DataType dtype, TensorProto value) {
    g.addNode(
        NodeDef.newBuilder()
            .setName(name)
            .setOp("Const")
            .putAttr("dtype", type(dtype))
            .putAttr("value", AttrValue.newBuilder().setTensor(value).build()));
    return this;
  }

  /** A node; {@code attrs} alternate names and values. */
  TfGraphs op(String name, String op, String[] inputs, Object... attrs) {
    NodeDef.Builder n = NodeDef.newBuilder().setName(name).setOp(op);
    for (String in : inputs) {
      n.addInput(in);
    }
    for (int k = 0; k < attrs.length; k += 2) {
      n.putAttr((String) attrs[k], (AttrValue) attrs[k + 1]);
    }
    g.addNode(n);
    return this;
  }

  GraphDef build() {
    return g.build();
  }

  static String[] in(String... names) {
    return names;
  }

  static final AttrValue FLOAT = type(DataType.DT_FLOAT);
}
