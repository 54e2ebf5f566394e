package io.github.samegan.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.nn.DataLayout;
import io.github.samegan.core.testing.FiniteDifferences;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.losses.LossRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ResNet SN-GANs built NHWC inside ({@link ResNetSnGan#withLayout}) compute what the NCHW
 * models compute: the same parameters (names, shapes, initial values), the same G(z) and D(x), the
 * same losses, the same change of every parameter and state array in one SGD step (its gradient),
 * and the same input gradient for gradient penalties. Float, to 1e-5 relative.
 */
class ResNetLayoutTest {
  private static final ImageShape SHAPE = ImageShape.rgb(16);
  private static final int BATCH = 4;
  private static final int CLASSES = 3;
  private static final double TOLERANCE = 1e-5;

  /** The variant's pair: {@code plain}, {@code projection} (class embedding) or {@code cbn}. */
  private static Architecture build(String variant, DataLayout layout) {
    ResNetSnGan r = new ResNetSnGan(SHAPE, 16, 16, 16).withLayout(layout);
    return switch (variant) {
      case "plain" -> new Architecture(r.generator(), r.discriminator());
      case "projection" -> r.conditional(CLASSES, 8);
      case "cbn" -> r.conditional(CLASSES, 0, true);
      default -> throw new IllegalArgumentException(variant);
    };
  }

  private static Gan gan(Architecture a, String loss) {
    return Gan.builder(a.generator(), a.discriminator(), LossRegistry.create(loss)).seed(5).build();
  }

  /** ‖a − b‖ / ‖a‖ (0 when both are 0). */
  private static double relative(INDArray a, INDArray b) {
    double scale = a.norm2Number().doubleValue();
    double diff = a.sub(b).norm2Number().doubleValue();
    return scale == 0 ? diff : diff / scale;
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "projection", "cbn"})
  void nhwcModelsComputeWhatTheNchwModelsCompute(String variant) {
    boolean conditional = !variant.equals("plain");
    Gan nchw = gan(build(variant, DataLayout.NCHW), "hinge");
    Gan nhwc = gan(build(variant, DataLayout.NHWC), "hinge");
    ParameterStore a = nchw.parameters();
    ParameterStore b = nhwc.parameters();

    // the same names, shapes and initial values: a checkpoint of one loads into the other
    Set<String> names = new TreeSet<>();
    a.entries().forEach(e -> names.add(e.name()));
    Set<String> namesB = new TreeSet<>();
    b.entries().forEach(e -> namesB.add(e.name()));
    assertThat(namesB).isEqualTo(names);
    for (String n : names) {
      assertThat(b.array(n)).as(n).isEqualTo(a.array(n));
    }

    // G(z), D(x), D(G(z)) in training mode (batch statistics)
    INDArray z = new Rng(11).gaussian(DataType.FLOAT, BATCH, nchw.generator().latentDim());
    INDArray x = new Rng(12).uniform(DataType.FLOAT, -1, 1, SHAPE.batchShape(BATCH));
    int[] classes = {0, 2, 1, 2};
    Map<String, INDArray> fa = forward(build(variant, DataLayout.NCHW), a, z, x, conditional);
    Map<String, INDArray> fb = forward(build(variant, DataLayout.NHWC), b, z, x, conditional);
    assertThat(fb.get("g_z").shape()).containsExactly(BATCH, 3, 16, 16);
    for (String k : fa.keySet()) {
      assertThat(relative(fa.get(k), fb.get(k))).as(k).isLessThan(TOLERANCE);
    }

    // one SGD step: the losses, and every parameter's change (−lr × its gradient; G's through the
    // updated D, whose convolutions in G's update take the input-gradient-only path)
    Map<String, INDArray> init = new HashMap<>();
    a.entries().forEach(e -> init.put(e.name(), e.array().dup()));
    StepStats sa = sgdStep(nchw, x, classes, conditional);
    StepStats sb = sgdStep(nhwc, x, classes, conditional);
    assertThat(sb.dLoss()).isCloseTo(sa.dLoss(), org.assertj.core.api.Assertions.within(1e-5));
    assertThat(sb.gLoss()).isCloseTo(sa.gLoss(), org.assertj.core.api.Assertions.within(1e-5));
    int changed = 0;
    for (String n : names) {
      INDArray da = a.array(n).sub(init.get(n));
      INDArray db = b.array(n).sub(init.get(n));
      if (da.norm2Number().doubleValue() > 0) {
        changed++;
      }
      // biases before a batch norm have a gradient of rounding noise only: compare to the scale
      // of the parameter's change, floored at the rounding of the parameter itself
      double scale =
          Math.max(da.norm2Number().doubleValue(), 1e-6 * init.get(n).norm2Number().doubleValue());
      assertThat(da.sub(db).norm2Number().doubleValue() / Math.max(scale, 1e-30))
          .as("change of %s", n)
          .isLessThan(TOLERANCE);
    }
    assertThat(changed).isGreaterThan(names.size() / 2);

    // the NHWC G update also computes only the input gradient of D's convolutions
    assertThat(opCount(nhwc.generatorGraph().sd(), "deconv2d_tf"))
        .isEqualTo(opCount(nchw.generatorGraph().sd(), "deconv2d_tf"))
        .isGreaterThan(0);
  }

  private static Map<String, INDArray> forward(
      Architecture arch, ParameterStore store, INDArray z, INDArray x, boolean conditional) {
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(sd, store, new Rng(0), DataType.FLOAT, NetGraph.Mode.TRAIN, n -> false);
    SDVariable zv = sd.placeHolder("z", DataType.FLOAT, -1, arch.generator().latentDim());
    SDVariable xv = sd.placeHolder("x", DataType.FLOAT, -1, 3, 16, 16);
    SDVariable y = conditional ? sd.placeHolder("y", DataType.FLOAT, -1, CLASSES) : null;
    SDVariable fake = sd.identity("g_z", arch.generator().generate(g.scope("G"), zv, y));
    sd.identity("d_x", Discriminator.scores(arch.discriminator(), g.scope("D"), xv, y));
    sd.identity("d_g_z", Discriminator.scores(arch.discriminator(), g.scope("D"), fake, y));
    Map<String, INDArray> ph = new HashMap<>(Map.of("z", z, "x", x));
    if (conditional) {
      ph.put("y", Gan.oneHot(new int[] {1, 0, 2, 2}, CLASSES, DataType.FLOAT));
    }
    return sd.output(ph, "g_z", "d_x", "d_g_z");
  }

  private static StepStats sgdStep(Gan gan, INDArray x, int[] classes, boolean conditional) {
    Batch batch = new Batch(x, conditional ? classes : null);
    GanTrainer t =
        GanTrainer.builder(gan, BatchSource.of(() -> batch, () -> new long[0], p -> {}))
            .discriminatorOptimizer(Optimizer.sgd(0.1))
            .generatorOptimizer(Optimizer.sgd(0.1))
            .seed(9)
            .build();
    return t.step();
  }

  /** Ops of that name in the update's gradient graph. */
  private static long opCount(SameDiff sd, String opName) {
    return sd.getFunction("grad").getOps().values().stream()
        .map(SameDiffOp::getOp)
        .filter(op -> op.opName().equals(opName))
        .count();
  }

  /**
   * The NHWC discriminator's traced input gradient (what gradient penalties differentiate) equals
   * SameDiff's own gradient of Σ D(x) and the NCHW discriminator's traced one (double, as the
   * existing NCHW check; with and without self-attention, which stays NCHW inside).
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void nhwcDiscriminatorGivesPenaltiesTheSameInputGradient(boolean attention) {
    ImageShape shape = new ImageShape(2, 8, 8);
    INDArray x = new RandomImages(shape, 3, 5, DataType.DOUBLE).next().images();
    INDArray[] traced = new INDArray[2];
    for (DataLayout layout : List.of(DataLayout.NCHW, DataLayout.NHWC)) {
      Discriminator d =
          new ResNetSnGan(shape, 4, attention ? 8 : 4, attention ? 8 : 3, attention)
              .withLayout(layout)
              .discriminator();
      traced[layout.ordinal()] = ResNetSnGanTest.checkedTracedInputGradient(d, x, attention);
    }
    assertThat(FiniteDifferences.relativeError(traced[1], traced[0])).isLessThan(1e-9);
  }
}
