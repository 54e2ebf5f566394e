package io.github.samegan.bench;

import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.data.augment.AugmentPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batches per second of the CIFAR data path: {@link BatchIterator} over an in-memory data set in
 * the CIFAR layout (50,000 random 3x32x32 uint8 images, 10 classes), shuffled, converted to [-1, 1]
 * floats and handed out as a fresh {@code [64, 3, 32, 32]} INDArray, with or without augmentation
 * and with or without background prefetching.
 *
 * <ul>
 *   <li>{@code augment}: {@code none}; {@code default} ({@value AugmentPipeline#DEFAULT_SPEC});
 *       {@code heavy} ({@code hflip,crop:4,jitter:0.2,blur:0.1-2.0@0.5,jpeg:30-100@0.5}).
 *   <li>{@code threads}: 0 assembles each batch on the calling thread; N &gt; 0 prefetches on N
 *       worker threads with a queue of 2N batches.
 * </ul>
 *
 * <p>How to run: {@code benchmarks/run.sh DataPipelineBenchmark} (or e.g. {@code benchmarks/run.sh
 * DataPipelineBenchmark -p augment=default -p threads=2 -wi 2 -i 3}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.maxbytes=2G"})
public class DataPipelineBenchmark {

  /** Augmentation: none, default or heavy. */
  @Param({"none", "default", "heavy"})
  public String augment;

  /** Prefetch worker threads; 0 for none. */
  @Param({"0", "2"})
  public int threads;

  /** Batch size. */
  @Param({"64"})
  public int batch;

  private BatchIterator iterator;

  /** Builds the 50,000-image data set and the iterator once per trial. */
  @Setup(Level.Trial)
  public void setup() {
    ImageInfo info = ImageInfo.rgb(32);
    int n = 50_000;
    byte[] pixels = new byte[n * info.pixels()];
    int[] labels = new int[n];
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) r.nextInt(256);
    }
    List<String> names = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      names.add("class" + c);
    }
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
    }
    InMemoryImageDataset data =
        InMemoryImageDataset.labelled("cifar-like", info, pixels, labels, names);
    String spec =
        switch (augment) {
          case "none" -> null;
          case "default" -> AugmentPipeline.DEFAULT_SPEC;
          case "heavy" -> "hflip,crop:4,jitter:0.2,blur:0.1-2.0@0.5,jpeg:30-100@0.5";
          default ->
              throw new IllegalArgumentException(
                  "augment must be none, default or heavy, found " + augment);
        };
    BatchIterator.Builder b = BatchIterator.builder(data, batch).seed(1);
    if (spec != null) {
      b.augment(AugmentPipeline.parse(spec).withSeed(1));
    }
    if (threads > 0) {
      b.prefetch(threads, 2 * threads);
    }
    iterator = b.build();
  }

  /** Stops the prefetching workers. */
  @TearDown(Level.Trial)
  public void tearDown() {
    iterator.close();
  }

  /** One batch. */
  @Benchmark
  public INDArray nextBatch() {
    return iterator.next();
  }
}
