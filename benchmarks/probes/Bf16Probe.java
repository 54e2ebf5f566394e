// Single-file probe (not part of the build): java -cp "$(cat benchmarks/target/classpath.txt)" benchmarks/probes/Bf16Probe.java
// See docs/internals.md and docs/benchmarks.md for what it measured.
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

public class Bf16Probe {
  static INDArray conv(INDArray x, INDArray w, boolean nhwc) {
    INDArray y = Nd4j.create(x.dataType(), nhwc ? new long[] {x.size(0), x.size(1), x.size(2), w.size(3)} : new long[] {x.size(0), w.size(3), x.size(2), x.size(3)});
    Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(y).addIntegerArguments(3, 3, 1, 1, 1, 1, 1, 1, 0, nhwc ? 1 : 0, 0).build());
    return y;
  }
  static void time(String what, DataType dt, boolean nhwc, int n, int c, int h) {
    INDArray x = Nd4j.rand(DataType.FLOAT, n, c, h, h).castTo(dt), w = Nd4j.rand(DataType.FLOAT, 3, 3, c, c).castTo(dt);
    if (nhwc) x = x.permute(0, 2, 3, 1).dup();
    conv(x, w, nhwc);
    long t0 = System.nanoTime();
    INDArray y = conv(x, w, nhwc);
    double ms = (System.nanoTime() - t0) / 1e6;
    double gf = 2.0 * n * c * h * h * c * 9 / 1e9;
    INDArray ref = conv(x.castTo(DataType.FLOAT), w.castTo(DataType.FLOAT), nhwc);
    double rel = y.castTo(DataType.FLOAT).sub(ref).norm2Number().doubleValue() / ref.norm2Number().doubleValue();
    System.out.printf("%s %s %s %dx%dx%dx%d: %.1f ms, %.2f GFLOP/s, rel. error vs fp32 %.1e%n", what, dt, nhwc ? "NHWC" : "NCHW", n, c, h, h, ms, gf / (ms / 1e3), rel);
  }
  public static void main(String[] a) {
    for (boolean nhwc : new boolean[] {false, true}) {
      time("conv2d", DataType.FLOAT, nhwc, 16, 64, 16);
      time("conv2d", DataType.BFLOAT16, nhwc, 16, 64, 16);
      time("conv2d", DataType.HALF, nhwc, 16, 64, 16);
    }
    try {
      INDArray x = Nd4j.rand(DataType.FLOAT, 2, 8, 8, 8).castTo(DataType.BFLOAT16), w = Nd4j.rand(DataType.FLOAT, 3, 3, 8, 8);
      INDArray y = Nd4j.create(DataType.FLOAT, 2, 8, 8, 8);
      Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(y).addIntegerArguments(3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 0).build());
      System.out.println("mixed bf16 input / fp32 weights / fp32 output: ran");
    } catch (Throwable t) {
      System.out.println("mixed bf16 input / fp32 weights / fp32 output: " + t);
    }
  }
}
