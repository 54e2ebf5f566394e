package io.github.samegan.examples.cli;

import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.io.ImageGrid;
import io.github.samegan.core.train.Gan;
import io.github.samegan.examples.runs.Conditioning;
import io.github.samegan.examples.runs.RunConfig;
import io.github.samegan.examples.runs.SampleExport;
import io.github.samegan.examples.runs.SampleStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
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
      description = "Class-conditional models: generate only this class (0-based).")
  Integer classIndex;

  @Option(
      names = "--per-class",
      description =
          "Class-conditional models: a grid with one row per class and this many images per row;"
              + " with png-dir or npz, this many images of each class (a folder per class).")
  Integer perClass;

  @Option(
      names = "--code",
      description =
          "InfoGAN (model infogan): generate only this value of the categorical latent code"
              + " (0-based).")
  Integer codeIndex;

  @Option(
      names = "--per-code",
      description =
          "InfoGAN: a grid with one row per code value and this many images per row; with png-dir"
              + " or npz, this many images of each code value (a folder per code).")
  Integer perCode;

  @Option(
      names = "--continuous",
      paramLabel = "V1,V2,...",
      description =
          "InfoGAN trained with --info-continuous n: the n continuous codes (the first entries of"
              + " z) of every image, e.g. 1.5,-1; default: drawn with the rest of z.")
  String continuous;

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
    Conditioning cond = Conditioning.of(run);
    int k = gan.numClasses();
    Integer label = checkLabelOptions(run, cond);
    Integer perLabel = perClass != null ? perClass : perCode;
    double[] fixed = continuous == null ? null : cond.parseContinuous("--continuous", continuous);
    String word = cond.kind().word();
    if (perLabel != null && (perLabel < 1 || (long) perLabel * k > 4096)) {
      throw new IllegalArgumentException(
          "--per-"
              + word
              + " must be in [1, "
              + (4096 / k)
              + "] for "
              + k
              + " "
              + cond.kind().plural()
              + ", found "
              + perLabel);
    }
    int images = perLabel != null ? perLabel * k : (int) n;
    int columns = perLabel != null ? perLabel : (int) Math.ceil(Math.sqrt(images));
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
    // one draw of z for the whole grid, as Gan.sample(n, rng), sampleClass and ClassGrids draw it
    int[] labels = null;
    if (label != null) {
      labels = new int[images];
      java.util.Arrays.fill(labels, label);
    } else if (perLabel != null) {
      labels = new int[images];
      for (int i = 0; i < images; i++) {
        labels[i] = i / perLabel;
      }
    }
    INDArray z = new Rng(seed).gaussian(gan.dataType(), images, gan.generator().latentDim());
    SampleStream.fixFirstLatents(z, fixed);
    n = images;
    ImageGrid.write(gan.sample(z, labels), perLabel != null ? perLabel : 0, scale, out);
    spec.commandLine()
        .getOut()
        .printf(
            "Wrote %d samples from %s (step %d) to %s%s%n",
            n,
            run.file(),
            run.checkpoint().step(),
            out,
            perLabel != null ? " (one row per " + word + ")" : "");
    return 0;
  }

  /**
   * {@code --class}/{@code --per-class} for a class-conditional model, {@code --code}/{@code
   * --per-code} for InfoGAN's categorical code: only one of them, in range; returns the single
   * class or code asked for, or {@code null}.
   */
  private Integer checkLabelOptions(RunConfig.LoadedRun run, Conditioning cond) {
    String per = classIndex == null && codeIndex == null ? "--per-" : "--";
    cond.checkChoice(
        run.config().model(),
        per + "class ",
        text(classIndex != null ? classIndex : perClass),
        per + "code ",
        text(codeIndex != null ? codeIndex : perCode));
    String word = cond.kind().word();
    Integer one = classIndex != null ? classIndex : codeIndex;
    if (one != null && (perClass != null || perCode != null)) {
      throw new IllegalArgumentException("Give --" + word + " or --per-" + word + ", not both");
    }
    int k = run.gan().numClasses();
    if (one != null && (one < 0 || one >= k)) {
      throw new IllegalArgumentException("--" + word + " must be in [0, " + k + "), found " + one);
    }
    return one;
  }

  private static String text(Integer value) {
    return value == null ? null : value.toString();
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
    Conditioning cond = Conditioning.of(run);
    int k = gan.numClasses();
    Integer label = checkLabelOptions(run, cond);
    Integer perLabel = perClass != null ? perClass : perCode;
    double[] fixed = continuous == null ? null : cond.parseContinuous("--continuous", continuous);
    String word = cond.kind().word();
    SampleExport.Classes classes = null;
    if (label != null) {
      classes = SampleExport.Classes.fixed(label);
    } else if (perLabel != null) {
      if (perLabel < 1 || (long) perLabel * k > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "--per-"
                + word
                + " must be at least 1 (and K * per-"
                + word
                + " fit an int), found "
                + perLabel);
      }
      n = (long) perLabel * k;
      classes = SampleExport.Classes.blocks(perLabel);
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
        new SampleExport(gan, f, out, n, seed, batch, classes, saveLatents, provenance)
            .conditionedOn(cond, fixed)
            .write();
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
