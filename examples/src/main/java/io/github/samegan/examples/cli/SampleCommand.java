package io.github.samegan.examples.cli;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.io.ImageGrid;
import io.github.samegan.core.train.Gan;
import io.github.samegan.examples.runs.ClassGrids;
import io.github.samegan.examples.runs.RunConfig;
import io.github.samegan.examples.runs.SampleExport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samegan sample}: a PNG grid from a checkpoint, or N individual images (a PNG folder or an
 * {@code .npz} archive, see {@link SampleExport}) for other evaluation tools.
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = {
      "Write generated images from a checkpoint: a PNG grid (default), or N individual images",
      "as a folder of PNG files or one .npz (uint8 [N, H, W, C] under 'arr_0') for other tools."
    })
final class SampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SharedOptions.Checkpoint checkpoint;

  @Option(
      names = "--n",
      defaultValue = "64",
      description =
          "Number of images (grid: 1..1024; png-dir and npz: any, streamed; default:"
              + " ${DEFAULT-VALUE}).")
  long n;

  @Option(
      names = "--format",
      defaultValue = "grid",
      description =
          "grid (one PNG), png-dir (a folder of PNG files named by index) or npz (one .npz"
              + " archive, uint8 [N, H, W, C] under 'arr_0') (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--out",
      description =
          "Output: the grid PNG (default samples.png), the folder (default samples) or the"
              + " .npz (default samples.npz). png-dir and npz also write OUT.json (seed, n,"
              + " model, checkpoint step) beside it.")
  Path out;

  @Option(
      names = "--batch",
      defaultValue = "250",
      description = "png-dir and npz: images generated at a time (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--save-latents",
      description =
          "png-dir and npz: also write the latent vectors, float32 [N, latentDim], as OUT.latents.npy.")
  boolean saveLatents;

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
          "Conditional models: a grid with one row per class and this many images per row; with"
              + " png-dir or npz, this many images of each class (a folder per class).")
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
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!fmt.equals("grid")) {
      return export(fmt);
    }
    if (n < 1 || n > 1024) {
      throw new IllegalArgumentException(
          "--n must be between 1 and 1024 for a grid, found "
              + n
              + "; for more images use --format png-dir or --format npz");
    }
    if (saveLatents) {
      throw new IllegalArgumentException("--save-latents needs --format png-dir or npz");
    }
    if (out == null) {
      out = Path.of("samples.png");
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
    checkClassOptions(run, k);
    if (perClass != null && (perClass < 1 || (long) perClass * k > 4096)) {
      throw new IllegalArgumentException(
          "--per-class must be in [1, "
              + (4096 / k)
              + "] for "
              + k
              + " classes, found "
              + perClass);
    }
    int images = perClass != null ? perClass * k : (int) n;
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
      ImageGrid.write(gan.sampleClass((int) n, classIndex, rng), 0, scale, out);
    } else if (perClass != null) {
      n = perClass * k;
      ClassGrids.write(gan, ClassGrids.all(k), perClass, rng, scale, out);
    } else {
      ImageGrid.write(gan.sample((int) n, rng), 0, scale, out);
    }
    spec.commandLine()
        .getOut()
        .printf(
            "Wrote %d samples from %s (step %d) to %s%n",
            n, run.file(), run.checkpoint().step(), out);
    return 0;
  }

  /**
   * {@code --class} and {@code --per-class}: only for a model with {@code k} classes, one of them.
   */
  private void checkClassOptions(RunConfig.LoadedRun run, int k) {
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
  }

  /** {@code --format png-dir|npz}: N individual images, streamed. */
  private int export(String fmt) throws Exception {
    SampleExport.Format f =
        switch (fmt) {
          case "png-dir" -> SampleExport.Format.PNG_DIR;
          case "npz" -> SampleExport.Format.NPZ;
          default ->
              throw new IllegalArgumentException(
                  "--format must be grid, png-dir or npz, found '" + format + "'");
        };
    if (out == null) {
      out = Path.of(f == SampleExport.Format.NPZ ? "samples.npz" : "samples");
    }
    RunConfig.LoadedRun run = RunConfig.load(checkpoint.path);
    Gan gan = run.gan();
    int k = gan.numClasses();
    checkClassOptions(run, k);
    SampleExport.Classes classes = null;
    if (classIndex != null) {
      classes = SampleExport.Classes.fixed(classIndex);
    } else if (perClass != null) {
      if (perClass < 1 || (long) perClass * k > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "--per-class must be at least 1 (and K * per-class fit an int), found " + perClass);
      }
      n = (long) perClass * k;
      classes = SampleExport.Classes.blocks(perClass);
    }
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "--n must be between 1 and " + Integer.MAX_VALUE + ", found " + n);
    }
    if (batch < 1 || batch > 4096) {
      throw new IllegalArgumentException("--batch must be between 1 and 4096, found " + batch);
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("model", run.config().model());
    provenance.put("dataset", run.config().dataset());
    provenance.put("checkpoint", run.file().toAbsolutePath().normalize().toString());
    provenance.put("step", run.checkpoint().step());
    long t0 = System.nanoTime();
    SampleExport.Result r =
        new SampleExport(gan, f, out, n, seed, batch, classes, saveLatents, provenance).write();
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "Wrote %d samples (%s) from %s (step %d) to %s in %.1f s; record %s%s%n",
            r.count(),
            r.shape(),
            run.file(),
            run.checkpoint().step(),
            out,
            (System.nanoTime() - t0) / 1e9,
            r.record(),
            r.latents() == null ? "" : "; latents " + r.latents());
    return 0;
  }
}
