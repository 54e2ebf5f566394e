package io.github.samegan.examples.cli;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.io.ImageGrid;
import io.github.samegan.core.train.Gan;
import io.github.samegan.examples.runs.ClassGrids;
import io.github.samegan.examples.runs.RunConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samegan sample}: a PNG grid from a checkpoint. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Write a PNG grid of generated images from a checkpoint.")
final class SampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SharedOptions.Checkpoint checkpoint;

  @Option(
      names = "--n",
      defaultValue = "64",
      description = "Number of images (1..1024, default: ${DEFAULT-VALUE}).")
  int n;

  @Option(
      names = "--out",
      defaultValue = "samples.png",
      description = "Output PNG (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Latent noise seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--class",
      description = "Conditional models: generate only this class (0-based).")
  Integer classIndex;

  @Option(
      names = "--per-class",
      description =
          "Conditional models: a grid with one row per class and this many images per row.")
  Integer perClass;

  @Option(
      names = "--scale",
      defaultValue = "2",
      description =
          "Pixel upscaling in the grid, 1 to "
              + ImageGrid.MAX_SCALE
              + " (default: ${DEFAULT-VALUE}).")
  int scale;

  @Override
  public Integer call() throws Exception {
    if (n < 1 || n > 1024) {
      throw new IllegalArgumentException("--n must be between 1 and 1024, found " + n);
    }
    if (scale < 1 || scale > ImageGrid.MAX_SCALE) {
      throw new IllegalArgumentException(
          "--scale must be between 1 and "
              + ImageGrid.MAX_SCALE
              + ", found "
              + scale
              + " (each pixel becomes a scale × scale block; a 32×32 image at scale "
              + ImageGrid.MAX_SCALE
              + " is "
              + 32 * ImageGrid.MAX_SCALE
              + " pixels wide)");
    }
    RunConfig.LoadedRun run = RunConfig.load(checkpoint.path);
    Gan gan = run.gan();
    int k = gan.numClasses();
    if ((classIndex != null || perClass != null) && k == 0) {
      throw new IllegalArgumentException(
          "--class and --per-class need a class-conditional model; "
              + run.config().model()
              + " is unconditional");
    }
    if (classIndex != null && perClass != null) {
      throw new IllegalArgumentException("Give --class or --per-class, not both");
    }
    if (classIndex != null && (classIndex < 0 || classIndex >= k)) {
      throw new IllegalArgumentException("--class must be in [0, " + k + "), found " + classIndex);
    }
    if (perClass != null && (perClass < 1 || (long) perClass * k > 4096)) {
      throw new IllegalArgumentException(
          "--per-class must be in [1, "
              + (4096 / k)
              + "] for "
              + k
              + " classes, found "
              + perClass);
    }
    int images = perClass != null ? perClass * k : n;
    int columns = perClass != null ? perClass : (int) Math.ceil(Math.sqrt(images));
    int rows = (images + columns - 1) / columns;
    long pixels =
        ((long) columns * (run.config().shape().width() * scale + 2) + 2)
            * ((long) rows * (run.config().shape().height() * scale + 2) + 2);
    if (pixels > ImageGrid.MAX_PIXELS) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "A grid of %d images at --scale %d has %,d pixels, more than the %,d one grid may"
                  + " have; lower --scale or --n",
              images,
              scale,
              pixels,
              ImageGrid.MAX_PIXELS));
    }
    Rng rng = new Rng(seed);
    if (classIndex != null) {
      ImageGrid.write(gan.sampleClass(n, classIndex, rng), 0, scale, out);
    } else if (perClass != null) {
      n = perClass * k;
      ClassGrids.write(gan, ClassGrids.all(k), perClass, rng, scale, out);
    } else {
      ImageGrid.write(gan.sample(n, rng), 0, scale, out);
    }
    spec.commandLine()
        .getOut()
        .printf(
            "Wrote %d samples from %s (step %d) to %s%n",
            n, run.file(), run.checkpoint().step(), out);
    return 0;
  }
}
