package io.github.samegan.eval.classify;

import static io.github.samegan.eval.classify.TfGraphs.FLOAT;
import static io.github.samegan.eval.classify.TfGraphs.b;
import static io.github.samegan.eval.classify.TfGraphs.f;
import static io.github.samegan.eval.classify.TfGraphs.i;
import static io.github.samegan.eval.classify.TfGraphs.in;
import static io.github.samegan.eval.classify.TfGraphs.ints;
import static io.github.samegan.eval.classify.TfGraphs.str;
import static io.github.samegan.eval.classify.TfGraphs.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tensorflow.framework.GraphDef;

/**
 * SameDiff's TensorFlow importer on small frozen graphs built here, checked against values computed
 * by hand: a plain Conv2D → Relu → Mean graph, and a miniature of the FID Inception graph with the
 * same op types, attributes and node names (DecodeJpeg, Cast, ExpandDims, ResizeBilinear, Sub, Mul,
 * Conv2D, BatchNormWithGlobalNormalization, CheckNumerics, Identity with a control input, Relu,
 * MaxPool, Concat with the axis first, AvgPool, Reshape to batch 1, MatMul, Add, Softmax).
 */
class TensorflowImportTest {

  private static float[] values(int n, long seed) {
    Rng r = new Rng(seed);
    float[] v = new float[n];
    for (int k = 0; k < n; k++) {
      v[k] = (float) (r.nextDouble() - 0.5);
    }
    return v;
  }

  @Test
  void frozenConvReluMeanGraphGivesTheHandComputedValue() {
    float[] w = values(2 * 2 * 2 * 3, 1); // HWIO [2, 2, 2, 3]
    GraphDef graph =
        new TfGraphs()
            .placeholder("input", -1, 4, 4, 2)
            .constFloat("w", w, 2, 2, 2, 3)
            .op(
                "conv",
                "Conv2D",
                in("input", "w"),
                "T",
                FLOAT,
                "strides",
                ints(1, 1, 1, 1),
                "padding",
                str("VALID"),
                "data_format",
                str("NHWC"),
                "use_cudnn_on_gpu",
                b(true))
            .op("relu", "Relu", in("conv"), "T", FLOAT)
            .constInt("axes", new int[] {1, 2}, 2)
            .op(
                "mean",
                "Mean",
                in("relu", "axes"),
                "T",
                FLOAT,
                "Tidx",
                type(org.tensorflow.framework.DataType.DT_INT32),
                "keep_dims",
                b(false))
            .build();
    SameDiff sd = SameDiff.importFrozenTF(graph);
    INDArray x = new Rng(2).uniform(DataType.FLOAT, -1, 1, 3, 4, 4, 2);
    INDArray out = sd.output(Map.of("input", x), "mean").get("mean");
    assertThat(out.shape()).containsExactly(3, 3);
    for (int n = 0; n < 3; n++) {
      for (int o = 0; o < 3; o++) {
        double sum = 0;
        for (int y = 0; y < 3; y++) {
          for (int xx = 0; xx < 3; xx++) {
            double acc = 0;
            for (int ky = 0; ky < 2; ky++) {
              for (int kx = 0; kx < 2; kx++) {
                for (int c = 0; c < 2; c++) {
                  acc += x.getDouble(n, y + ky, xx + kx, c) * w[((ky * 2 + kx) * 2 + c) * 3 + o];
                }
              }
            }
            sum += Math.max(0, acc);
          }
        }
        assertThat(out.getDouble(n, o)).as("mean[%d][%d]", n, o).isCloseTo(sum / 9, within(1e-5));
      }
    }
  }

  // ---- a miniature of classify_image_graph_def.pb ----

  static final int RESIZE = 4;
  static final float[] CONV = values(3 * 2, 3); // 1x1 conv, HWIO [1, 1, 3, 2]
  static final float[] BN_MEAN = {0.1f, -0.2f};
  static final float[] BN_VAR = {1.5f, 0.5f};
  static final float[] BN_BETA = {0.3f, -0.1f};
  static final float[] BN_GAMMA = {2f, 3f}; // ignored: scale_after_normalization = false
  static final float[] CONV_B = values(2 * 2, 4); // 1x1 conv, HWIO [1, 1, 2, 2]
  static final float[] FC_W = values(4 * 3, 5);
  static final float[] FC_B = {0.5f, -0.5f, 0.25f};

