package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DiffAugmentTest {
  private static final long B = 2;
  private static final long C = 2;
  private static final long S = 16;

  /** The graph of one augmented batch, its input a variable so that it can be differentiated. */
  private record Built(SameDiff sd, SDVariable x, SDVariable out, NetGraph g) {}

  private static Built build(String policy, INDArray x) {
    SameDiff sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(
            sd, new ParameterStore(), new Rng(1), DataType.DOUBLE, NetGraph.Mode.TRAIN, n -> true);
    SDVariable in = sd.var("x", x);
    SDVariable out =
        sd.identity("out", DiffAugment.parse(policy).apply(g, "real", in, new long[] {C, S, S}));
    return new Built(sd, in, out, g);
  }

  /** Feeds each random input by the name it ends with: values per example. */
  private static Map<String, INDArray> feed(Built b, Map<String, double[]> values) {
    Map<String, INDArray> ph = new HashMap<>();
    b.g()
        .randomInputs()
        .forEach(
            (name, per) -> {
              String key = name.substring(name.lastIndexOf('/') + 1);
              double[] v = values.get(key);
              assertThat(v).as("value for " + name).isNotNull();
              long[] shape = new long[per.length + 1];
              shape[0] = B;
              System.arraycopy(per, 0, shape, 1, per.length);
              ph.put(name, Nd4j.createFromArray(v).reshape(shape));
            });
    return ph;
  }

  private static INDArray images(long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.DOUBLE, B, C, S, S).muli(2).subi(1);
  }

  @Test
  void translationShiftsEachExampleByItsOwnIntegerOffsetAndFillsWithZero() {
    INDArray x = images(1);
    Built b = build("translation", x);
    // max shift ⌊16/8 + ½⌋ = 2; s = ⌊u·5⌋ − 2
    INDArray out =
        b.sd()
            .output(
                feed(
                    b,
                    Map.of("shift_x", new double[] {0.1, 0.9}, "shift_y", new double[] {0.5, 0.3})),
                "out")
            .get("out");
    int[][] shifts = {{-2, 0}, {2, -1}}; // {s_x, s_y} per example
    for (int n = 0; n < B; n++) {
      for (int c = 0; c < C; c++) {
        for (int i = 0; i < S; i++) {
          for (int j = 0; j < S; j++) {
            int si = i - shifts[n][1];
            int sj = j - shifts[n][0];
            double expected =
                si >= 0 && si < S && sj >= 0 && sj < S ? x.getDouble(n, c, si, sj) : 0;
            assertThat(out.getDouble(n, c, i, j))
                .as("[%d,%d,%d,%d]", n, c, i, j)
                .isEqualTo(expected);
          }
        }
      }
    }
  }

  @Test
  void cutoutZeroesAHalfSizeSquareAroundEachExamplesCentre() {
    INDArray x = images(2);
    Built b = build("cutout", x);
    // size 8, centre = ⌊u·17⌋, window rows/cols [centre − 4, centre + 4) clipped
    INDArray out =
        b.sd()
            .output(
                feed(
                    b,
                    Map.of(
                        "cutout_y", new double[] {0.0, 0.5}, "cutout_x", new double[] {0.99, 0.3})),
                "out")
            .get("out");
    int[][] centres = {{0, 16}, {8, 5}}; // {y, x}
    for (int n = 0; n < B; n++) {
      for (int c = 0; c < C; c++) {
        for (int i = 0; i < S; i++) {
          for (int j = 0; j < S; j++) {
            boolean cut =
                i >= centres[n][0] - 4
                    && i < centres[n][0] + 4
                    && j >= centres[n][1] - 4
                    && j < centres[n][1] + 4;
            assertThat(out.getDouble(n, c, i, j)).isEqualTo(cut ? 0 : x.getDouble(n, c, i, j));
          }
        }
      }
    }
  }

  @Test
  void colourAppliesBrightnessSaturationAndContrastAsInThePaper() {
    INDArray x = images(3);
    Built b = build("color", x);
    double[] ub = {0.2, 0.9};
    double[] us = {0.1, 0.7};
    double[] uc = {0.4, 1.0};
    INDArray out =
        b.sd()
            .output(feed(b, Map.of("brightness", ub, "saturation", us, "contrast", uc)), "out")
            .get("out");
    for (int n = 0; n < B; n++) {
      double[][][] y = new double[(int) C][(int) S][(int) S];
      double mean = 0;
      for (int i = 0; i < S; i++) {
        for (int j = 0; j < S; j++) {
          double mc = 0;
          for (int c = 0; c < C; c++) {
            y[c][i][j] = x.getDouble(n, c, i, j) + ub[n] - 0.5;
            mc += y[c][i][j] / C;
          }
          for (int c = 0; c < C; c++) {
            y[c][i][j] = (y[c][i][j] - mc) * 2 * us[n] + mc;
            mean += y[c][i][j] / (C * S * S);
          }
        }
      }
      for (int c = 0; c < C; c++) {
        for (int i = 0; i < S; i++) {
          for (int j = 0; j < S; j++) {
            assertThat(out.getDouble(n, c, i, j))
                .isCloseTo((y[c][i][j] - mean) * (uc[n] + 0.5) + mean, within(1e-12));
          }
        }
      }
    }
  }

  @Test
  void gradientOfTheFullPolicyMatchesFiniteDifferences() {
    INDArray x = images(4);
    INDArray r = images(5);
    Built b = build(DiffAugment.DEFAULT_POLICY, x);
    SDVariable loss = b.out().mul(b.sd().constant(r)).sum();
    b.sd().setLossVariables(loss.name());
    Map<String, INDArray> ph =
        feed(
            b,
            Map.of(
                "brightness",
                new double[] {0.3, 0.8},
                "saturation",
                new double[] {0.6, 0.2},
                "contrast",
                new double[] {0.5, 0.1},
                "shift_x",
                new double[] {0.7, 0.2},
                "shift_y",
                new double[] {0.4, 0.95},
                "cutout_y",
                new double[] {0.3, 0.6},
                "cutout_x",
                new double[] {0.8, 0.1}));
    INDArray grad = b.sd().calculateGradients(ph, "x").get("x");
    double eps = 1e-6;
    long[][] probes = {
      {0, 0, 0, 0}, {0, 1, 5, 7}, {1, 0, 12, 3}, {1, 1, 15, 15}, {0, 0, 8, 9}, {1, 1, 2, 14}
    };
    for (long[] p : probes) {
      double v = x.getDouble(p);
      b.x().getArr().putScalar(p, v + eps);
      double up = b.sd().output(ph, loss.name()).get(loss.name()).getDouble(0);
      b.x().getArr().putScalar(p, v - eps);
      double down = b.sd().output(ph, loss.name()).get(loss.name()).getDouble(0);
      b.x().getArr().putScalar(p, v);
      assertThat(grad.getDouble(p))
          .as(java.util.Arrays.toString(p))
          .isCloseTo((up - down) / (2 * eps), within(1e-7));
    }
  }

  @Test
  void trainingWithDiffAugmentIsReproducibleAndKeepsTheUpdatesApart() {
    double[] first = null;
    for (int run = 0; run < 2; run++) {
      Gan gan =
          Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
              .seed(3)
              .diffAugment(DiffAugment.parse("translation,cutout,color"))
              .build();
      GanTrainer t =
          GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 5)).seed(9).build();
      ParameterStore store = gan.parameters();
      INDArray g0 = store.array(store.parameterNames("G/").get(0)).dup();
      t.discriminatorUpdate(1);
      assertThat(store.array(store.parameterNames("G/").get(0))).isEqualTo(g0);
      t.generatorUpdate(1);
      assertThat(store.array(store.parameterNames("G/").get(0)))
          .isNotEqualTo(g0); // gradient reaches G through the ops
      StepStats s = t.step();
      assertThat(s.dLoss()).isFinite();
      double[] now = store.array(store.parameterNames("D/").get(0)).ravel().toDoubleVector();
      if (first == null) {
        first = now;
      } else {
        assertThat(now).containsExactly(first);
      }
    }
  }

  @Test
  void policiesParseAndRoundTripAndUnknownOpsAreNamed() {
    assertThat(DiffAugment.parse("cutout, color").policy()).isEqualTo("color,cutout");
    assertThat(DiffAugment.parse(DiffAugment.DEFAULT_POLICY).policy())
        .isEqualTo(DiffAugment.DEFAULT_POLICY);
    assertThatThrownBy(() -> DiffAugment.parse("color,zoom"))
        .hasMessageContaining("'zoom'")
        .hasMessageContaining("color, translation, cutout");
    assertThatThrownBy(() -> DiffAugment.parse(" "))
        .hasMessageContaining("Empty DiffAugment policy");
  }
}
