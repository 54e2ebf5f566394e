package io.github.samegan.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import io.github.samegan.core.loss.LossContext.Phase;
import io.github.samegan.core.loss.WeightSchedule;
import io.github.samegan.core.testing.BceLoss;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanGradients;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.eval.classify.Classifier;
import io.github.samegan.eval.classify.ResNetClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A frozen detector in the generator's update: gradients, frozen weights, guard rails. */
class DetectorTermTest {

  /**
   * An untrained ResNet detector whose batch-norm running statistics are far from the batch
   * statistics (means in [−0.5, 0.5], variances in [0.5, 2.5]), so a pass that used batch
   * statistics would give other scores than one in inference mode.
   */
  static Detector detector(ImageShape shape, long seed, DataType type) {
    ResNetClassifier net = new ResNetClassifier(shape, 2, List.of(3, 4, 4), 1);
    DetectorInfo info =
        new DetectorInfo(
            net.spec(),
            shape,
            0.5,
            "fixed: test",
            "random",
            List.of("none"),
            "none",
            0,
            seed,
            null);
    Classifier c = Classifier.create(net, seed, type);
    Rng rng = new Rng(seed + 100);
    for (ParameterStore.Entry e : c.parameters().entries()) {
      if (e.kind() == ParameterStore.Kind.STATE) {
        INDArray u = rng.uniform(type, 0, 1, e.array().shape());
        e.array().assign(e.name().endsWith("running_var") ? u.mul(2).add(0.5) : u.sub(0.5));
      }
    }
    return new Detector(c, info);
  }

  /** The non-saturating test loss for D; for G nothing but the extra terms (a zero loss). */
  private static final class TermsOnly implements GanLoss {
    private final BceLoss bce = new BceLoss();

    @Override
    public String name() {
      return "terms-only";
    }

    @Override
    public SDVariable discriminatorLoss(LossContext ctx) {
      return bce.discriminatorLoss(ctx);
    }

    @Override
    public SDVariable generatorLoss(LossContext ctx) {
      return ctx.fakeLogits().mul(0.0).mean();
    }
  }

  @Test
  void generatorGradientThroughTheFrozenDetectorMatchesFiniteDifferences() {
    Detector d = detector(TinyModels.IMAGE, 3, DataType.DOUBLE);
    Gan gan =
        Gan.builder(TinyModels.generator(true), TinyModels.discriminator(true), new TermsOnly())
            .dataType(DataType.DOUBLE)
            .seed(11)
            .generatorTerm(new DetectorTerm(d, "evade_a"), WeightSchedule.constant(1.5))
            .build();
    INDArray real = new RandomImages(TinyModels.IMAGE, 5, 2, DataType.DOUBLE).next().images();
    // G's loss is 1.5 · mean softplus(ℓ_fake − ℓ_real): every gradient checked comes through the
    // detector; up to 8 entries of each of G's 7 parameters, most of them non-trivial
    assertThat(GanGradients.check(gan, Phase.GENERATOR, real, null, null, 5, 8)).isGreaterThan(20);
  }

  @Test
  void frozenPassScoresLikeTheDetectorInInferenceMode() {
    Detector d = detector(TinyModels.IMAGE, 4, DataType.DOUBLE);
    SameDiff sd = SameDiff.create();
    SDVariable in = sd.placeHolder("x", DataType.DOUBLE, -1, 2, 8, 8);
    sd.identity("logits", d.classifier().frozenPass(sd, DataType.DOUBLE, "det", in).logits());
    INDArray images = new Rng(8).uniform(DataType.DOUBLE, -1, 1, 6, 2, 8, 8);
    INDArray frozen = sd.output(Map.of("x", images), "logits").get("logits");
    INDArray predicted = d.classifier().predict(images).logits();
    assertThat(frozen.sub(predicted).amaxNumber().doubleValue()).isLessThan(1e-12);
    // the frozen pass adds constants only: no trainable variable in the graph
    assertThat(sd.variables().stream().filter(v -> v.getVariableType().name().equals("VARIABLE")))
        .isEmpty();
  }

  private static Map<String, double[]> snapshot(ParameterStore store) {
    Map<String, double[]> m = new LinkedHashMap<>();
    for (ParameterStore.Entry e : store.entries()) {
      m.put(e.name(), e.array().dup().data().asDouble());
    }
    return m;
  }

  @Test
  void detectorWeightsAreBitIdenticalAfterTrainingAgainstTwoDetectors() {
    Detector a = detector(TinyModels.IMAGE, 5, DataType.FLOAT);
    Detector b = detector(TinyModels.IMAGE, 6, DataType.FLOAT);
    Map<String, double[]> a0 = snapshot(a.classifier().parameters());
    Map<String, double[]> b0 = snapshot(b.classifier().parameters());
    Gan gan =
        Gan.builder(TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
            .seed(3)
            .generatorTerm(new DetectorTerm(a, "evade_a"), WeightSchedule.constant(2.0))
            .generatorTerm(new DetectorTerm(b, "evade_b"), new WeightSchedule(0.5, 1, 2))
            .build();
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 1)).seed(2).build();
    Map<String, double[]> g0 = snapshot(gan.parameters());
    StepStats last = null;
    for (int i = 0; i < 3; i++) {
      last = t.step();
    }
    assertThat(last.metrics())
        .containsKeys("evade_a", "evade_a_p_fake", "evade_b", "evade_b_weight", "evade_b_p_fake");
    assertThat(last.metrics().get("evade_b_weight")).isCloseTo(0.5, within());
    assertThat(last.metrics().get("evade_a_p_fake")).isBetween(0.0, 1.0);
    // −log(1 − p) ≥ p for the mean: the term exceeds zero whenever P(fake) does
    assertThat(last.metrics().get("evade_a")).isPositive();
    for (var e : a0.entrySet()) {
      assertThat(a.classifier().parameters().array(e.getKey()).data().asDouble())
          .as(e.getKey())
          .containsExactly(e.getValue());
    }
    for (var e : b0.entrySet()) {
      assertThat(b.classifier().parameters().array(e.getKey()).data().asDouble())
          .as(e.getKey())
          .containsExactly(e.getValue());
    }
    // the detectors' weights are not part of the GAN (nor of its checkpoints); G did train
    assertThat(gan.parameters().entries(n -> n.contains("evade"))).isEmpty();
    assertThat(gan.parameters().array("G/" + firstParameter(gan)).data().asDouble())
        .isNotEqualTo(g0.get("G/" + firstParameter(gan)));
  }

  private static String firstParameter(Gan gan) {
    return gan.parameters().parameterNames("G/").get(0).substring(2);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }

  @Test
  void aDetectorOfAnotherShapeIsRefusedNamingTheMismatch() {
    Detector oneChannel = detector(new ImageShape(1, 8, 8), 7, DataType.FLOAT);
    assertThatThrownBy(
            () ->
                Gan.builder(
                        TinyModels.generator(false), TinyModels.discriminator(false), new BceLoss())
                    .generatorTerm(
                        new DetectorTerm(oneChannel, "evade_x"), WeightSchedule.constant(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("evade_x")
        .hasMessageContaining("generator makes 2x8x8")
        .hasMessageContaining("takes 1x8x8")
        .hasMessageContaining("channels 2 vs 1")
        .hasMessageContaining("samegan detect train");
    Detector bigger = detector(new ImageShape(2, 16, 16), 7, DataType.FLOAT);
    assertThatThrownBy(() -> new DetectorTerm(bigger, "evade_y").check(TinyModels.IMAGE))
        .hasMessageContaining("size 8x8 vs 16x16")
        .hasMessageNotContaining("channels");
  }
}
