package com.example.library;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.io.ImageGrid;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Callbacks;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.core.train.TrainingCallback;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.synthetic.ShapesDataset;
import io.github.samegan.detect.DetectionEvaluator;
import io.github.samegan.detect.DetectionReport;
import io.github.samegan.detect.DetectorTrainer;
import io.github.samegan.detect.ImageSets;
import io.github.samegan.eval.metrics.CollectedFeatures;
import io.github.samegan.eval.metrics.FeatureCollector;
import io.github.samegan.eval.metrics.FeatureExtractor;
import io.github.samegan.eval.metrics.MetricEvaluator;
import io.github.samegan.eval.metrics.MetricOptions;
import io.github.samegan.eval.metrics.MetricReport;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.Dcgan;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The snippets of docs/library.md, as a user would write them against SameGAN's library modules
 * (nothing from the application): each region between {@code // library.md:begin NAME} and {@code
 * // library.md:end NAME} is shown verbatim on that page (LibraryGuideTest checks it, and runs
 * every method here with small sizes).
 */
public final class LibraryGuide {
  private LibraryGuide() {}

  /** Build a GAN from the model and loss catalogues. */
  public static Gan buildAGan() {
    // library.md:begin build
    ImageShape shape = ImageShape.rgb(32);
    Dcgan dcgan = Dcgan.reference(shape); // or MlpGan, ResNetSnGan (docs/models.md)
    GanLoss loss = LossRegistry.create("hinge"); // any --loss name (docs/losses.md)
    Gan gan = Gan.builder(dcgan.generator(), dcgan.discriminator(), loss).seed(1).build();
    // library.md:end build
    return gan;
  }

  // library.md:begin loss
  /** The least-squares GAN loss (Mao et al. 2017), targets 0 for fake and 1 for real. */
  public record MyLeastSquares() implements GanLoss {
    @Override
    public String name() {
      return "my-lsgan";
    }

    @Override
    public SDVariable discriminatorLoss(LossContext ctx) {
      SDVariable real = ctx.realLogits().sub(1.0); // D(x) - 1
      SDVariable fake = ctx.fakeLogits(); // D(G(z)) - 0
      return real.mul(real).mean().add(fake.mul(fake).mean()).mul(0.5);
    }

    @Override
    public SDVariable generatorLoss(LossContext ctx) {
      SDVariable fake = ctx.fakeLogits().sub(1.0);
      return fake.mul(fake).mean().mul(0.5);
    }

    @Override
    public SDVariable reportedScore(SameDiff sd, SDVariable logits) {
      return logits; // log raw scores, not sigmoid probabilities
    }
  }

  // library.md:end loss

  // library.md:begin network
  /** A generator written by hand: z -> dense 256 -> ReLU -> dense -> tanh -> image. */
  public record MlpGenerator(long latentDim, ImageShape outputShape) implements Generator {
    @Override
    public SDVariable generate(NetGraph g, SDVariable z) {
      long pixels = outputShape.size();
      SDVariable h = new Dense(latentDim, 256).forward(g.scope("fc1"), z); // weights "fc1/..."
      h = Activation.relu().forward(g, h);
      h = new Dense(256, pixels).forward(g.scope("fc2"), h);
      h = Activation.tanh().forward(g, h); // images in [-1, 1], like the data
      return Reshape.toImage(outputShape.channels(), outputShape.height(), outputShape.width())
          .forward(g, h);
    }
  }

  // library.md:end network

  // library.md:begin dataset
  /** Horizontal gradients in random colours, computed on the fly: any indexable images will do. */
  public record Gradients(int size) implements ImageDataset {
    @Override
    public ImageInfo info() {
      return ImageInfo.rgb(32);
    }

