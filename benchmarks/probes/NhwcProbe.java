// Single-file probe (not part of the build): java -cp "$(cat benchmarks/target/classpath.txt)" benchmarks/probes/NhwcProbe.java
// See docs/internals.md and docs/benchmarks.md for what it measured.
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

public class NhwcProbe {
  static int[] args(boolean nhwc) { return new int[] {3, 3, 1, 1, 1, 1, 1, 1, 0, nhwc ? 1 : 0, 0}; }
  static void fwd(INDArray x, INDArray w, INDArray y, boolean nhwc) {
    Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(y).addIntegerArguments(args(nhwc)).build());
  }
  static void bp(INDArray x, INDArray w, INDArray g, INDArray gi, INDArray gw, boolean nhwc) {
    Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, g).addOutputs(gi, gw).addIntegerArguments(args(nhwc)).build());
  }
  static long t(Runnable r) { long t0 = System.nanoTime(); r.run(); return System.nanoTime() - t0; }
  public static void main(String[] a) {
    int[][] shapes = {{64, 64, 32, 32, 64}, {64, 64, 16, 16, 64}, {64, 64, 8, 8, 64}, {64, 128, 16, 16, 128}};
    int reps = Integer.parseInt(a.length > 0 ? a[0] : "10");
    for (int[] s : shapes) {
      int n = s[0], c = s[1], h = s[2], wd = s[3], o = s[4];
      INDArray xc = Nd4j.rand(DataType.FLOAT, n, c, h, wd), xh = xc.permute(0, 2, 3, 1).dup();
      INDArray w = Nd4j.rand(DataType.FLOAT, 3, 3, c, o);
      INDArray gc = Nd4j.rand(DataType.FLOAT, n, o, h, wd), gh = gc.permute(0, 2, 3, 1).dup();
      INDArray yc = Nd4j.create(DataType.FLOAT, n, o, h, wd), yh = Nd4j.create(DataType.FLOAT, n, h, wd, o);
      INDArray gic = Nd4j.create(DataType.FLOAT, n, c, h, wd), gih = Nd4j.create(DataType.FLOAT, n, h, wd, c);
      INDArray gwc = Nd4j.create(DataType.FLOAT, 3, 3, c, o), gwh = Nd4j.create(DataType.FLOAT, 3, 3, c, o);
      long[] acc = new long[4];
      for (int r = -3; r < reps; r++) {
        long f1 = t(() -> fwd(xc, w, yc, false)), f2 = t(() -> fwd(xh, w, yh, true));
        long b1 = t(() -> bp(xc, w, gc, gic, gwc, false)), b2 = t(() -> bp(xh, w, gh, gih, gwh, true));
        if (r >= 0) { acc[0] += f1; acc[1] += f2; acc[2] += b1; acc[3] += b2; }
      }
      double dy = yc.permute(0, 2, 3, 1).sub(yh).amaxNumber().doubleValue();
      double dgi = gic.permute(0, 2, 3, 1).sub(gih).amaxNumber().doubleValue();
      double dgw = gwc.sub(gwh).amaxNumber().doubleValue() / gwc.amaxNumber().doubleValue();
      System.out.printf("%dx%dx%dx%d->%d  fwd NCHW %.2f NHWC %.2f ms | bp NCHW %.2f NHWC %.2f ms | max diff y %.1e gi %.1e gw(rel) %.1e%n",
          n, c, h, wd, o, acc[0] / 1e6 / reps, acc[1] / 1e6 / reps, acc[2] / 1e6 / reps, acc[3] / 1e6 / reps, dy, dgi, dgw);
    }
  }
}
