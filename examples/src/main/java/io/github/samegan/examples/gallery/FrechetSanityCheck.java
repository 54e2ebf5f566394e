package io.github.samegan.examples.gallery;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.eval.metrics.CollectedFeatures;
import io.github.samegan.eval.metrics.FeatureCollector;
import io.github.samegan.eval.metrics.FeatureExtractor;
import io.github.samegan.eval.metrics.FrechetDistance;
import io.github.samegan.examples.runs.DataSets;
import io.github.samegan.examples.runs.DataSplits;
import io.github.samegan.examples.runs.FeatureNetworks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Does a feature network's Fréchet distance order real data sensibly? Against N training images it
 * scores N test images (the same distribution: FD should be small), N other training images blurred
 * with a 3×3 box filter (in between) and N images of uniform noise (large). The figures for
 * Fashion-MNIST and the ResNet-8 classifier are in docs/metrics.md.
 *
 * <p>Run: {@code java -cp ... io.github.samegan.examples.gallery.FrechetSanityCheck fashion-mnist
 * classifier:fmnist.zip [n] [dataDir]}.
 */
public final class FrechetSanityCheck {
  private FrechetSanityCheck() {}

  /**
   * The three distances.
   *
   * @param test FD(train, test)
   * @param blurred FD(train, blurred train)
   * @param noise FD(train, uniform noise)
   * @param seconds wall time of the feature extraction and scoring
   */
  public record Result(double test, double blurred, double noise, double seconds) {}

  /** Runs the check and prints one line per distance. */
  public static Result runExample(
      String dataset, FeatureExtractor fx, int n, Path dataDir, PrintWriter out) {
    ImageDataset train = DataSplits.load(dataset, "train", dataDir);
    ImageDataset test = DataSplits.load(dataset, "test", dataDir);
    int count = Math.min(n, Math.min(test.size(), train.size() / 2));
    ImageShape shape = DataSets.shapeOf(train);
    long t0 = System.nanoTime();
    CollectedFeatures reference =
        collect(fx, dataset, "train", count, images(train, 1, UnaryOperator.identity()));
    double fdTest =
        fd(
            reference,
            collect(fx, dataset, "test", count, images(test, 2, UnaryOperator.identity())));
    double fdBlur =
        fd(
            reference,
            collect(fx, dataset, "blurred", count, images(train, 3, FrechetSanityCheck::boxBlur)));
    Rng noise = new Rng(4);
    double fdNoise =
        fd(
            reference,
            collect(
                fx,
                "noise",
                "uniform",
                count,
                Stream.generate(() -> noise.uniform(DataType.FLOAT, -1, 1, shape.batchShape(250)))
                    .iterator()));
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "%s, N=%d, features %s%n", dataset, count, fx.description());
    out.printf(Locale.ROOT, "FD(train, test)            %12.4f%n", fdTest);
    out.printf(Locale.ROOT, "FD(train, blurred train)   %12.4f%n", fdBlur);
    out.printf(Locale.ROOT, "FD(train, uniform noise)   %12.4f%n", fdNoise);
    out.printf(Locale.ROOT, "(%d feature extractions in %.1f s)%n", 4 * count, seconds);
    out.flush();
    return new Result(fdTest, fdBlur, fdNoise, seconds);
  }

  /** Usage: {@code DATASET classifier:FILE|inception:FILE [n] [dataDir]}. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: FrechetSanityCheck DATASET classifier:FILE|inception:FILE [n] [dataDir]");
      System.exit(2);
    }
    String dataset = args[0];
    Path dataDir = args.length > 3 ? Path.of(args[3]) : null;
    ImageShape shape = DataSets.shapeOf(DataSplits.load(dataset, "test", dataDir));
    FeatureExtractor fx = FeatureNetworks.load(args[1], shape);
    runExample(
        dataset,
        fx,
        args.length > 2 ? Integer.parseInt(args[2]) : 10_000,
        dataDir,
        new PrintWriter(System.out, true));
  }

  /** Each split's own seeded order, so the sets are different images. */
  private static Iterator<INDArray> images(
      ImageDataset data, long seed, UnaryOperator<INDArray> f) {
    BatchIterator it =
        BatchIterator.builder(data, Math.min(250, data.size())).seed(seed).dropLast(false).build();
    return Stream.generate(() -> f.apply(it.next())).iterator();
  }

  private static CollectedFeatures collect(
      FeatureExtractor fx, String dataset, String split, int n, Iterator<INDArray> batches) {
    return FeatureCollector.builder(fx, dataset, split, n)
        .keepFeatures(0)
        .keepProbabilities(false)
        .build()
        .collect(batches);
  }

  private static double fd(CollectedFeatures a, CollectedFeatures b) {
    return FrechetDistance.compute(a.statistics(), b.statistics());
  }

  /** 3×3 box blur with clamped edges, per image and channel. */
  static INDArray boxBlur(INDArray images) {
    long[] s = images.shape();
    float[] in = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] out = new float[in.length];
    int h = (int) s[2];
    int w = (int) s[3];
    for (int plane = 0; plane < s[0] * s[1]; plane++) {
      int base = plane * h * w;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float sum = 0;
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              sum +=
                  in[
                      base
                          + Math.min(h - 1, Math.max(0, y + dy)) * w
                          + Math.min(w - 1, Math.max(0, x + dx))];
            }
          }
          out[base + y * w + x] = sum / 9;
        }
      }
    }
    return Nd4j.create(out, s, 'c');
  }
}
