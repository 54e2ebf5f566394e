package io.github.samegan.examples.serve;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Gan;
import io.github.samegan.examples.runs.Conditioning;
import io.github.samegan.examples.runs.RunConfig;
import io.github.samegan.examples.runs.SampleStream;
import io.github.samegan.examples.study.FakeImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A generator loaded from a {@code samegan train} checkpoint, as the server uses it: sampling by
 * seed, and a description for {@code /api/model}. Thread-safe ({@link Gan#sample} is synchronized).
 */
public final class ServedModel implements FakeImages {
  private final Gan gan;
  private final Path file;
  private final long step;
  private final Map<String, String> metadata;
  private final ImageShape shape;
  private final Map<String, String> metrics;
  private final Conditioning conditioning;

  /**
   * Wraps an already built GAN (tests, or programs that build their own).
   *
   * @param gan the GAN
   * @param file where it came from (for descriptions; may be a placeholder)
   * @param step its training step
   * @param metadata what describes it (model, loss, dataset, ...)
   * @param metrics the last logged training metrics (may be empty)
   */
  public ServedModel(
      Gan gan, Path file, long step, Map<String, String> metadata, Map<String, String> metrics) {
    this.gan = Objects.requireNonNull(gan, "gan");
    this.file = Objects.requireNonNull(file, "file");
    this.step = step;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    this.shape = gan.generator().outputShape();
    this.conditioning = Conditioning.of(this.metadata, gan.numClasses());
  }

  /**
   * Loads a checkpoint written by {@code samegan train}: a {@code .ckpt} file or a run folder (its
   * {@code checkpoints/last.ckpt}). The last row of the run's {@code metrics.csv}, when there is
   * one, becomes {@link #metrics()}.
   *
   * @throws io.github.samegan.core.CheckpointException if it is missing, not a checkpoint, or lacks
   *     the metadata needed to rebuild the model
   */
  public static ServedModel load(Path checkpoint) throws IOException {
    RunConfig.LoadedRun run = RunConfig.load(checkpoint);
    return new ServedModel(
        run.gan(),
        run.file(),
        run.checkpoint().step(),
        run.checkpoint().metadata(),
        lastMetrics(run.file()));
  }

  private static Map<String, String> lastMetrics(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    Path csv =
        parent == null || parent.getParent() == null
            ? null
            : parent.getParent().resolve("metrics.csv");
    Map<String, String> out = new LinkedHashMap<>();
    if (csv == null || !Files.isRegularFile(csv)) {
      return out;
    }
    try {
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      if (lines.size() < 2) {
        return out;
      }
      String[] head = lines.get(0).split(",");
      String[] last = lines.get(lines.size() - 1).split(",");
      for (int i = 0; i < Math.min(head.length, last.length); i++) {
        out.put(head[i].trim(), last[i].trim());
      }
    } catch (IOException e) {
      // Metrics are informational: a missing or unreadable log leaves them empty.
    }
    return out;
  }

  @Override
  public INDArray sample(int n, long seed) {
    return gan.sample(n, new Rng(seed));
  }

  @Override
  public ImageShape shape() {
    return shape;
  }

  /**
   * Whether the generator takes a class label (a class-conditional model, e.g. cdcgan; not an
   * InfoGAN, whose condition is a latent code: {@link #conditioning()}).
   */
  public boolean conditional() {
    return conditioning.kind() == Conditioning.Kind.CLASS;
  }

  /** What the generator is conditioned on: classes, InfoGAN's codes or nothing. */
  public Conditioning conditioning() {
    return conditioning;
  }

  /**
   * The classes a class-conditional model generates, as the indices it was trained with ("0", "1",
   * ...); empty for any other.
   */
  public List<String> classNames() {
    return conditional() ? labelNames() : List.of();
  }

  /** The values of an InfoGAN's categorical code ("0", "1", ...); empty for any other model. */
  public List<String> codeNames() {
    return conditioning.codes() ? labelNames() : List.of();
  }

  private List<String> labelNames() {
    return java.util.stream.IntStream.range(0, gan.numClasses())
        .mapToObj(Integer::toString)
        .toList();
  }

  /**
   * Generates {@code n} images of class (or code value) {@code k} deterministically from {@code
   * seed}.
   */
  public INDArray sampleClass(int n, int k, long seed) {
    return gan.sampleClass(n, k, new Rng(seed));
  }

  /**
   * Generates {@code n} images deterministically from {@code seed}: of class or code value {@code
   * k} ({@code -1}: the default, {@code i mod K}), with InfoGAN's continuous codes, the first
   * entries of z, set to {@code continuous} ({@code null}: drawn with the rest of z).
   */
  public INDArray sample(int n, int k, double[] continuous, long seed) {
    INDArray z = new Rng(seed).gaussian(gan.dataType(), n, gan.generator().latentDim());
    SampleStream.fixFirstLatents(z, continuous);
    int[] labels = null;
    if (k >= 0) {
      labels = new int[n];
      java.util.Arrays.fill(labels, k);
    }
    return gan.sample(z, labels);
  }

  /** The GAN. */
  public Gan gan() {
    return gan;
  }

  /** The checkpoint file. */
  public Path file() {
    return file;
  }

  /** The training step of the checkpoint. */
  public long step() {
    return step;
  }

  /** The checkpoint's metadata (model, loss, dataset, shape, ...). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The last row of the run's metrics log, column name to value (empty if none). */
  public Map<String, String> metrics() {
    return metrics;
  }

  /** The model name from the metadata, or "custom". */
  public String modelName() {
    return metadata.getOrDefault("model", "custom");
  }

  /** The name of the data set the model was trained on, or null if unknown. */
  public String datasetName() {
    String d = metadata.get("dataset");
    return d == null || d.equals("unknown") ? null : d;
  }
}
