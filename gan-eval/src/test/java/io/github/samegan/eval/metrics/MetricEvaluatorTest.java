package io.github.samegan.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** FeatureCollector → MetricEvaluator → MetricReport, with a fake extractor on tiny images. */
class MetricEvaluatorTest {
  private static final int D = 6;

  @TempDir Path dir;

  /** Features: the first D pixels (times 2, plus 1); probabilities: softmax of the first 4. */
  static class PixelExtractor implements FeatureExtractor {
    private final String description;

    PixelExtractor(String description) {
      this.description = description;
    }

    @Override
    public int dimension() {
      return D;
    }

    @Override
    public String description() {
      return description;
    }

    @Override
    public String preprocessing() {
      return "none (1x4x4)";
    }

    @Override
    public INDArray features(INDArray images) {
      INDArray flat = images.reshape(images.size(0), -1);
      return flat.get(
              org.nd4j.linalg.indexing.NDArrayIndex.all(),
              org.nd4j.linalg.indexing.NDArrayIndex.interval(0, D))
          .mul(2)
          .add(1);
    }

    @Override
    public boolean providesProbabilities() {
      return true;
    }

    @Override
    public INDArray probabilities(INDArray images) {
      INDArray f =
          features(images)
              .get(
                  org.nd4j.linalg.indexing.NDArrayIndex.all(),
                  org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4));
      return Transforms.softmax(f.castTo(DataType.DOUBLE), true);
    }
  }

  /** Batches of images [b, 1, 4, 4] in [-1, 1], counting how many were requested. */
  static final class Batches implements Iterator<INDArray> {
    final List<INDArray> handedOut = new ArrayList<>();
    private final Random random;
    private final int batch;
    private final double shift;
    private int left;

    Batches(long seed, int batch, int batches, double shift) {
      this.random = new Random(seed);
      this.batch = batch;
      this.left = batches;
      this.shift = shift;
    }

    @Override
    public boolean hasNext() {
      return left > 0;
    }

    @Override
    public INDArray next() {
      left--;
      float[] v = new float[batch * 16];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) Math.tanh(random.nextGaussian() * 0.5 + shift);
      }
      INDArray b = Nd4j.create(v, new long[] {batch, 1, 4, 4}, 'c');
      handedOut.add(b);
      return b;
    }
  }

  private static double[][] expectedFeatures(List<INDArray> batches, int n) {
    INDArray all = Nd4j.concat(0, batches.toArray(new INDArray[0]));
    double[][] f = new PixelExtractor("x").features(all).castTo(DataType.DOUBLE).toDoubleMatrix();
    return java.util.Arrays.copyOf(f, n);
  }

  @Test
  void collectorStreamsBatchesCutsTheLastOneAndStopsAsking() {
    Batches batches = new Batches(1, 30, 10, 0.0);
    CollectedFeatures c =
        FeatureCollector.builder(new PixelExtractor("pix"), "toy", "test", 100)
            .build()
            .collect(batches);
    assertThat(batches.handedOut).hasSize(4); // 30 + 30 + 30 + 10 of the fourth
    double[][] expected = expectedFeatures(batches.handedOut, 100);
    assertThat(c.features()).hasNumberOfRows(100);
    for (int i = 0; i < 100; i++) {
      assertThat(c.features()[i]).containsExactly(expected[i], within(0.0));
    }
    FeatureStatistics oneShot = FeatureStatistics.of(c.statistics().key(), expected);
    assertThat(c.statistics().count()).isEqualTo(100);
    for (int i = 0; i < D; i++) {
      assertThat(c.statistics().mean()[i]).isCloseTo(oneShot.mean()[i], within(1e-10));
      for (int j = 0; j < D; j++) {
        assertThat(c.statistics().covariance()[i][j])
            .isCloseTo(oneShot.covariance()[i][j], within(1e-10));
      }
    }
    assertThat(c.probabilities()).hasNumberOfRows(100);
    assertThat(c.statistics().key())
        .isEqualTo(new StatisticsKey("toy", "test", "pix", "none (1x4x4)"));
  }

  @Test
  void collectorKeepsOnlyTheRequestedFeatureRowsButAllStatistics() {
    CollectedFeatures c =
        FeatureCollector.builder(new PixelExtractor("pix"), "toy", "test", 100)
            .keepFeatures(40)
            .keepProbabilities(false)
            .build()
            .collect(new Batches(2, 32, 10, 0.0));
    assertThat(c.features()).hasNumberOfRows(40);
    assertThat(c.hasProbabilities()).isFalse();
    assertThat(c.count()).isEqualTo(100);
  }

  @Test
  void collectorReportsShortSourcesAndBadExtractors() {
    FeatureCollector collector =
        FeatureCollector.builder(new PixelExtractor("pix"), "toy", "test", 100).build();
    assertThatThrownBy(() -> collector.collect(new Batches(3, 30, 2, 0.0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after 60 of 100 images");
    FeatureExtractor wrong =
        new PixelExtractor("wrong") {
          @Override
          public int dimension() {
            return 5;
          }
        };
    assertThatThrownBy(
            () ->
                FeatureCollector.builder(wrong, "toy", "test", 10)
                    .build()
                    .collect(new Batches(4, 10, 1, 0.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("returned shape [10, 6]")
        .hasMessageContaining("expected [10, 5]");
  }

  private static CollectedFeatures collect(String dataset, String split, long seed, double shift) {
    return FeatureCollector.builder(new PixelExtractor("pix \"v1\""), dataset, split, 120)
        .build()
        .collect(new Batches(seed, 50, 10, shift));
  }

  @Test
  void evaluatorComputesEveryMetricAsTheStandaloneClassesDo() {
    CollectedFeatures real = collect("toy", "test", 5, 0.0);
    CollectedFeatures fake = collect("generated", "step-10", 6, 0.3);
    MetricOptions options =
        MetricOptions.builder().kid(4, 50).classifierScoreSplits(4).nearestK(3).seed(9).build();
    MetricReport r = MetricEvaluator.evaluate(real, fake, options);

    assertThat(r.frechetDistance())
        .isEqualTo(FrechetDistance.compute(real.statistics(), fake.statistics()));
    assertThat(r.kid())
        .isEqualTo(new KernelInceptionDistance(4, 50, 9).compute(real.features(), fake.features()));
    assertThat(r.classifierScore())
        .isEqualTo(ClassifierScore.withSplits(4).compute(fake.probabilities()));
    assertThat(r.precisionRecall())
        .isEqualTo(PrecisionRecall.compute(real.features(), fake.features(), 3));
    assertThat(r.densityCoverage())
        .isEqualTo(DensityCoverage.compute(real.features(), fake.features(), 3));
    assertThat(r.notes()).isEmpty();
    assertThat(r.protocol())
        .isEqualTo(
            new EvaluationProtocol(
                "toy",
                "test",
                "generated/step-10",
                120,
                120,
                120,
                120,
                "pix \"v1\"",
                "none (1x4x4)",
                D,
                9));
  }

  @Test
  void evaluatorSkipsWhatItCannotComputeAndSaysWhy() {
    CollectedFeatures fake = collect("generated", "step-10", 7, 0.3);
    CollectedFeatures realStatsOnly =
        CollectedFeatures.ofStatistics(collect("toy", "test", 8, 0.0).statistics());
    MetricReport r = MetricEvaluator.evaluate(realStatsOnly, fake, MetricOptions.defaults());
    assertThat(r.frechetDistance()).isNotNull();
    assertThat(r.kid()).isNull();
    assertThat(r.precisionRecall()).isNull();
    assertThat(r.densityCoverage()).isNull();
    assertThat(r.classifierScore()).isNotNull(); // needs only the generated probabilities
    assertThat(r.notes())
        .anyMatch(n -> n.startsWith("KID skipped"))
        .anyMatch(n -> n.startsWith("precision/recall and density/coverage skipped"));

    MetricReport lowered =
        MetricEvaluator.evaluate(
            collect("toy", "test", 8, 0.0),
            fake,
            MetricOptions.builder().metrics(Metric.KERNEL_INCEPTION_DISTANCE).kid(3, 1000).build());
    assertThat(lowered.kid().subsetSize()).isEqualTo(120);
    assertThat(lowered.frechetDistance()).isNull();
    assertThat(lowered.notes())
        .containsExactly("KID subset size lowered from 1000 to 120 (feature rows available)");
  }

  @Test
  void evaluatorRefusesDifferentFeatureSpaces() {
    CollectedFeatures a = collect("toy", "test", 9, 0.0);
    CollectedFeatures b =
        FeatureCollector.builder(new PixelExtractor("other"), "g", "s", 20)
            .build()
            .collect(new Batches(10, 20, 1, 0.0));
    assertThatThrownBy(() -> MetricEvaluator.evaluate(a, b, MetricOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different feature spaces");
  }

  @Test
  void jsonCarriesEveryNumberAndTheProtocolAndParses() throws Exception {
    CollectedFeatures real = collect("toy", "test", 11, 0.0);
    CollectedFeatures fake = collect("generated", "step-10", 12, 0.3);
    MetricReport r =
        MetricEvaluator.evaluate(
            real, fake, MetricOptions.builder().kid(2, 60).classifierScoreSplits(3).build());
    Path file = dir.resolve("out/report.json");
    r.writeJson(file);
    JsonNode j = new ObjectMapper().readTree(Files.readString(file));
    assertThat(j.get("protocol").get("feature_network").asText()).isEqualTo("pix \"v1\"");
    assertThat(j.get("protocol").get("n_real").asLong()).isEqualTo(120);
    assertThat(j.get("protocol").get("reference_split").asText()).isEqualTo("test");
    assertThat(j.get("protocol").get("preprocessing").asText()).isEqualTo("none (1x4x4)");
    assertThat(j.get("fd").asDouble()).isEqualTo(r.frechetDistance());
    assertThat(j.get("kid").get("mean").asDouble()).isEqualTo(r.kid().mean());
    assertThat(j.get("kid").get("subset_size").asInt()).isEqualTo(60);
    assertThat(j.get("classifier_score").get("std").asDouble())
        .isEqualTo(r.classifierScore().std());
    assertThat(j.get("precision_recall").get("recall").asDouble())
        .isEqualTo(r.precisionRecall().recall());
    assertThat(j.get("density_coverage").get("coverage").asDouble())
        .isEqualTo(r.densityCoverage().coverage());
    assertThat(j.get("notes").isArray()).isTrue();

    MetricReport fdOnly =
        new MetricReport(r.protocol(), Double.NaN, null, null, null, null, List.of("tab\there"));
    JsonNode k = new ObjectMapper().readTree(fdOnly.toJson());
    assertThat(k.get("fd").isNull()).isTrue();
    assertThat(k.get("kid").isNull()).isTrue();
    assertThat(k.get("notes").get(0).asText()).isEqualTo("tab\there");
  }

  @Test
  void tableShowsTheProtocolAndOneRowPerComputedMetric() {
    CollectedFeatures real = collect("toy", "test", 13, 0.0);
    CollectedFeatures fake = collect("generated", "step-10", 14, 0.3);
    MetricReport r =
        MetricEvaluator.evaluate(
            real,
            fake,
            MetricOptions.builder()
                .metrics(Metric.FRECHET_DISTANCE, Metric.PRECISION_RECALL)
                .build());
    String table = r.toTable();
    assertThat(table)
        .contains("toy/test vs generated/step-10")
        .contains("D=6", "none (1x4x4)", "real 120", "seed 0")
        .contains("FD", "precision", "recall", "k=3")
        .doesNotContain("KID", "coverage");
    String fdLine = table.lines().filter(l -> l.startsWith("FD ")).findFirst().orElseThrow();
    assertThat(fdLine).contains(String.format(java.util.Locale.ROOT, "%.6f", r.frechetDistance()));
  }
}