  /** The tiny Inception-like graph: 4 pool_3 features, 3 classes. */
  static GraphDef miniInception() {
    org.tensorflow.framework.DataType u8 = org.tensorflow.framework.DataType.DT_UINT8;
    return new TfGraphs()
        .constString("DecodeJpeg/contents", "not a jpeg")
        .op(
            "DecodeJpeg",
            "DecodeJpeg",
            in("DecodeJpeg/contents"),
            "channels",
            i(3),
            "ratio",
            i(1),
            "fancy_upscaling",
            b(true),
            "try_recover_truncated",
            b(false),
            "acceptable_fraction",
            f(1f))
        .op("Cast", "Cast", in("DecodeJpeg"), "SrcT", type(u8), "DstT", FLOAT)
        .constInt("ExpandDims/dim", new int[] {0})
        .op(
            "ExpandDims",
            "ExpandDims",
            in("Cast", "ExpandDims/dim"),
            "T",
            FLOAT,
            "Tdim",
            type(org.tensorflow.framework.DataType.DT_INT32))
        .constInt("ResizeBilinear/size", new int[] {RESIZE, RESIZE}, 2)
        .op(
            "ResizeBilinear",
            "ResizeBilinear",
            in("ExpandDims", "ResizeBilinear/size"),
            "T",
            FLOAT,
            "align_corners",
            b(false))
        .constFloat("Sub/y", new float[] {128f})
        .op("Sub", "Sub", in("ResizeBilinear", "Sub/y"), "T", FLOAT)
        .constFloat("Mul/y", new float[] {1f / 128f})
        .op("Mul", "Mul", in("Sub", "Mul/y"), "T", FLOAT)
        .constFloat("conv/conv2d_params", CONV, 1, 1, 3, 2)
        .op(
            "conv/Conv2D",
            "Conv2D",
            in("Mul", "conv/conv2d_params"),
            "T",
            FLOAT,
            "strides",
            ints(1, 1, 1, 1),
            "padding",
            str("VALID"),
            "use_cudnn_on_gpu",
            b(true))
        .constFloat("conv/batchnorm/beta", BN_BETA, 2)
        .constFloat("conv/batchnorm/gamma", BN_GAMMA, 2)
        .constFloat("conv/batchnorm/moving_mean", BN_MEAN, 2)
        .constFloat("conv/batchnorm/moving_variance", BN_VAR, 2)
        .op(
            "conv/batchnorm",
            "BatchNormWithGlobalNormalization",
            in(
                "conv/Conv2D",
                "conv/batchnorm/moving_mean",
                "conv/batchnorm/moving_variance",
                "conv/batchnorm/beta",
                "conv/batchnorm/gamma"),
            "T",
            FLOAT,
            "variance_epsilon",
            f(0.001f),
            "scale_after_normalization",
            b(false))
        .op(
            "conv/CheckNumerics",
            "CheckNumerics",
            in("conv/batchnorm"),
            "T",
            FLOAT,
            "message",
            str("conv/batchnorm"))
        .op(
            "conv/control_dependency",
            "Identity",
            in("conv/batchnorm", "^conv/CheckNumerics"),
            "T",
            FLOAT)
        .op("conv", "Relu", in("conv/control_dependency"), "T", FLOAT)
        .op(
            "pool",
            "MaxPool",
            in("conv"),
            "T",
            FLOAT,
            "ksize",
            ints(1, 1, 1, 1),
            "strides",
            ints(1, 1, 1, 1),
            "padding",
            str("VALID"))
        .constFloat("mixed/conv/conv2d_params", CONV_B, 1, 1, 2, 2)
        .op(
            "mixed/conv/Conv2D",
            "Conv2D",
            in("pool", "mixed/conv/conv2d_params"),
            "T",
            FLOAT,
            "strides",
            ints(1, 1, 1, 1),
            "padding",
            str("VALID"),
            "use_cudnn_on_gpu",
            b(true))
        .op("mixed/conv", "Relu", in("mixed/conv/Conv2D"), "T", FLOAT)
        .constInt("mixed/join/concat_dim", new int[] {3})
        .op(
            "mixed/join",
            "Concat",
            in("mixed/join/concat_dim", "pool", "mixed/conv"),
            "T",
            FLOAT,
            "N",
            i(2))
        .op(
            "pool_3",
            "AvgPool",
            in("mixed/join"),
            "T",
            FLOAT,
            "ksize",
            ints(1, RESIZE, RESIZE, 1),
            "strides",
            ints(1, 1, 1, 1),
            "padding",
            str("VALID"),
            "data_format",
            str("NHWC"))
        .constInt("pool_3/_reshape/shape", new int[] {1, 4}, 2)
        .op(
            "pool_3/_reshape",
            "Reshape",
            in("pool_3", "pool_3/_reshape/shape"),
            "T",
            FLOAT,
            "Tshape",
            type(org.tensorflow.framework.DataType.DT_INT32))
        .constFloat("softmax/weights", FC_W, 4, 3)
        .constFloat("softmax/biases", FC_B, 3)
        .op(
            "softmax/logits/MatMul",
            "MatMul",
            in("pool_3/_reshape", "softmax/weights"),
            "T",
            FLOAT,
            "transpose_a",
            b(false),
            "transpose_b",
            b(false))
        .op("softmax/logits", "Add", in("softmax/logits/MatMul", "softmax/biases"), "T", FLOAT)
        .op("softmax", "Softmax", in("softmax/logits"), "T", FLOAT)
        .build();
  }

