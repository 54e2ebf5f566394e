package io.github.samegan.examples;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.model.SequentialGenerator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.BatchNorm;
import io.github.samegan.core.nn.Conv2d;
import io.github.samegan.core.nn.ConvTranspose2d;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.core.train.Batch;
import io.github.samegan.core.train.BatchSource;
import io.github.samegan.core.train.Callbacks;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.synthetic.ShapesDataset;
import io.github.samegan.losses.MinimaxLoss;
import java.nio.file.Path;

/**
 * "Define your own GAN in ~20 lines": the snippet in README.md is the region between the markers
 * below (a test keeps the two identical and runs this example for a few steps).
 *
 * <p>Run: {@code java -cp ... io.github.samegan.examples.CustomGanExample [steps] [outDir]}.
 */
public final class CustomGanExample {
  private CustomGanExample() {}

  /**
   * Trains the custom GAN for {@code steps} steps on the embedded shapes set; returns the trainer.
   */
  public static GanTrainer runExample(long steps, Path outDir) {
    // spotless:off (README.md shows this region as laid out here)
    // README:begin
    ImageShape shape = ImageShape.rgb(32);
    Generator g = new SequentialGenerator("my-g", 64, shape, Sequential.of(
        new Dense(64, 128 * 8 * 8), Reshape.toImage(128, 8, 8), new BatchNorm(128), Activation.relu(),
        new ConvTranspose2d(128, 64, 4, 2, 1), new BatchNorm(64), Activation.relu(),
        new ConvTranspose2d(64, 3, 4, 2, 1), Activation.tanh()));
    Discriminator d = new SequentialDiscriminator("my-d", shape, Sequential.of(
        new Conv2d(3, 64, 4, 2, 1), Activation.leakyRelu(0.2),
        new Conv2d(64, 128, 4, 2, 1), Activation.leakyRelu(0.2),
        Reshape.flatten(new long[] {128, 8, 8}), new Dense(128 * 8 * 8, 1)));
    Gan gan = Gan.builder(g, d, MinimaxLoss.nonSaturating()).seed(1).build();
    BatchIterator it = BatchIterator.builder(ShapesDataset.generate(), 64).seed(1).build();
    GanTrainer trainer = GanTrainer.builder(gan, BatchSource.of(() -> it.next(Batch::new), it::position, it::seek))
        .generatorOptimizer(Optimizer.adam(2e-4, 0.5, 0.999))
        .discriminatorOptimizer(Optimizer.adam(2e-4, 0.5, 0.999))
        .callback(Callbacks.progress(System.out, 50))
        .callback(Callbacks.sampleGrid(outDir.resolve("samples"), 100, 64, 7))
        .callback(Callbacks.checkpoints(outDir.resolve("checkpoints"), 200, 0))
        .build();
    trainer.fit(steps); // samples in outDir/samples/step-NNNNNN.png
    // README:end
    // spotless:on
    return trainer;
  }

  /** Entry point: {@code [steps=500] [outDir=runs/custom]}. */
  public static void main(String[] args) {
    long steps = args.length > 0 ? Long.parseLong(args[0]) : 500;
    Path out = Path.of(args.length > 1 ? args[1] : "runs/custom");
    runExample(steps, out);
  }
}
