package io.github.samegan.examples.cli;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.detect.ImageSets;
import io.github.samegan.examples.runs.DataSplits;
import io.github.samegan.examples.runs.FolderImages;
import io.github.samegan.examples.runs.RunConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code samegan detect} reads: real images named like everywhere else ({@code
 * DATASET[:train|test]}), and generated images from a generator checkpoint or a folder of images.
 *
 * <p>A {@code --fake} argument is, in this order: a checkpoint file; a checkpoint named without its
 * {@code .ckpt} ending ({@code run1/checkpoints/last}); a run folder (its {@code
 * checkpoints/last.ckpt}); or a folder of images (searched recursively). Generated images are
 * quantised to 8 bits; folder images must already have the detector's size (resizing would remove
 * what a detector looks for).
 */
final class DetectSources {
  static final String FAKE_HELP =
      "Generated images: a checkpoint (.ckpt, run1/checkpoints/last, or a run folder)"
          + " or a folder of images of the detector's size. Repeat for several generators.";
  private static final String NO_RESIZE =
      "detectors are not given resized images, because resizing removes the"
          + " traces they look for; resize them yourself if you mean to";

  private DetectSources() {}

  /** A checkpoint file the argument names, or null if it names none. */
  static Path checkpointOf(Path arg) {
    if (Files.isRegularFile(arg)) {
      return arg;
    }
    Path withEnding = arg.resolveSibling(arg.getFileName() + ".ckpt");
    if (!Files.exists(arg) && Files.isRegularFile(withEnding)) {
      return withEnding;
    }
    Path last = arg.resolve("checkpoints").resolve("last.ckpt");
    return Files.isDirectory(arg) && Files.isRegularFile(last) ? last : null;
  }

  /**
   * Fails fast, before any data is loaded, on a {@code --fake} argument that names neither a
   * checkpoint nor a folder.
   */
  static void requireUsable(List<String> fakes) {
    for (String arg : fakes) {
      Path p = Path.of(arg);
      if (checkpointOf(p) == null && !Files.isDirectory(p)) {
        throw new SameGanException(
            "--fake " + arg + ": no such checkpoint, run folder or image folder");
      }
    }
  }

  /**
   * Up to {@code n} generated images from one {@code --fake} argument.
   *
   * @param shape the image shape they must have
   * @param seed the latent noise seed (checkpoints)
   * @throws SameGanException if the argument names nothing usable or the images have another shape
   */
  static InMemoryImageDataset fakes(
      String arg, ImageShape shape, int n, int batch, long seed, PrintWriter console)
      throws IOException {
    Path p = Path.of(arg);
    Path ckpt = checkpointOf(p);
    if (ckpt != null) {
      RunConfig.LoadedRun run = RunConfig.load(ckpt);
      ImageShape made = run.gan().generator().outputShape();
      if (!made.equals(shape)) {
        throw new SameGanException(
            "The checkpoint "
                + ckpt
                + " generates "
                + made
                + " images but the detector"
                + " works on "
                + shape
                + " images");
      }
      String name =
          String.format(
              Locale.ROOT,
              "%s/%s step %d (%s)",
              run.config().model(),
              run.config().loss(),
              run.checkpoint().step(),
              arg);
      console.printf(Locale.ROOT, "Generating %d images from %s...%n", n, name);
      console.flush();
      return ImageSets.generate(name, run.gan(), n, batch, seed);
    }
    if (Files.isDirectory(p)) {
      FolderImages folder = FolderImages.strict(p, shape, batch, NO_RESIZE);
      console.printf(
          Locale.ROOT,
          "Reading %d of the %d images in %s...%n",
          Math.min(n, folder.count()),
          folder.count(),
          p);
      console.flush();
      return ImageSets.collect("folder " + arg, folder, n);
    }
    throw new SameGanException(
        "--fake " + arg + ": no such checkpoint, run folder or image folder");
  }

  /** A real split ({@code DATASET[:train|test]}, default split {@code defaultSplit}). */
  static ImageDataset real(String spec, String defaultSplit, Path dataDir, PrintWriter console) {
    DataSplits.Spec s = DataSplits.Spec.parse(spec, defaultSplit);
    console.printf("Loading real images '%s' (%s split)...%n", s.dataset(), s.split());
    console.flush();
    return DataSplits.load(s.dataset(), s.split(), dataDir);
  }

  /** How a real split is described in reports, e.g. {@code "fashion-mnist test"}. */
  static String describe(String spec, String defaultSplit) {
    DataSplits.Spec s = DataSplits.Spec.parse(spec, defaultSplit);
    return s.dataset() + " " + DataSplits.describe(s.dataset(), s.split());
  }
}
