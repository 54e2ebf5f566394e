package io.github.samegan.eval.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.train.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ClassifierTrainingTest {

  private static ClassifierTrainer trainer(Classifier c, long dataSeed) {
    return ClassifierTrainer.builder(c, new Synthetic(dataSeed, 16))
        .optimizer(ClassifierTrainer.adamWithLinearDecay(2e-2, 20))
        .gcEvery(0)
        .build();
  }

  @Test
  void learnsASeparableTaskAndUpdatesTheInferenceGraphAndRunningStatistics() {
    Classifier c = Classifier.create(Synthetic.network(), 3);
    Synthetic heldOut = new Synthetic(999, 50);
    List<Batch> test = List.of(heldOut.next(), heldOut.next());
    double before = c.evaluate(test.iterator()).accuracy();
    INDArray runVarBefore = c.parameters().array("C/body/1bn/running_var").dup();
    List<ClassifierTrainer.ClassifierStep> steps = new ArrayList<>();
    trainer(c, 1).fit(20, steps::add);
    assertThat(steps).hasSize(20);
    assertThat(steps.get(19).step()).isEqualTo(20);
    double firstLoss =
        steps.subList(0, 5).stream()
            .mapToDouble(ClassifierTrainer.ClassifierStep::loss)
            .average()
            .orElseThrow();
    double lastLoss =
        steps.subList(15, 20).stream()
            .mapToDouble(ClassifierTrainer.ClassifierStep::loss)
            .average()
            .orElseThrow();
    assertThat(lastLoss).isLessThan(firstLoss / 2);
    Classifier.Evaluation after = c.evaluate(test.iterator());
    assertThat(after.count()).isEqualTo(100);
    assertThat(after.accuracy())
        .as("held-out accuracy (before training %s)", before)
        .isGreaterThan(0.95);
    assertThat(before).isLessThan(0.7);
    assertThat(c.parameters().array("C/body/1bn/running_var")).isNotEqualTo(runVarBefore);
    Classifier.Prediction p = c.predict(test.get(0).images());
    for (double s : p.probabilities().sum(1).toDoubleVector()) {
      assertThat(s).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
    }
    assertThat(p.features().shape()).containsExactly(50, 8);
    assertThat(p.logits().shape()).containsExactly(50, 3);
  }

  @Test
  void aResumedRunEndsWithTheWeightsOfAnUninterruptedOne(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    Classifier straight = Classifier.create(Synthetic.network(), 3);
    trainer(straight, 5).fit(6, s -> {});

    Classifier first = Classifier.create(Synthetic.network(), 3);
    ClassifierTrainer firstHalf = trainer(first, 5);
    firstHalf.fit(3, s -> {});
    java.nio.file.Path ckpt = dir.resolve("classifier.ckpt");
    firstHalf.saveCheckpoint(ckpt, java.util.Map.of("note", "half way"));

    Classifier resumed = Classifier.create(Synthetic.network(), 3);
    ClassifierTrainer secondHalf = trainer(resumed, 5);
    assertThat(secondHalf.restore(ckpt).metadata()).containsEntry("note", "half way");
    assertThat(secondHalf.currentStep()).isEqualTo(3);
    secondHalf.fit(6, s -> {});
    for (ParameterStore.Entry e : straight.parameters().entries()) {
      assertThat(resumed.parameters().array(e.name())).as(e.name()).isEqualTo(e.array());
    }
  }

  @Test
  void linearDecayScheduleFallsToZero() {
    var adam = ClassifierTrainer.adamWithLinearDecay(2e-3, 400).updater();
    assertThat(adam.getLearningRate(0, 0)).isEqualTo(2e-3);
    assertThat(adam.getLearningRate(200, 0))
        .isCloseTo(1e-3, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(adam.getLearningRate(399, 0))
        .isCloseTo(5e-6, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(adam.getLearningRate(1000, 0))
        .isCloseTo(5e-6, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void sameSeedsGiveBitIdenticalWeights() {
    Classifier a = Classifier.create(Synthetic.network(), 8);
    Classifier b = Classifier.create(Synthetic.network(), 8);
    trainer(a, 4).fit(2, s -> {});
    trainer(b, 4).fit(2, s -> {});
    for (ParameterStore.Entry e : a.parameters().entries()) {
      assertThat(b.parameters().array(e.name())).as(e.name()).isEqualTo(e.array());
    }
    Classifier other = Classifier.create(Synthetic.network(), 9);
    assertThat(other.parameters().array("C/head/W")).isNotEqualTo(a.parameters().array("C/head/W"));
  }

  @Test
  void badBatchesAndLabelsAreRejectedWithClearMessages() {
    Classifier c = Classifier.create(Synthetic.network(), 3);
    INDArray wrong = Nd4j.zeros(DataType.FLOAT, 2, 1, 28, 28);
    assertThatThrownBy(() -> c.predict(wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[B, 1, 12, 12]")
        .hasMessageContaining("[2, 1, 28, 28]");
    ClassifierTrainer t =
        ClassifierTrainer.builder(
                c, () -> new Batch(Nd4j.zeros(DataType.FLOAT, 2, 1, 12, 12), new int[] {0, 7}))
            .build();
    assertThatThrownBy(t::step)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Label 7");
    assertThatThrownBy(() -> c.evaluate(Stream.<Batch>empty().iterator()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ResNetClassifier(
                    io.github.samegan.core.ImageShape.gray(30),
                    10,
                    ResNetClassifier.DEFAULT_WIDTHS,
                    1))
        .hasMessageContaining("divisible by 4");
    assertThatThrownBy(() -> ClassifierNetworks.fromSpec("vgg", Synthetic.SHAPE, 3))
        .hasMessageContaining("resnet");
    assertThat(ClassifierNetworks.fromSpec("resnet:widths=4,6,8;blocks=1", Synthetic.SHAPE, 3))
        .isEqualTo(Synthetic.network());
    assertThat(ResNetClassifier.standard(io.github.samegan.core.ImageShape.rgb(32), 10).spec())
        .isEqualTo("resnet:widths=32,64,128;blocks=1");
  }
}
