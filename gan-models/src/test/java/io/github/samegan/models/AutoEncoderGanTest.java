package io.github.samegan.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.model.AutoEncoderDiscriminator;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.train.Gan;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** EBGAN's and BEGAN's networks: closed-form parameter counts and energies. */
class AutoEncoderGanTest {

  /** The auto-encoder's count: 320w² + 32Cw + 10w + 8wqh + 4wq + h + C, q = (s/8)². */
  static long autoEncoderCount(int c, int s, long w, long h) {
    long q = (long) (s / 8) * (s / 8);
    return 320 * w * w + 32 * c * w + 10 * w + 8 * w * q * h + 4 * w * q + h + c;
  }

  /** BEGAN's generator: 160w² + 16Cw + 3w + 4wq(z + 1) + C. */
  static long beganGeneratorCount(int c, int s, long w, long z) {
    long q = (long) (s / 8) * (s / 8);
    return 160 * w * w + 16 * c * w + 3 * w + 4 * w * q * (z + 1) + c;
  }

  private static Gan build(Architecture a) {
    return Gan.builder(a.generator(), a.discriminator(), new BceLoss()).build();
  }

  @Test
  void registeredModelsHaveTheClosedFormParameterCounts() {
    for (int c : new int[] {1, 3}) {
      ImageShape shape = new ImageShape(c, 32, 32);
      Gan ebgan = build(ModelRegistry.create("ebgan", shape));
      assertThat(ebgan.generatorParameterCount()).isEqualTo(DcganTest.generatorCount(c));
      assertThat(ebgan.discriminatorParameterCount()).isEqualTo(autoEncoderCount(c, 32, 32, 64));
      Gan began = build(ModelRegistry.create("began", shape));
      assertThat(began.generatorParameterCount()).isEqualTo(beganGeneratorCount(c, 32, 32, 64));
      assertThat(began.discriminatorParameterCount()).isEqualTo(autoEncoderCount(c, 32, 32, 64));
    }
    // the RGB figures docs/models.md quotes
    assertThat(autoEncoderCount(3, 32, 32, 64)).isEqualTo(595_331L);
    assertThat(beganGeneratorCount(3, 32, 32, 64)).isEqualTo(298_595L);
    Gan wide = build(new AutoEncoderGan(ImageShape.gray(16), 10, 8, 5).began());
    assertThat(wide.discriminatorParameterCount()).isEqualTo(autoEncoderCount(1, 16, 8, 5));
    assertThat(wide.generatorParameterCount()).isEqualTo(beganGeneratorCount(1, 16, 8, 10));
  }

  @Test
  void energyIsTheMeanPerPixelReconstructionError() {
    ImageShape shape = ImageShape.gray(16);
    AutoEncoderGan m = new AutoEncoderGan(shape, 10, 4, 6);
    for (AutoEncoderDiscriminator.Energy e : AutoEncoderDiscriminator.Energy.values()) {
      AutoEncoderDiscriminator d = m.discriminator(e);
      SameDiff sd = SameDiff.create();
      NetGraph g =
          NetGraph.create(
              sd,
              new ParameterStore(),
              new Rng(1),
              DataType.DOUBLE,
              NetGraph.Mode.TRAIN,
              n -> false);
      INDArray x = new Rng(2).uniform(DataType.DOUBLE, -1, 1, shape.batchShape(3));
      SDVariable in = sd.constant("x", x);
      SDVariable energy = d.discriminate(g.scope("D"), in);
      SDVariable recon = d.reconstruct(g.scope("D"), in);
      SDVariable code = d.features(g.scope("D"), in);
      Map<String, INDArray> out = sd.output(Map.of(), energy.name(), recon.name(), code.name());
      INDArray diff = out.get(recon.name()).sub(x);
      INDArray err = e == AutoEncoderDiscriminator.Energy.MSE ? diff.mul(diff) : abs(diff);
      INDArray expected = err.reshape(3, shape.size()).mean(1);
      assertThat(out.get(energy.name()).shape()).containsExactly(3, 1);
      assertThat(out.get(code.name()).shape()).containsExactly(3, 6);
      for (int i = 0; i < 3; i++) {
        assertThat(out.get(energy.name()).getDouble(i, 0))
            .as("%s energy of image %d", e, i)
            .isCloseTo(expected.getDouble(i), within(1e-12))
            .isPositive();
      }
    }
  }

  private static INDArray abs(INDArray a) {
    return org.nd4j.linalg.ops.transforms.Transforms.abs(a, true);
  }

  @Test
  void shapesTheDecoderCannotRebuildAreRefused() {
    assertThatThrownBy(() -> new AutoEncoderGan(ImageShape.gray(28), 64, 32, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("divisible by 8")
        .hasMessageContaining("28");
    assertThatThrownBy(() -> new AutoEncoderGan(ImageShape.gray(32), 64, 32, 0))
        .hasMessageContaining("code=0");
  }
}