    @Override
    public void copyImage(int index, float[] dest, int offset) {
      java.util.Random r = new java.util.Random(index); // the same image for the same index
      for (int c = 0; c < 3; c++) {
        float colour = r.nextFloat();
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            dest[offset + (c * 32 + y) * 32 + x] = colour * x / 31f * 2 - 1; // CHW, in [-1, 1]
          }
        }
      }
    }

    @Override
    public int numClasses() {
      return 0; // unlabelled
    }

    @Override
    public List<String> classNames() {
      return List.of();
    }

    @Override
    public int label(int index) {
      return -1; // unlabelled
    }

    @Override
    public String name() {
      return "gradients";
    }
  }

  // library.md:end dataset

  /** Train with callbacks: the run folder gets samples, metrics.csv and checkpoints. */
  public static GanTrainer trainWithCallbacks(Gan gan, ImageDataset data, Path runDir, long steps) {
    // library.md:begin train
    BatchIterator it = BatchIterator.builder(data, 64).seed(1).build(); // shuffled, resumable
    long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
    TrainingCallback timeBudget = // a callback of your own: onStart, onStep, onEnd
        new TrainingCallback() {
          @Override
          public void onStep(GanTrainer t, StepStats s) {
            if (System.nanoTime() > deadline) {
              t.requestStop(); // stops after this step; the checkpoint callback still saves
            }
          }
        };
    GanTrainer trainer =
        GanTrainer.builder(gan, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
            .generatorOptimizer(Optimizer.adam(2e-4, 0.5, 0.999))
            .discriminatorOptimizer(Optimizer.adam(2e-4, 0.5, 0.999))
            .callback(Callbacks.progress(System.out, 100)) // a line every 100 steps
            .callback(Callbacks.csvLog(runDir.resolve("metrics.csv")))
            .callback(Callbacks.sampleGrid(runDir.resolve("samples"), 500, 64, 7))
            .callback(Callbacks.checkpoints(runDir.resolve("checkpoints"), 500, 0))
            .callback(timeBudget)
            .build();
    trainer.fit(steps); // runDir/checkpoints/last.ckpt is written at the end too
    // library.md:end train
    return trainer;
  }

  /** Checkpoint by hand and resume: a fresh trainer over the same architecture and data. */
  public static GanTrainer checkpointAndResume(
      GanTrainer trainer, Gan sameArchitecture, ImageDataset data, Path dir, long moreSteps)
      throws IOException {
    // library.md:begin checkpoint
    trainer.saveCheckpoint(dir.resolve("by-hand.ckpt")); // weights, optimizer, step, RNG, data

    // Later, in another JVM: the same architecture and data, then restore and go on.
    BatchIterator it = BatchIterator.builder(data, 64).seed(1).build();
    GanTrainer resumed =
        GanTrainer.builder(
                sameArchitecture, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
            .generatorOptimizer(Optimizer.adam(2e-4, 0.5, 0.999))
            .discriminatorOptimizer(Optimizer.adam(2e-4, 0.5, 0.999))
            .build();
    resumed.restore(dir.resolve("by-hand.ckpt")); // or a run folder: its checkpoints/last.ckpt
    resumed.fit(resumed.currentStep() + moreSteps); // continues bit-exactly
    // library.md:end checkpoint
    return resumed;
  }

  /** Load a trained generator and sample from it. */
  public static INDArray loadAndSample(Path runDir, Path gridPng) throws IOException {
    // library.md:begin sample
    Dcgan dcgan = Dcgan.reference(ImageShape.rgb(32)); // the architecture that was trained
    Gan gan =
        Gan.builder(dcgan.generator(), dcgan.discriminator(), LossRegistry.create("hinge")).build();
    Checkpoints.Loaded cp =
        Checkpoints.loadWeights(runDir, gan.parameters()); // run folder or .ckpt
    INDArray images = gan.sample(64, new Rng(7)); // [64, 3, 32, 32] in [-1, 1]
    ImageGrid.write(images, 8, 2, gridPng); // 8 columns, each pixel drawn 2x2
    System.out.println("step " + cp.step() + ": " + gridPng);
    // library.md:end sample
    return images;
  }

  /** Evaluate: FD, KID and precision/recall of generated against real images. */
  public static MetricReport evaluate(Gan gan, ImageDataset realImages, int n) {
    // library.md:begin evaluate
    // Features: a trained classifier (ClassifierFeatureExtractor.load(...)) or Inception
    // (docs/metrics.md); here per-channel means and spreads, to show the interface.
    FeatureExtractor fx =
        new FeatureExtractor() {
          @Override
          public int dimension() {
            return 6;
          }

          @Override
          public String description() {
            return "channel mean and std";
          }

          @Override
          public INDArray features(INDArray images) {
            return Nd4j.hstack(images.mean(2, 3), images.std(2, 3));
          }
        };
    BatchIterator real = BatchIterator.builder(realImages, 100).seed(0).build();
    CollectedFeatures realFeatures =
        FeatureCollector.builder(fx, realImages.name(), "train", n)
            .build()
            .collect(Stream.generate(real::next).iterator());
    Rng rng = new Rng(3);
    CollectedFeatures fakeFeatures =
        FeatureCollector.builder(fx, "generated", "final", n)
            .build()
            .collect(Stream.generate(() -> gan.sample(100, rng)).iterator());
    MetricReport report =
        MetricEvaluator.evaluate(realFeatures, fakeFeatures, MetricOptions.defaults());
    System.out.print(report.toTable()); // FD, KID, precision/recall, density/coverage
    // library.md:end evaluate
    return report;
  }

  /** Detect: train a real-vs-generated detector and score it on images it never saw. */
  public static DetectionReport detect(
      Gan gan, ImageDataset realTrain, ImageDataset realTest, int n, long steps) {
    // library.md:begin detect
    ImageDataset fakes = ImageSets.generate("my generator", gan, n, 100, 1); // n samples, seed 1
    DetectorTrainer.Result trained =
        DetectorTrainer.builder(realTrain, List.of(fakes))
            .steps(steps)
            .batch(32)
            .seed(0)
            .build()
            .train();
    ImageDataset fresh = ImageSets.generate("my generator, fresh", gan, n, 100, 2);
    DetectionReport report =
        DetectionEvaluator.builder(trained.detector())
            .build()
            .evaluate(realTest, List.of(fresh), List.of());
    System.out.print(report.toTable()); // AP, AUC and accuracy, clean, blurred and JPEG-compressed
    double caught = report.clean().overall().accuracyOnFake(); // the generator's detection rate
    // library.md:end detect
    System.out.println("detection rate " + caught);
    return report;
  }

  /** Keeps ShapesDataset imported for the page's "data" paragraph. */
  static ImageDataset shapes(int n) {
    return ShapesDataset.generate(n, 42);
  }
}