  /** TensorFlow 1 ResizeBilinear (align_corners = false, no half-pixel centres) of one channel. */
  static double resize(double[][] img, int oy, int ox) {
    int h = img.length;
    int w = img[0].length;
    double sy = oy * (double) h / RESIZE;
    double sx = ox * (double) w / RESIZE;
    int y0 = (int) Math.floor(sy);
    int x0 = (int) Math.floor(sx);
    int y1 = Math.min(y0 + 1, h - 1);
    int x1 = Math.min(x0 + 1, w - 1);
    double fy = sy - y0;
    double fx = sx - x0;
    double top = img[y0][x0] + (img[y0][x1] - img[y0][x0]) * fx;
    double bottom = img[y1][x0] + (img[y1][x1] - img[y1][x0]) * fx;
    return top + (bottom - top) * fy;
  }

  /** pool_3 features and softmax of the mini graph for one NCHW image in [−1, 1], by hand. */
  static double[][] byHand(INDArray images, int n) {
    int c = (int) images.size(1);
    int h = (int) images.size(2);
    int w = (int) images.size(3);
    double[][][] rgb = new double[3][h][w];
    for (int ch = 0; ch < 3; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          rgb[ch][y][x] = (images.getDouble(n, c == 1 ? 0 : ch, y, x) + 1) * 127.5;
        }
      }
    }
    double[] pooled = new double[4];
    for (int oy = 0; oy < RESIZE; oy++) {
      for (int ox = 0; ox < RESIZE; ox++) {
        double[] px = new double[3];
        for (int ch = 0; ch < 3; ch++) {
          px[ch] = (resize(rgb[ch], oy, ox) - 128) / 128;
        }
        double[] a = new double[2];
        for (int o = 0; o < 2; o++) {
          double conv = 0;
          for (int ch = 0; ch < 3; ch++) {
            conv += px[ch] * CONV[ch * 2 + o];
          }
          a[o] = Math.max(0, (conv - BN_MEAN[o]) / Math.sqrt(BN_VAR[o] + 0.001) + BN_BETA[o]);
        }
        double[] b = new double[2];
        for (int o = 0; o < 2; o++) {
          b[o] = Math.max(0, a[0] * CONV_B[o] + a[1] * CONV_B[2 + o]);
        }
        pooled[0] += a[0];
        pooled[1] += a[1];
        pooled[2] += b[0];
        pooled[3] += b[1];
      }
    }
    for (int k = 0; k < 4; k++) {
      pooled[k] /= RESIZE * RESIZE;
    }
    double[] logits = new double[3];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < 3; j++) {
      logits[j] = FC_B[j];
      for (int k = 0; k < 4; k++) {
        logits[j] += pooled[k] * FC_W[k * 3 + j];
      }
      max = Math.max(max, logits[j]);
    }
    double z = 0;
    double[] p = new double[3];
    for (int j = 0; j < 3; j++) {
      p[j] = Math.exp(logits[j] - max);
      z += p[j];
    }
    for (int j = 0; j < 3; j++) {
      p[j] /= z;
    }
    return new double[][] {pooled, p};
  }

  @Test
  void plainImportFailsOnTheInceptionGraphsDecodeJpegAndBatchNorm() {
    assertThatThrownBy(() -> SameDiff.importFrozenTF(miniInception()))
        .hasMessageContaining("Could not find class for TF Ops: DecodeJpeg");
    GraphDef withoutJpeg =
        GraphDef.newBuilder(miniInception()).removeNode(1).removeNode(0).removeNode(0).build();
    GraphDef fedAtExpandDims =
        GraphDef.newBuilder(withoutJpeg)
            .addNode(
                0,
                org.tensorflow.framework.NodeDef.newBuilder()
                    .setName("Cast")
                    .setOp("Placeholder")
                    .putAttr("dtype", FLOAT))
            .build();
    assertThatThrownBy(() -> SameDiff.importFrozenTF(fedAtExpandDims))
        .hasMessageContaining("Could not find class for TF Ops: BatchNormWithGlobalNormalization");
  }

  @Test
  void inceptionExtractorImportsTheMiniatureAndMatchesTheHandComputation() {
    InceptionFeatureExtractor fx =
        InceptionFeatureExtractor.fromGraph(miniInception(), "inception:mini.pb");
    assertThat(fx.dimension()).isEqualTo(4);
    assertThat(fx.providesProbabilities()).isTrue();
    assertThat(fx.description()).startsWith("inception:mini.pb").contains("pool_3").contains("4-d");
    assertThat(fx.preprocessing())
        .contains("ResizeBilinear to 4x4")
        .contains("align_corners=false");
    // downscaling 6x6 -> 4x4 (RGB) and upscaling 3x3 -> 4x4 (gray, as 32 -> 299 does)
    for (int[] cs : new int[][] {{3, 6}, {1, 3}}) {
      int channels = cs[0];
      INDArray images =
          new Rng(10 + channels).uniform(DataType.FLOAT, -1, 1, 5, channels, cs[1], cs[1]);
      io.github.samegan.eval.metrics.FeatureExtractor.Output out = fx.extract(images, true);
      assertThat(out.features().shape()).containsExactly(5, 4);
      assertThat(out.probabilities().shape()).containsExactly(5, 3);
      for (int n = 0; n < 5; n++) {
        double[][] expected = byHand(images, n);
        for (int k = 0; k < 4; k++) {
          assertThat(out.features().getDouble(n, k))
              .as("C=%d image %d feature %d", channels, n, k)
              .isCloseTo(expected[0][k], within(1e-4));
        }
        for (int j = 0; j < 3; j++) {
          assertThat(out.probabilities().getDouble(n, j)).isCloseTo(expected[1][j], within(1e-5));
        }
      }
    }
  }

  @Test
  void inceptionExtractorNamesMissingNodesAndFiles(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    GraphDef noInput = new TfGraphs().placeholder("x", -1, 2).build();
    assertThatThrownBy(() -> InceptionFeatureExtractor.fromGraph(noInput, "g.pb"))
        .isInstanceOf(io.github.samegan.core.SameGanException.class)
        .hasMessageContaining("'ExpandDims'");
    assertThatThrownBy(() -> InceptionFeatureExtractor.load(dir.resolve("missing.pb")))
        .isInstanceOf(io.github.samegan.core.SameGanException.class)
        .hasMessageContaining("not found");
    java.nio.file.Path junk = dir.resolve("junk.pb");
    java.nio.file.Files.write(junk, new byte[] {(byte) 0xff, 0x01, 0x02, 0x03});
    assertThatThrownBy(() -> InceptionFeatureExtractor.load(junk))
        .isInstanceOf(io.github.samegan.core.SameGanException.class)
        .hasMessageContaining("junk.pb");
  }
}
