package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.model.SequentialGenerator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdaptiveAugmentTest {

  /** One augmented batch in a double graph over its own store (p lives there). */
  private record Built(SameDiff sd, SDVariable x, SDVariable out, NetGraph g, ParameterStore s) {

    /** Feeds each random input by its last name part: {@code values}, else {@code fallback}. */
    INDArray run(Map<String, double[]> values, double fallback, long batch) {
      return sd.output(feed(values, fallback, batch), out.name()).get(out.name());
    }

    Map<String, INDArray> feed(Map<String, double[]> values, double fallback, long batch) {
      Map<String, INDArray> ph = new HashMap<>();
      g.randomInputs()
          .forEach(
              (name, per) -> {
                String key = name.substring(name.lastIndexOf('/') + 1);
                double[] v = values.getOrDefault(key, new double[] {fallback});
                INDArray a = Nd4j.zeros(DataType.DOUBLE, batch, 1, 1, 1);
                for (int i = 0; i < batch; i++) {
                  a.putScalar(i, v[Math.min(i, v.length - 1)]);
                }
                ph.put(name, a);
              });
      return ph;
    }
  }

  private static Built build(AdaptiveAugment ada, INDArray x, double p) {
    SameDiff sd = SameDiff.create();
    ParameterStore store = new ParameterStore();
    ada.addState(store, DataType.DOUBLE);
    store.array(AdaptiveAugment.P_STATE).putScalar(0, p);
    NetGraph g =
        NetGraph.create(sd, store, new Rng(1), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> true);
    SDVariable in = sd.var("x", x.dup());
    long[] chw = {x.size(1), x.size(2), x.size(3)};
    return new Built(sd, in, sd.identity("out", ada.apply(g, "real", in, chw)), g, store);
  }

  private static INDArray images(long seed, long b, long c, long n) {
    return new Rng(seed).uniform(DataType.DOUBLE, -1, 1, b, c, n, n);
  }

  @Test
  void probabilityZeroIsTheIdentityWhateverTheDraws() {
    INDArray x = images(1, 2, 3, 6);
    AdaptiveAugment all = AdaptiveAugment.parse(AdaptiveAugment.DEFAULT_POLICY + ",cutout");
    Built b = build(all, x, 0);
    for (double u : new double[] {0.0, 0.3, 0.77}) {
      INDArray out = b.run(Map.of(), u, 2);
      assertThat(out.sub(x).amaxNumber().doubleValue()).as("u = %s", u).isLessThan(1e-12);
    }
    // p = 1 with the same draws changes every example
    INDArray out = build(all, x, 1).run(Map.of(), 0.3, 2);
    for (int e = 0; e < 2; e++) {
      assertThat(out.slice(e).sub(x.slice(e)).amaxNumber().doubleValue()).isGreaterThan(0.05);
    }
  }

  @Test
  void eachExampleIsTransformedOnlyWhereItsDrawFallsBelowP() {
    INDArray x = images(2, 2, 1, 5);
    Built b = build(AdaptiveAugment.parse("xflip"), x, 0.4);
    // example 0 draws 0.3 < 0.4 (applies, flip draw 0.9 → flip), example 1 draws 0.5 (does not)
    INDArray out =
        b.run(Map.of("apply_xflip", new double[] {0.3, 0.5}, "xflip", new double[] {0.9}), 0, 2);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        assertThat(out.getDouble(0, 0, i, j)).isEqualTo(x.getDouble(0, 0, i, 4 - j));
        assertThat(out.getDouble(1, 0, i, j)).isEqualTo(x.getDouble(1, 0, i, j));
      }
    }
  }

  @Test
  void anyAngleIsItsNearestQuarterTurnThenTheRestByShears() {
    int n = 9;
    double c = (n - 1) / 2.0;
    INDArray x = Nd4j.zeros(DataType.DOUBLE, 2, 1, n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double v = 0.07 * (j - c) - 0.05 * (i - c) + 0.01 * (i - c) * (j - c) / 4;
        x.putScalar(new long[] {0, 0, i, j}, v);
        x.putScalar(new long[] {1, 0, i, j}, v);
      }
    }
    // θ = (2u − 1)·π: example 0 at u = ¾ (90°, a quarter turn, exact), example 1 at u = 5/6 (120°)
    INDArray out =
        build(AdaptiveAugment.parse("rotate"), x, 1)
            .run(Map.of("angle", new double[] {0.75, 5.0 / 6}), 0, 2);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        // out(p) = x(R(−90°)·p): column i, row n − 1 − j
        assertThat(out.getDouble(0, 0, i, j))
            .isCloseTo(x.getDouble(0, 0, n - 1 - j, i), within(1e-12));
      }
    }
    // a linear ramp is reproduced exactly by bilinear shears away from the border
    INDArray ramp = Nd4j.zeros(DataType.DOUBLE, 1, 1, n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        ramp.putScalar(new long[] {0, 0, i, j}, 0.07 * (j - c) - 0.05 * (i - c));
      }
    }
    INDArray turned =
        build(AdaptiveAugment.parse("rotate"), ramp, 1)
            .run(Map.of("angle", new double[] {5.0 / 6}), 0, 1);
    double t = 2 * Math.PI / 3;
    for (int i = 3; i <= 5; i++) {
      for (int j = 3; j <= 5; j++) {
        double dx = j - c;
        double dy = i - c;
        double rx = Math.cos(t) * dx + Math.sin(t) * dy;
        double ry = -Math.sin(t) * dx + Math.cos(t) * dy;
        assertThat(turned.getDouble(0, 0, i, j)).isCloseTo(0.07 * rx - 0.05 * ry, within(1e-12));
      }
    }
  }

  @Test
  void gradientThroughTheWholePipelineMatchesFiniteDifferences() {
    INDArray x = images(3, 2, 3, 6);
    AdaptiveAugment all = AdaptiveAugment.parse(AdaptiveAugment.DEFAULT_POLICY + ",cutout");
    Built b = build(all, x, 1);
    Map<String, INDArray> ph = b.feed(Map.of("angle", new double[] {0.6, 0.1}), 0.35, 2);
    ph.replaceAll((k, v) -> k.contains("apply_") ? v.muli(0) : v); // apply everything
    INDArray r = images(4, 2, 3, 6);
    SDVariable loss = b.out().mul(b.sd().constant(r)).sum();
    b.sd().setLossVariables(loss.name());
    INDArray grad = b.sd().calculateGradients(ph, "x").get("x");
    INDArray xs = b.x().getArr();
    double eps = 1e-6;
    for (long[] p :
        new long[][] {{0, 0, 0, 0}, {0, 1, 2, 3}, {1, 2, 5, 1}, {1, 0, 3, 3}, {0, 2, 4, 5}}) {
      double v = xs.getDouble(p);
      xs.putScalar(p, v + eps);
      double up = b.sd().output(ph, loss.name()).get(loss.name()).getDouble(0);
      xs.putScalar(p, v - eps);
      double down = b.sd().output(ph, loss.name()).get(loss.name()).getDouble(0);
      xs.putScalar(p, v);
      assertThat(grad.getDouble(p)).isCloseTo((up - down) / (2 * eps), within(1e-7));
    }
  }

  @Test
  void pMovesBySignOfRtMinusTargetTimesImagesOverKimgAndStaysInTheUnitInterval() {
    AdaptiveAugment ada = AdaptiveAugment.defaults().withSchedule(0.6, 4, 0.5);
    // 64 images over 500: a step of 0.128
    assertThat(ada.nextP(0.1, 0.8, 64)).isCloseTo(0.228, within(1e-12));
    assertThat(ada.nextP(0.3, 0.2, 64)).isCloseTo(0.172, within(1e-12));
    assertThat(ada.nextP(0.1, 0.2, 64)).isEqualTo(0);
    assertThat(ada.nextP(0.95, 0.9, 64)).isEqualTo(1);
    assertThat(ada.nextP(0.3, 0.6, 64)).isEqualTo(0.3);
    // the paper's speed: batch 64, N = 4, 500 kimg → 256/500000 per adjustment
    assertThat(AdaptiveAugment.defaults().nextP(0, 1, 256)).isCloseTo(5.12e-4, within(1e-15));

    ParameterStore store = new ParameterStore();
    ada.addState(store, DataType.FLOAT);
    double[] signs = {1, 0.5, 1, 0.75}; // r_t = 13/16 over 4 × 16 images
    for (int step = 1; step <= 4; step++) {
      AdaptiveAugment.recordRealSigns(store, signs[step - 1], 16);
      Map<String, Double> m = ada.afterStep(store, step);
      if (step < 4) {
        assertThat(m.get("ada_p")).isEqualTo(0);
      } else {
        assertThat(m.get("ada_rt")).isCloseTo(13.0 / 16, within(1e-6));
        assertThat(m.get("ada_p")).isCloseTo(0.128, within(1e-6));
      }
    }
    assertThat(store.array(AdaptiveAugment.SIGNS_STATE).getDouble(1)).isEqualTo(0); // reset
    assertThat(ada.afterStep(store, 5).get("ada_rt")).isNaN();
  }

  private static GanTrainer trainer(AdaptiveAugment ada, long seed) {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(seed)
            .adaptiveAugment(ada)
            .build();
    return GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 4)).seed(99).build();
  }

  @Test
  void pAndTheRunningSumsSurviveACheckpointAndTheRunContinuesExactly(@TempDir Path dir)
      throws Exception {
    AdaptiveAugment ada = AdaptiveAugment.parse("xflip,rotate,contrast").withSchedule(0.6, 2, 0.05);
    GanTrainer first = trainer(ada, 21);
    for (int i = 0; i < 3; i++) {
      StepStats s = first.step();
      assertThat(s.metrics()).containsKeys("ada_p", "ada_rt");
    }
    ParameterStore a = first.gan().parameters();
    a.array(AdaptiveAugment.P_STATE).putScalar(0, 0.37); // mid-way, so that the restore shows
    INDArray sums = a.array(AdaptiveAugment.SIGNS_STATE).dup();
    assertThat(sums.getDouble(1)).isEqualTo(8); // step 3 is mid-interval: one batch counted
    Path ckpt = dir.resolve("ada.ckpt");
    first.saveCheckpoint(ckpt);

    GanTrainer resumed = trainer(ada, 777);
    resumed.restore(ckpt);
    ParameterStore b = resumed.gan().parameters();
    assertThat(b.array(AdaptiveAugment.P_STATE).getDouble(0)).isCloseTo(0.37, within(1e-7));
    assertThat(b.array(AdaptiveAugment.SIGNS_STATE)).isEqualTo(sums);
    for (int i = 0; i < 3; i++) {
      StepStats x = first.step();
      StepStats y = resumed.step();
      assertThat(y.dLoss()).isEqualTo(x.dLoss());
      assertThat(y.metrics().get("ada_p")).isEqualTo(x.metrics().get("ada_p"));
    }
  }

  @Test
  void settingsAreValidatedAndConflictsRefused() {
    assertThat(AdaptiveAugment.parse("hue, xflip").policy()).isEqualTo("xflip,hue");
    assertThatThrownBy(() -> AdaptiveAugment.parse("xflip,zoom"))
        .hasMessageContaining("'zoom'")
        .hasMessageContaining("rotate90");
    assertThatThrownBy(() -> AdaptiveAugment.defaults().withSchedule(1.2, 4, 500))
        .hasMessageContaining("target");
    assertThatThrownBy(() -> AdaptiveAugment.defaults().withSchedule(0.6, 0, 500))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> AdaptiveAugment.defaults().withSchedule(0.6, 4, 0))
        .hasMessageContaining("kimg");
    assertThatThrownBy(
            () ->
                Gan.builder(
                        TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
                    .diffAugment(DiffAugment.parse("color"))
                    .adaptiveAugment(AdaptiveAugment.defaults())
                    .build())
        .hasMessageContaining("choose one");
    assertThatThrownBy(
            () ->
                Gan.builder(
                        TinyModels.generator(false),
                        TinyModels.autoEncoder(
                            false, io.github.samegan.core.model.AutoEncoderDiscriminator.Energy.L1),
                        new BceLoss())
                    .adaptiveAugment(AdaptiveAugment.defaults())
                    .build())
        .hasMessageContaining("reconstruction energy");
    assertThatThrownBy(() -> AdaptiveAugment.defaults().check(new long[] {3, 8, 6}))
        .hasMessageContaining("need square images, found 8×6");
    AdaptiveAugment.parse("xflip,scale,aniso,hue").check(new long[] {3, 8, 6}); // no rotation: fine
    assertThat(AdaptiveAugment.fromSpec("xflip,hue target=0.7 interval=2 kimg=1.5"))
        .isEqualTo(AdaptiveAugment.parse("hue,xflip").withSchedule(0.7, 2, 1.5));
    assertThat(AdaptiveAugment.fromSpec(AdaptiveAugment.defaults().spec()))
        .isEqualTo(AdaptiveAugment.defaults());
    assertThatThrownBy(() -> AdaptiveAugment.fromSpec("xflip target=high"))
        .hasMessageContaining("'target=high'");
  }

  @Test
  void atFullProbabilityGsGradientCrossesEveryTransformAndTheUpdatesStayApart() {
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(3)
            .adaptiveAugment(AdaptiveAugment.parse(AdaptiveAugment.DEFAULT_POLICY + ",cutout"))
            .build();
    ParameterStore store = gan.parameters();
    store.array(AdaptiveAugment.P_STATE).putScalar(0, 1.0);
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 5)).seed(9).build();
    String g = store.parameterNames("G/").get(0);
    String d = store.parameterNames("D/").get(0);
    INDArray g0 = store.array(g).dup();
    INDArray d0 = store.array(d).dup();
    t.discriminatorUpdate(1);
    assertThat(store.array(g)).isEqualTo(g0);
    assertThat(store.array(d)).isNotEqualTo(d0);
    INDArray d1 = store.array(d).dup();
    t.generatorUpdate(1);
    assertThat(store.array(g)).isNotEqualTo(g0);
    assertThat(store.array(d)).isEqualTo(d1);
  }

  // ---------------------------------------------------------------------------------------------
  // The signal: p rises when D memorises a tiny set and stays low when the data are plentiful.

  private static final ImageShape IMG = new ImageShape(1, 8, 8);

  /** z(4) → dense → tanh: no batch norm, so sampling draws from the training distribution. */
  private static Generator smallGenerator() {
    return new SequentialGenerator(
        "g",
        4,
        IMG,
        Sequential.of(
            new Dense(4, 64, true, Init.normal(0.4)), Reshape.toImage(1, 8, 8), Activation.tanh()));
  }

  /** A wide MLP that can memorise a handful of images. */
  private static Discriminator memorisingDiscriminator() {
    return new SequentialDiscriminator(
        "d",
        IMG,
        Sequential.of(
            Reshape.flatten(new long[] {1, 8, 8}),
            new Dense(64, 128, true, Init.normal(0.1)),
            Activation.leakyRelu(0.2),
            new Dense(128, 1, true, Init.normal(0.1))));
  }

  /**
   * Real images drawn from the generator's own initial distribution: a fresh batch every time
   * ({@code tiny = 0}), or the same {@code tiny} images over and over.
   */
  private static BatchSource drawnFromTheGenerator(int tiny, int batch) {
    Gan source =
        Gan.builder(smallGenerator(), memorisingDiscriminator(), new BceLoss()).seed(5).build();
    INDArray fixed = tiny > 0 ? source.sample(tiny, new Rng(17)) : null;
    Rng rng = new Rng(23);
    return () -> {
      if (fixed != null) {
        return Batch.of(fixed.dup());
      }
      return Batch.of(source.sample(batch, rng));
    };
  }

  private static double[] trainAndTraceP(int tiny) {
    AdaptiveAugment ada = AdaptiveAugment.parse("xflip,translation").withSchedule(0.6, 4, 0.2);
    Gan gan =
        Gan.builder(smallGenerator(), memorisingDiscriminator(), new BceLoss())
            .seed(5)
            .adaptiveAugment(ada)
            .build();
    GanTrainer t =
        GanTrainer.builder(gan, drawnFromTheGenerator(tiny, 8))
            .seed(3)
            .discriminatorOptimizer(Optimizer.adam(2e-3, 0.5, 0.999))
            .generatorOptimizer(Optimizer.adam(2e-4, 0.5, 0.999))
            .build();
    double[] p = new double[100];
    for (int i = 0; i < p.length; i++) {
      p[i] = t.step().metrics().get("ada_p");
    }
    return p;
  }

  @Test
  void pRisesWhenDMemorisesATinySetAndStaysLowOnPlentifulData() {
    // measured: on 8 images p first moves at step 8 and swings between 0.16 and 0.64 from step
    // 40 on; on fresh draws r_t stays within ±0.5 and p never leaves 0
    double[] tiny = trainAndTraceP(8);
    double[] plenty = trainAndTraceP(0);
    assertThat(java.util.Arrays.stream(tiny, 50, 100).average().orElseThrow()).isGreaterThan(0.15);
    assertThat(java.util.Arrays.stream(plenty).max().orElseThrow()).isLessThan(0.05);
  }
}
