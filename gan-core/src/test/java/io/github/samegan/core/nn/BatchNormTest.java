package io.github.samegan.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.samediff.SameDiffPatches;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BatchNormTest {

  private static INDArray run(ParameterStore store, NetGraph.Mode mode, INDArray x) {
    SameDiff sd = SameDiff.create();
    NetGraph g = NetGraph.create(sd, store, new Rng(1), DataType.DOUBLE, mode, n -> true);
    SDVariable in = sd.placeHolder("x", DataType.DOUBLE, -1, 3, 4, 4);
    SDVariable out = new BatchNorm(3).forward(g.scope("bn"), in);
    return sd.output(Map.of("x", x), out.name()).get(out.name());
  }

  @Test
  void trainingModeNormalisesWithBatchStatistics() {
    ParameterStore store = new ParameterStore();
    INDArray x = new Rng(3).gaussian(DataType.DOUBLE, 5, 3, 4, 4).muli(3).addi(7);
    INDArray y = run(store, NetGraph.Mode.TRAIN, x);
    for (int c = 0; c < 3; c++) {
      INDArray ch =
          y.get(
                  org.nd4j.linalg.indexing.NDArrayIndex.all(),
                  org.nd4j.linalg.indexing.NDArrayIndex.point(c))
              .dup();
      assertThat(ch.meanNumber().doubleValue()).isCloseTo(0.0, within(1e-9));
      // biased variance of the normalised output is var/(var+eps) ≈ 1
      assertThat(ch.varNumber().doubleValue() * (ch.length() - 1) / ch.length())
          .isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void inferenceModeUsesRunningStatistics() {
    ParameterStore store = new ParameterStore();
    INDArray x = new Rng(3).gaussian(DataType.DOUBLE, 5, 3, 4, 4);
    run(store, NetGraph.Mode.TRAIN, x); // creates the arrays
    store
        .array("bn/running_mean")
        .assign(org.nd4j.linalg.factory.Nd4j.createFromArray(1.0, -2.0, 0.5));
    store
        .array("bn/running_var")
        .assign(org.nd4j.linalg.factory.Nd4j.createFromArray(4.0, 0.25, 1.0));
    store.array("bn/gamma").assign(org.nd4j.linalg.factory.Nd4j.createFromArray(2.0, 1.0, 3.0));
    store.array("bn/beta").assign(org.nd4j.linalg.factory.Nd4j.createFromArray(0.0, 1.0, -1.0));
    INDArray y = run(store, NetGraph.Mode.INFERENCE, x);
    double[] mean = {1.0, -2.0, 0.5};
    double[] var = {4.0, 0.25, 1.0};
    double[] gamma = {2.0, 1.0, 3.0};
    double[] beta = {0.0, 1.0, -1.0};
    for (int n = 0; n < 5; n++) {
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 4; i++) {
          double xv = x.getDouble(n, c, i, 1);
          double expected = gamma[c] * (xv - mean[c]) / Math.sqrt(var[c] + 1e-5) + beta[c];
          assertThat(y.getDouble(n, c, i, 1)).isCloseTo(expected, within(1e-9));
        }
      }
    }
  }

  /**
   * The fused op's gradients (libnd4j batchnorm_bp) against the closed form of batch norm's
   * backward pass with batch statistics: dL/dx = (γ/σ)(g − mean(g) − x̂·mean(g·x̂)), dL/dγ = Σ
   * g·x̂, dL/dβ = Σ g, for images and vectors, under a nonlinear loss L = Σ sin(y ⊙ w).
   */
  @Test
  void fusedTrainingGradientsMatchTheClosedForm() {
    // the last entry of each row: 1 for NHWC (channels last)
    long[][] shapes = {
      {4, 3, 5, 5, 0}, {16, 8, 4, 4, 0}, {4, 5, 5, 3, 1}, {16, 4, 4, 8, 1}, {4, 3, 0}, {8, 6, 0}
    };
    for (long[] row : shapes) {
      long[] shape = java.util.Arrays.copyOf(row, row.length - 1);
      DataLayout layout = row[row.length - 1] == 1 ? DataLayout.NHWC : DataLayout.NCHW;
      Rng rng = new Rng(shape.length * 31 + shape[1]);
      INDArray x = rng.gaussian(DataType.DOUBLE, shape).muli(2).addi(1);
      INDArray w = rng.gaussian(DataType.DOUBLE, shape);
      boolean image = shape.length == 4;
      int c = (int) (image ? layout.channels(new long[] {shape[1], shape[2], shape[3]}) : shape[1]);
      int[] axes = image ? layout.statisticsAxes() : new int[] {0};
      long[] bshape = image ? layout.perChannel(1, c) : new long[] {1, c};
      ParameterStore store = new ParameterStore();
      SameDiff sd = SameDiff.create();
      NetGraph g =
          NetGraph.create(sd, store, new Rng(1), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> true);
      SDVariable in = sd.var("x", x.dup());
      SDVariable y = new BatchNorm(c, layout).forward(g.scope("bn"), in);
      store.array("bn/gamma").assign(rng.gaussian(DataType.DOUBLE, c).addi(1));
      store.array("bn/beta").assign(rng.gaussian(DataType.DOUBLE, c));
      SDVariable loss = sd.math().sin(y.mul(sd.constant(w))).sum();
      sd.setLossVariables(loss.name());
      Map<String, INDArray> grads = sd.calculateGradients(Map.of(), "x", "bn/gamma", "bn/beta");

      INDArray gamma = store.array("bn/gamma").reshape(bshape);
      INDArray beta = store.array("bn/beta").reshape(bshape);
      INDArray mean = x.mean(true, axes);
      INDArray centered = x.sub(mean);
      INDArray invStd =
          org.nd4j.linalg.ops.transforms.Transforms.pow(
              centered.mul(centered).mean(true, axes).add(1e-5), -0.5);
      INDArray xHat = centered.mul(invStd);
      INDArray yv = xHat.mul(gamma).add(beta);
      INDArray dy = org.nd4j.linalg.ops.transforms.Transforms.cos(yv.mul(w)).mul(w);
      INDArray gp = dy.mul(gamma);
      INDArray dx =
          gp.sub(gp.mean(true, axes)).sub(xHat.mul(gp.mul(xHat).mean(true, axes))).mul(invStd);
      String at = java.util.Arrays.toString(shape) + " " + layout;
      assertThat(maxRelative(grads.get("x"), dx)).as("dL/dx %s", at).isLessThan(1e-7);
      assertThat(maxRelative(grads.get("bn/gamma"), dy.mul(xHat).sum(axes)))
          .as("dL/dgamma %s", at)
          .isLessThan(1e-9);
      assertThat(maxRelative(grads.get("bn/beta"), dy.sum(axes)))
          .as("dL/dbeta %s", at)
          .isLessThan(1e-9);
    }
  }

  /**
   * The NHWC statistics and backward sums as matrix products (the default) against the two-stage
   * reductions ({@code -Dsamegan.oldOps.bn=true}), in float at the ResNet's shapes: the same
   * output, batch statistics (what the running averages take) and gradients to 1e-5 relative.
   */
  @Test
  void globalPoolingStatisticsMatchTheTwoStageReductions() {
    for (long[] shape : new long[][] {{16, 8, 8, 64}, {8, 16, 16, 32}, {3, 5, 3, 5}}) {
      Rng rng = new Rng(shape[3]);
      INDArray x = rng.gaussian(DataType.FLOAT, shape).muli(3).addi(2);
      INDArray w = rng.gaussian(DataType.FLOAT, shape);
      INDArray gamma = rng.gaussian(DataType.FLOAT, shape[3]).addi(1);
      INDArray beta = rng.gaussian(DataType.FLOAT, shape[3]);
      java.util.List<Map<String, INDArray>> r = new java.util.ArrayList<>();
      for (int old = 0; old < 2; old++) {
        String property = SameDiffPatches.OLD_OPS_PROPERTY + "bn";
        System.setProperty(property, Boolean.toString(old == 1));
        try {
          ParameterStore store = new ParameterStore();
          SameDiff sd = SameDiff.create();
          NetGraph g =
              NetGraph.create(
                  sd, store, new Rng(1), DataType.FLOAT, NetGraph.Mode.TRAIN, n -> true);
          SDVariable in = sd.var("x", x.dup());
          NetGraph scope = g.scope("bn");
          SDVariable y =
              new BatchNorm(shape[3], DataLayout.NHWC)
                  .forward(scope, in, new long[] {shape[1], shape[2], shape[3]});
          assertThat(opCount(sd, "avgpool2d")).isEqualTo(old == 1 ? 0 : 2);
          store.array("bn/gamma").assign(gamma);
          store.array("bn/beta").assign(beta);
          SDVariable loss = sd.math().sin(y.mul(sd.constant(w))).sum();
          sd.setLossVariables(loss.name());
          Map<String, INDArray> out =
              new java.util.HashMap<>(sd.calculateGradients(Map.of(), "x", "bn/gamma", "bn/beta"));
          out.put("y", sd.output(Map.of(), y.name()).get(y.name()));
          for (SDVariable stat : statistics(sd)) {
            out.put("stat " + out.size(), sd.output(Map.of(), stat.name()).get(stat.name()));
          }
          assertThat(out).hasSize(6); // y, three gradients, mean and variance
          // the backward pass's two sums are poolings too: two forward, two backward
          assertThat(opCount(sd.getFunction("grad"), "avgpool2d")).isEqualTo(old == 1 ? 0 : 4);
          r.add(out);
        } finally {
          System.clearProperty(property);
        }
      }
      for (String k : r.get(0).keySet()) {
        INDArray fast = r.get(0).get(k);
        INDArray old = r.get(1).get(k);
        assertThat(fast.sub(old).amaxNumber().doubleValue() / old.amaxNumber().doubleValue())
            .as("%s at %s", k, java.util.Arrays.toString(shape))
            .isLessThan(1e-5);
      }
    }
  }

  private static long opCount(SameDiff sd, String name) {
    return sd.getOps().values().stream().filter(op -> op.getOp().opName().equals(name)).count();
  }

  /** The batch statistics the fused op reads: its mean and variance inputs. */
  private static java.util.List<SDVariable> statistics(SameDiff sd) {
    return sd.getOps().values().stream()
        .filter(op -> op.getOp() instanceof io.github.samegan.core.samediff.FusedBatchNormOp)
        .flatMap(op -> op.getInputsToOp().subList(1, 3).stream())
        .map(sd::getVariable)
        .toList();
  }

  /** Registering the fused op also repairs graphs built with the stock {@code sd.nn.batchNorm}. */
  @Test
  void stockBatchNormDifferentiatesOnceTheFusedOpIsRegistered() {
    SameDiffPatches.install();
    INDArray x0 = new Rng(5).gaussian(DataType.DOUBLE, 6, 2, 3, 3);
    INDArray[] dx = new INDArray[2];
    for (int variant = 0; variant < 2; variant++) {
      SameDiff sd = SameDiff.create();
      SDVariable x = sd.var("x", x0.dup());
      SDVariable gamma = sd.constant(org.nd4j.linalg.factory.Nd4j.createFromArray(1.5, 0.5));
      SDVariable beta = sd.constant(org.nd4j.linalg.factory.Nd4j.createFromArray(0.1, -0.2));
      SDVariable y;
      if (variant == 0) {
        y =
            new BatchNorm(2)
                .forward(
                    NetGraph.create(
                            sd,
                            new ParameterStore(),
                            new Rng(1),
                            DataType.DOUBLE,
                            NetGraph.Mode.TRAIN,
                            n -> false)
                        .scope("bn"),
                    x);
        y =
            y.mul(
                    sd.constant(
                        org.nd4j.linalg.factory.Nd4j.createFromArray(1.5, 0.5).reshape(1, 2, 1, 1)))
                .add(
                    sd.constant(
                        org.nd4j.linalg.factory.Nd4j.createFromArray(0.1, -0.2)
                            .reshape(1, 2, 1, 1)));
      } else {
        SDVariable xs =
            new org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient(sd, x)
                .outputVariable();
        SDVariable mean = xs.mean(false, 0, 2, 3);
        SDVariable var = sd.math().square(xs.sub(mean.reshape(1, 2, 1, 1))).mean(false, 0, 2, 3);
        y = sd.nn.batchNorm(x, mean, var, gamma, beta, 1e-5, 1);
      }
      SDVariable loss = sd.math().sin(y).sum();
      sd.setLossVariables(loss.name());
      dx[variant] = sd.calculateGradients(Map.of(), "x").get("x");
    }
    assertThat(maxRelative(dx[1], dx[0])).isLessThan(1e-7);
  }

  private static double maxRelative(INDArray actual, INDArray expected) {
    double scale = Math.max(1e-12, expected.amaxNumber().doubleValue());
    return actual
            .reshape(expected.length())
            .sub(expected.reshape(expected.length()))
            .amaxNumber()
            .doubleValue()
        / scale;
  }
}
