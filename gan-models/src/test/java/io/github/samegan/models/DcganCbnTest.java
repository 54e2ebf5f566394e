package io.github.samegan.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanGradients;
import io.github.samegan.losses.LossRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The conditional DCGAN with class-conditional batch norm in G ({@code cdcgan-cbn}): counts in
 * closed form, the class acting through the CBN gains, gradients against finite differences.
 */
class DcganCbnTest {

  /**
   * DCGAN G from z with {@code k}-class CBN (k = 0: plain BN): dense z → 8w·q (q = (s/8)²), three
   * k4 s2 deconvolutions 8w → 4w → 2w → C with biases, batch norm on 8w, 4w and 2w channels.
   */
  static long generatorCount(long z, long w, long c, long side, long k) {
    long q = (side / 8) * (side / 8);
    long norms = 2 * (8 * w + 4 * w + 2 * w) * Math.max(1, k);
    return z * 8 * w * q
        + 8 * w * q
        + (8 * w * 4 * w * 16 + 4 * w)
        + (4 * w * 2 * w * 16 + 2 * w)
        + (2 * w * c * 16 + c)
        + norms;
  }

  private static Gan gan(Architecture a, DataType type) {
    return Gan.builder(a.generator(), a.discriminator(), LossRegistry.create("hinge"))
        .dataType(type)
        .seed(11)
        .build();
  }

  @Test
  void registeredModelHasTheClosedFormCounts() {
    assertThat(generatorCount(128, 32, 3, 32, 0)).isEqualTo(1_187_907L); // dcgan's G
    for (int k : new int[] {2, 10}) {
      Gan g = gan(ModelRegistry.create("cdcgan-cbn", ImageShape.rgb(32), k), DataType.FLOAT);
      assertThat(g.generatorParameterCount())
          .isEqualTo(generatorCount(128, 32, 3, 32, k))
          .isEqualTo(1_187_011L + 896L * k);
      assertThat(g.discriminatorParameterCount()).isEqualTo(663_745L + 4096L * k); // cdcgan's D
      assertThat(g.numClasses()).isEqualTo(k);
      List<String> cbn =
          g.parameters().parameterNames("G/").stream().filter(n -> n.contains("cbn/")).toList();
      assertThat(cbn).hasSize(6);
      assertThat(g.parameters().parameterNames("G/")).noneMatch(n -> n.contains("embed"));
    }
    assertThatThrownBy(() -> Dcgan.reference(ImageShape.rgb(32)).conditional(10, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conditional batch norm");
  }

  @Test
  void theClassChangesTheImageThroughTheConditionalBatchNormGains() {
    Gan g = gan(new Dcgan(ImageShape.rgb(16), 8, 4).conditional(3, 0, true), DataType.FLOAT);
    ParameterStore s = g.parameters();
    INDArray z = new Rng(5).gaussian(DataType.FLOAT, 4, 8);
    int[] zeros = new int[4];
    int[] twos = {2, 2, 2, 2};
    // untrained: every class's γ is 1 and β 0, and the class reaches G nowhere else
    assertThat(g.sample(z, twos)).isEqualTo(g.sample(z, zeros));
    List<String> gains =
        s.parameterNames("G/").stream().filter(n -> n.endsWith("cbn/gamma")).toList();
    assertThat(gains).hasSize(3);
    for (String n : gains) {
      INDArray table = s.array(n); // [K, C]
      table.getRow(2).addi(new Rng(n.hashCode()).gaussian(DataType.FLOAT, table.size(1)));
    }
    INDArray class0 = g.sample(z, zeros);
    INDArray class2 = g.sample(z, twos);
    // (an untrained DCGAN's images are faint: compare with their own size)
    double size = class0.amaxNumber().doubleValue();
    assertThat(size).isPositive();
    assertThat(class2.sub(class0).amaxNumber().doubleValue() / size).isGreaterThan(0.2);
    assertThat(g.sample(z, new int[] {1, 1, 1, 1})).isEqualTo(class0); // class 1's row unchanged
    for (String n : gains) {
      s.array(n).getRow(2).assign(s.array(n).getRow(0)); // same gains again: same images
    }
    assertThat(g.sample(z, twos)).isEqualTo(class0);
  }

  @Test
  void generatorGradientsMatchFiniteDifferences() {
    ImageShape shape = new ImageShape(2, 8, 8);
    Gan g = gan(new Dcgan(shape, 4, 2).conditional(3, 0, true), DataType.DOUBLE);
    ParameterStore s = g.parameters();
    for (String n : s.parameterNames("")) {
      if (n.contains("cbn/") || n.endsWith("/b")) { // classes apart, biases away from ReLU kinks
        INDArray p = s.array(n);
        p.addi(new Rng(n.hashCode()).gaussian(DataType.DOUBLE, p.shape()).muli(0.3));
      }
    }
    INDArray real = new RandomImages(shape, 5, 3, DataType.DOUBLE).next().images();
    int[] yr = {0, 1, 2, 0, 1};
    int[] yf = {2, 2, 0, 1, 0};
    // 4 deconv/dense weights and biases + 3 CBN tables of γ and β, 3 entries each; the biases
    // before batch norm have no gradient
    int checked = GanGradients.check(g, Phase.GENERATOR, real, yr, yf, 5, 3);
    assertThat(checked).isGreaterThan(20);
  }
}
