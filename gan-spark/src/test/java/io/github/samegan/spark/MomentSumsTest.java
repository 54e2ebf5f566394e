package io.github.samegan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.eval.metrics.FeatureStatistics;
import io.github.samegan.eval.metrics.StatisticsKey;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Mergeable sums and reproducible latents, without Spark. */
class MomentSumsTest {
  private static final StatisticsKey KEY = new StatisticsKey("d", "s", "net", "none");

  @Test
  void mergedPartialSumsGiveTheStatisticsOfAllRows() {
    INDArray x = new Rng(3).gaussian(DataType.DOUBLE, 50, 4).addi(1.5);
    MomentSums a = MomentSums.empty(4).add(x.get(NDArrayIndex.interval(0, 17), NDArrayIndex.all()));
    MomentSums b =
        MomentSums.empty(4).add(x.get(NDArrayIndex.interval(17, 50), NDArrayIndex.all()));

    FeatureStatistics merged = b.merge(a).toStatistics(KEY);
    FeatureStatistics direct = FeatureStatistics.of(KEY, x);

    assertThat(merged.count()).isEqualTo(50);
    assertThat(merged.mean()).containsExactly(direct.mean(), within(1e-12));
    for (int i = 0; i < 4; i++) {
      assertThat(merged.covariance()[i]).containsExactly(direct.covariance()[i], within(1e-12));
    }
  }

  @Test
  void sumsOfDifferentDimensionsRefuseToMerge() {
    assertThatThrownBy(() -> MomentSums.empty(3).merge(MomentSums.empty(4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension 4 into 3");
  }

  @Test
  void latentsOfARangeDoNotDependOnWhereTheRangeStarts() {
    INDArray all = DistributedEvaluation.latents(9, 0, 10, 6, DataType.FLOAT);
    INDArray part = DistributedEvaluation.latents(9, 5, 3, 6, DataType.FLOAT);

    assertThat(part).isEqualTo(all.get(NDArrayIndex.interval(5, 8), NDArrayIndex.all()));
    assertThat(all.getRow(0)).isNotEqualTo(all.getRow(1));
  }

  @Test
  void rangesCoverEveryImageOnceWithNearlyEqualSizes() {
    var r = DistributedEvaluation.ranges(10, 3);
    assertThat(r).hasSize(3);
    assertThat(r.get(0)).containsExactly(0, 3);
    assertThat(r.get(1)).containsExactly(3, 6);
    assertThat(r.get(2)).containsExactly(6, 10);
  }
}
