package io.github.samegan.examples.cli;

import io.github.samegan.core.SameGanException;
import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.data.augment.AugmentPipeline;
import io.github.samegan.data.augment.AugmentedDataset;
import io.github.samegan.data.download.ConsoleProgress;
import io.github.samegan.data.download.DatasetDownloader;
import io.github.samegan.data.download.DatasetSource;
import io.github.samegan.data.download.DownloadResult;
import io.github.samegan.data.loaders.Cifar10Dataset;
import io.github.samegan.data.loaders.DatasetWriter;
import io.github.samegan.examples.runs.DataSets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code samegan data download} and {@code samegan data augment}. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Download data sets and write augmented copies of them.",
    subcommands = {DataCommand.Download.class, DataCommand.Augment.class})
final class DataCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: choose 'data download' or 'data augment'");
  }

  /** {@code samegan data download NAME}. */
  @Command(
      name = "download",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Download a data set over HTTPS, check its MD5 and extract it where 'samegan train' finds it.",
        "Running it again does nothing; an interrupted download resumes. Without network it says which"
            + " file to fetch by hand and where to put it."
      })
  static final class Download implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "DATASET",
        completionCandidates = DataSets.Downloads.class,
        description = "Data set to download: ${COMPLETION-CANDIDATES}.")
    String name;

    @Option(
        names = {"--dir", "--data-dir"},
        description = "Data folder (default: $SAMEGAN_DATA or ~/.samegan/data).")
    Path dir;

    @Option(
        names = "--mirror",
        paramLabel = "URL",
        description =
            "Fetch the same files from this folder URL instead of the official location"
                + " (the published MD5s still apply).")
    String mirror;

    /** The mirror must be an http(s) folder address: the check and its message agree. */
    private static void requireHttp(String url) {
      java.net.URI uri;
      try {
        uri = java.net.URI.create(url.strip());
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      String scheme =
          uri == null || uri.getScheme() == null
              ? ""
              : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "--mirror must be an https:// or http:// folder address (https recommended; every"
                + " file is checked against its published MD5 either way), found '"
                + url
                + "'");
      }
    }

    @Override
    public Integer call() throws IOException {
      DatasetSource source = DataSets.registry().source(name);
      if (mirror != null) {
        requireHttp(mirror);
        source = source.withBaseUrl(mirror);
      }
      Path target = dir != null ? dir : DataSets.defaultDataDir();
      PrintWriter out = spec.commandLine().getOut();
      DatasetDownloader downloader =
          DatasetDownloader.builder(target).listener(new ConsoleProgress(out)).build();
      DownloadResult result;
      try {
        result = downloader.download(source);
      } catch (DatasetFormatException e) {
        throw new SameGanException(e.getMessage(), e);
      }
      String trainName = source.name();
      out.printf(
          "%s: %s. Train on it with: samegan train --dataset %s%s%n",
          source.name(),
          result.alreadyPresent() ? "already present" : "downloaded",
          trainName,
          dir != null ? " --data-dir " + dir : "");
      out.flush();
      return 0;
    }
  }

  /** {@code samegan data augment}. */
  @Command(
      name = "augment",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Write an enlarged, augmented copy of a data set: --factor copies of every image, the first the"
            + " original (unless --augment-all), the others augmented with --augment.",
        "--format png writes OUT/<class>/NNNNNNN.png (train with --dataset folder:OUT);"
            + " --format cifar writes OUT/cifar-10-batches-bin/ (train with --dataset cifar10 --data-dir OUT).",
        "The copies are fixed by --seed: the same command writes the same files."
      })
  static final class Augment implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--dataset",
        required = true,
        completionCandidates = DataSets.Names.class,
        description = "Data set: ${COMPLETION-CANDIDATES}.")
    String dataset;

    @Mixin SharedOptions.DataDir dataDir;

    @Option(
        names = "--factor",
        defaultValue = "5",
        description = "Copies per image, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int factor;

    @Option(
        names = "--augment",
        defaultValue = "default",
        description =
            "Augmentation spec, e.g. 'hflip,crop:4,jitter:0.2,blur:0.1-2.0@0.5,jpeg:30-100@0.5'"
                + " (default: ${DEFAULT-VALUE} = "
                + AugmentPipeline.DEFAULT_SPEC
                + "; see docs/data.md).")
    String augment;

    @Option(
        names = "--augment-all",
        description = "Augment all --factor copies instead of keeping the original as the first.")
    boolean augmentAll;

    @Option(names = "--out", required = true, description = "Output folder (new or empty).")
    Path out;

    @Option(
        names = "--format",
        defaultValue = "png",
        description = "png or cifar (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Seed of the augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--size",
        defaultValue = "32",
        description = "Image size for folder: data sets (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(
        names = "--limit",
        description = "Use only the first N images of the data set (default: all).")
    Integer limit;

    @Override
    public Integer call() throws IOException {
      String fmt = format.toLowerCase(Locale.ROOT);
      if (!fmt.equals("png") && !fmt.equals("cifar")) {
        throw new IllegalArgumentException("--format must be png or cifar, found '" + format + "'");
      }
      if (factor < 1 || factor > 1000) {
        throw new IllegalArgumentException("--factor must be between 1 and 1000, found " + factor);
      }
      AugmentPipeline pipeline = AugmentPipeline.parse(augment).withSeed(seed);
      if (!pipeline.keepsPixelRange()) {
        throw new IllegalArgumentException(
            "--augment '"
                + augment
                + "' normalises (norm), and normalised values cannot be stored as"
                + " 8-bit pixels; drop norm here and normalise when training");
      }
      if (Files.isDirectory(out)) {
        try (Stream<Path> s = Files.list(out)) {
          if (s.findAny().isPresent()) {
            throw new IllegalArgumentException(
                "--out " + out + " is not empty; choose a new or empty folder");
          }
        }
      } else if (Files.exists(out)) {
        throw new IllegalArgumentException(
            "--out " + out + " is a file; choose a new or empty folder");
      }
      PrintWriter console = spec.commandLine().getOut();
      try {
        ImageDataset data = DataSets.load(dataset, dataDir.path, size);
        if (limit != null) {
          if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, found " + limit);
          }
          if (limit < data.size() && data instanceof InMemoryImageDataset mem) {
            data = mem.first(limit);
          }
        }
        AugmentedDataset enlarged = AugmentedDataset.of(data, pipeline, factor, !augmentAll);
        console.printf(
            Locale.ROOT,
            "Writing %,d images (%d x %,d %s %s images) as %s to %s, augmented with %s%n",
            enlarged.size(),
            factor,
            data.size(),
            data.name(),
            data.info(),
            fmt,
            out,
            pipeline);
        console.flush();
        IntConsumer progress = progress(console, enlarged.size());
        Files.createDirectories(out);
        String trainWith;
        if (fmt.equals("cifar")) {
          DatasetWriter.writeCifar10(enlarged, out.resolve(Cifar10Dataset.FOLDER), progress);
          trainWith = "--dataset cifar10 --data-dir " + out;
        } else {
          DatasetWriter.writePngFolder(enlarged, out, progress);
          trainWith = "--dataset folder:" + out;
        }
        Files.writeString(
            out.resolve("samegan-augment.txt"),
            "dataset="
                + dataset
                + "\nimages="
                + data.size()
                + "\nfactor="
                + factor
                + "\noriginals="
                + !augmentAll
                + "\naugment="
                + pipeline.spec()
                + "\nseed="
                + seed
                + "\nformat="
                + fmt
                + "\n",
            StandardCharsets.UTF_8);
        console.printf(
            Locale.ROOT,
            "Done: %,d images in %s. Train on them with: samegan train %s%n",
            enlarged.size(),
            out,
            trainWith);
        console.flush();
        return 0;
      } catch (DatasetFormatException e) {
        throw new SameGanException(e.getMessage(), e);
      }
    }

    /** Prints a line at every 10% of the images written. */
    private static IntConsumer progress(PrintWriter console, int total) {
      int[] nextTenth = {1};
      return done -> {
        if ((long) done * 10 >= (long) nextTenth[0] * total) {
          console.printf(
              Locale.ROOT, "  %,d/%,d images (%d%%)%n", done, total, (int) (100L * done / total));
          console.flush();
          while ((long) done * 10 >= (long) nextTenth[0] * total) {
            nextTenth[0]++;
          }
        }
      };
    }
  }
}
