package io.github.samegan.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.Conv2d;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.core.testing.RandomImages;
import io.github.samegan.core.testing.TinyModels;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Each registered loss trains the tiny conv GAN (leaky ReLU, batch norm, float) on fake images for
 * a short run with its recommended optimizers, without NaN and with losses of the expected sign;
 * WGAN-GP's gradient norm on interpolates moves toward 1, WGAN's critic stays clipped.
 */
class LossTrainingTest {
  private static final int STEPS = 8;

  private static List<StepStats> train(String name, int steps, LossOptions options) {
    LossRegistry.Recommended r = LossRegistry.standard().entry(name).recommended();
    return train(
        name,
        steps,
        options,
        r.discriminatorOptimizer(),
        r.generatorOptimizer(),
        Math.min(r.nCritic(), 2));
  }

  private static List<StepStats> train(
      String name, int steps, LossOptions options, Optimizer d, Optimizer g, int nCritic) {
    Gan gan =
        Gan.builder(
                TinyModels.generator(false),
                TinyModels.discriminator(false),
                LossRegistry.create(name, options))
            .seed(3)
            .build();
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 8, 4))
            .discriminatorOptimizer(d)
            .generatorOptimizer(g)
            .nCritic(nCritic)
            .seed(5)
            .build();
    List<StepStats> out = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      StepStats s = t.step();
      assertThat(
              java.util.stream.DoubleStream.of(s.dLoss(), s.gLoss(), s.dReal(), s.dFake())
                  .allMatch(Double::isFinite))
          .as("%s step %d: %s", name, s.step(), s)
          .isTrue();
      out.add(s);
    }
    return out;
  }

  private static List<StepStats> train(String name) {
    return train(name, STEPS, LossOptions.defaults());
  }

  @Test
  void crossEntropyFamilyHasPositiveDiscriminatorLoss() {
    for (String name :
        List.of(
            "minimax", "minimax-saturating", "ragan", "r1", "r2", "dragan", "feature-matching")) {
      List<StepStats> run = train(name);
      assertThat(run).as(name).allMatch(s -> s.dLoss() > 0);
      if (name.equals("minimax") || name.equals("ragan")) {
        assertThat(run).as(name).allMatch(s -> s.gLoss() > 0);
      }
      if (name.equals("minimax-saturating")) {
        assertThat(run).as(name).allMatch(s -> s.gLoss() < 0);
      }
      if (name.equals("feature-matching")) {
        assertThat(run).as(name).allMatch(s -> s.gLoss() >= 0);
      }
      if (name.equals("r1") || name.equals("r2")) {
        assertThat(run).as(name).allMatch(s -> s.metrics().get(name + "_grad_sq") > 0);
      }
      if (name.equals("dragan")) {
        assertThat(run).as(name).allMatch(s -> s.metrics().get("dragan_grad_norm") > 0);
      }
    }
  }

  @Test
  void marginAndSquaredLossesAreNonNegative() {
    for (String name : List.of("hinge", "lsgan", "ralsgan", "rahinge")) {
      List<StepStats> run = train(name);
      assertThat(run).as(name).allMatch(s -> s.dLoss() >= 0);
      if (!name.equals("hinge")) {
        assertThat(run).as(name).allMatch(s -> s.gLoss() >= 0);
      }
    }
  }

  @Test
  void wganKeepsTheCriticClipped() {
    List<StepStats> run =
        train("wgan", STEPS, LossOptions.defaults().with(WassersteinLoss.CLIP, 0.02));
    assertThat(run).allMatch(s -> Math.abs(s.dReal()) < 10 && Math.abs(s.dFake()) < 10);
  }

  /** A batch-norm-free critic (as the WGAN-GP paper recommends) with the given initial scale. */
  private static Discriminator critic(double initStd) {
    return new SequentialDiscriminator(
        "critic",
        TinyModels.IMAGE,
        Sequential.of(
            new Conv2d(2, 4, 4, 2, 1, true, Init.normal(initStd)),
            Activation.leakyRelu(0.2),
            new Conv2d(4, 6, 4, 2, 1, true, Init.normal(initStd)),
            Activation.leakyRelu(0.2),
            Reshape.flatten(new long[] {6, 2, 2}),
            new Dense(24, 1, true, Init.normal(initStd))));
  }

  /** Mean gradient norm on interpolates over the first and the last three of 15 steps. */
  private static double[] gradNormTrend(double initStd) {
    Gan gan =
        Gan.builder(TinyModels.generator(false), critic(initStd), LossRegistry.create("wgan-gp"))
            .seed(3)
            .build();
    // the recommended Adam(β₁ = 0, β₂ = 0.9) at a 10× critic rate, so that 15 steps show the trend
    GanTrainer t =
        GanTrainer.builder(gan, new RandomImages(TinyModels.IMAGE, 16, 4))
            .discriminatorOptimizer(Optimizer.adam(1e-3, 0.0, 0.9))
            .generatorOptimizer(Optimizer.adam(1e-4, 0.0, 0.9))
            .seed(5)
            .build();
    double[] norms = new double[15];
    for (int i = 0; i < norms.length; i++) {
      StepStats s = t.step();
      assertThat(s.metrics().get("gp_penalty")).isGreaterThanOrEqualTo(0.0);
      norms[i] = s.metrics().get("gp_grad_norm");
    }
    return new double[] {
      (norms[0] + norms[1] + norms[2]) / 3, (norms[12] + norms[13] + norms[14]) / 3
    };
  }

  @Test
  void wganGpGradientNormOnInterpolatesMovesTowardOne() {
    double[] fromAbove = gradNormTrend(0.3);
    assertThat(fromAbove[0]).isGreaterThan(1.5);
    assertThat(fromAbove[1] - 1).isLessThan(0.9 * (fromAbove[0] - 1));
    double[] fromBelow = gradNormTrend(0.05);
    assertThat(fromBelow[0]).isLessThan(0.5);
    assertThat(fromBelow[1]).isGreaterThan(1.5 * fromBelow[0]).isLessThan(1.0);
  }

  @Test
  void aPenaltyOnADiscriminatorWithAnUnsupportedBlockFailsAtBuildTimeNamingIt() {
    Layer cube =
        new Layer() {
          @Override
          public SDVariable forward(NetGraph g, SDVariable x) {
            return g.sd().math().cube(x);
          }

          @Override
          public long[] outputShape(long[] inputShape) {
            return inputShape.clone();
          }

          @Override
          public String kind() {
            return "cube";
          }
        };
    ImageShape image = TinyModels.IMAGE;
    Discriminator d =
        new SequentialDiscriminator(
            "custom",
            image,
            Sequential.of(
                Reshape.flatten(image.toArray()),
                new Dense(image.size(), 8),
                cube,
                Activation.tanh(),
                new Dense(8, 1)));
    for (String name : List.of("wgan-gp", "r1", "r2", "dragan")) {
      GanLoss loss = LossRegistry.create(name);
      assertThatThrownBy(() -> Gan.builder(TinyModels.generator(false), d, loss).build())
          .as(name)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Discriminator 'custom'")
          .hasMessageContaining("layer 2")
          .hasMessageContaining("'cube'");
    }
    // without a penalty the same discriminator is fine
    assertThat(Gan.builder(TinyModels.generator(false), d, LossRegistry.create("hinge")).build())
        .isNotNull();
  }

  @Test
  void featureMatchingNeedsADiscriminatorWithFeatures() {
    Discriminator opaque =
        new Discriminator() {
          @Override
          public ImageShape inputShape() {
            return TinyModels.IMAGE;
          }

          @Override
          public SDVariable discriminate(NetGraph g, SDVariable images) {
            return TinyModels.discriminator(false).discriminate(g, images);
          }
        };
    assertThatThrownBy(
            () ->
                Gan.builder(TinyModels.generator(false), opaque, new FeatureMatchingLoss()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exposes no intermediate features");
  }
}
