package io.github.samegan.data.registry;

import io.github.samegan.data.DatasetNotFoundException;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.download.DatasetSource;
import io.github.samegan.data.download.DatasetSources;
import io.github.samegan.data.loaders.Cifar100Dataset;
import io.github.samegan.data.loaders.Cifar100Dataset.LabelMode;
import io.github.samegan.data.loaders.Cifar10Dataset;
import io.github.samegan.data.loaders.IdxDataset;
import io.github.samegan.data.loaders.ImageFolderDataset;
import io.github.samegan.data.loaders.Split;
import io.github.samegan.data.synthetic.ShapesDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * SameGAN's built-in data sets, the first entries of {@link DatasetRegistry#standard()}. Files are
 * looked for in the data folder of the {@link LoadRequest} where {@code samegan data download} puts
 * them; a missing folder raises a {@link DatasetNotFoundException} that says how to get it.
 *
 * <p>To add a built-in data set, write its loader and add one entry to {@link #all()}; to add one
 * without editing SameGAN, use a {@link DatasetProvider}.
 */
public final class StandardDatasets {

  /** The embedded shapes: generated in memory, nothing to download; 10 % held out as test. */
  public static final DatasetEntry SHAPES =
      DatasetEntry.builder(
              "shapes",
              "Coloured shapes on backgrounds, 10,000 images generated in memory (no download)",
              ImageInfo.rgb(ShapesDataset.DEFAULT_IMAGE_SIZE),
              r -> ShapesDataset.generate())
          .labels(DatasetLabels.named(ShapesDataset.classNames()))
          .build();

  /** CIFAR-100 (binary version) with its 100 fine labels. */
  public static final DatasetEntry CIFAR100 =
      cifar100(
              "cifar100",
              "CIFAR-100 photos, 50,000 train / 10,000 test, 100 fine classes",
              LabelMode.FINE)
          .aliases("cifar-100")
          .labels(DatasetLabels.fromFiles(Cifar100Dataset.FINE_CLASSES, "fine_label_names.txt"))
          .build();

  /** CIFAR-100 (binary version) with its 20 coarse labels (superclasses). */
  public static final DatasetEntry CIFAR100_COARSE =
      cifar100(
              "cifar100-coarse",
              "CIFAR-100 photos labelled with the 20 coarse superclasses",
              LabelMode.COARSE)
          .labels(DatasetLabels.fromFiles(Cifar100Dataset.COARSE_CLASSES, "coarse_label_names.txt"))
          .build();

  /** CIFAR-10 (binary version). */
  public static final DatasetEntry CIFAR10 =
      DatasetEntry.builder(
              "cifar10",
              "CIFAR-10 photos, 50,000 train / 10,000 test, 10 classes",
              ImageInfo.rgb(32),
              r -> Cifar10Dataset.load(cifar10Dir(r.dataDir()), Split.TRAIN))
          .aliases("cifar-10")
          .test(r -> Cifar10Dataset.load(cifar10Dir(r.dataDir()), Split.TEST))
          .labels(DatasetLabels.fromFiles(Cifar10Dataset.CLASSES, "batches.meta.txt"))
          .source(DatasetSources.CIFAR10)
          .build();

  /**
   * Fashion-MNIST, padded to 32x32: from {@code fashion-mnist/} in the data folder, else from
   * Debian's {@link IdxDataset#DEBIAN_FASHION_MNIST_DIR}.
   */
  public static final DatasetEntry FASHION_MNIST =
      DatasetEntry.builder(
              "fashion-mnist",
              "Fashion-MNIST clothing, 60,000 train / 10,000 test, 1x28x28 padded to 32x32",
              ImageInfo.gray(32),
              r -> IdxDataset.fashionMnist(fashionMnistDir(r.dataDir()), true, true))
          .aliases("fashion_mnist", "fashionmnist")
          .test(r -> IdxDataset.fashionMnist(fashionMnistDir(r.dataDir()), false, true))
          .labels(DatasetLabels.named(IdxDataset.FASHION_MNIST_CLASSES))
          .source(DatasetSources.FASHION_MNIST)
          .build();

  /** MNIST digits, padded to 32x32, from the four IDX files in {@code mnist/} in the data dir. */
  public static final DatasetEntry MNIST =
      DatasetEntry.builder(
              "mnist",
              "MNIST digits, 1x28x28 padded to 32x32, from the IDX files you put in mnist/",
              ImageInfo.gray(32),
              r -> IdxDataset.mnist(locate(r.dataDir(), "mnist", null, null), true, true))
          .test(r -> IdxDataset.mnist(locate(r.dataDir(), "mnist", null, null), false, true))
          .labels(DatasetLabels.named(IdxDataset.MNIST_CLASSES))
          .build();

  /**
   * A folder of your own images, {@code folder:PATH}: resized to RGB squares of the requested size
   * (32 by default), one class per sub-folder if there are sub-folders; 10 % held out as test.
   */
  public static final DatasetEntry FOLDER =
      DatasetEntry.builder(
              "folder",
              "Your own PNG/JPEG/BMP/GIF images, resized; one sub-folder per class for labels",
              ImageInfo.rgb(32),
              StandardDatasets::imageFolder)
          .parameter("PATH")
          .labels(DatasetLabels.varying("one class per sub-folder, if any"))
          .build();

  private static final List<DatasetEntry> ALL =
      List.of(SHAPES, CIFAR100, CIFAR100_COARSE, CIFAR10, FASHION_MNIST, MNIST, FOLDER);

  private StandardDatasets() {}

  /**
   * The built-in data sets in the order they are listed: by {@code --help}, {@code samegan
   * datasets} and the error for an unknown name, and (through their sources) by {@code samegan data
   * download}, whose list has read {@code cifar100, cifar10, fashion-mnist} since before the
   * registry.
   *
   * @return shapes, cifar100, cifar100-coarse, cifar10, fashion-mnist, mnist and folder:PATH
   */
  public static List<DatasetEntry> all() {
    return ALL;
  }

  private static DatasetEntry.Builder cifar100(String name, String description, LabelMode mode) {
    return DatasetEntry.builder(
            name,
            description,
            ImageInfo.rgb(32),
            r -> Cifar100Dataset.load(cifar100Dir(r.dataDir()), Split.TRAIN, mode))
        .test(r -> Cifar100Dataset.load(cifar100Dir(r.dataDir()), Split.TEST, mode))
        .source(DatasetSources.CIFAR100);
  }

  private static Path cifar10Dir(Path dataDir) {
    return cifarDir(dataDir, Cifar10Dataset.FOLDER, DatasetSources.CIFAR10);
  }

  private static Path cifar100Dir(Path dataDir) {
    return cifarDir(dataDir, Cifar100Dataset.FOLDER, DatasetSources.CIFAR100);
  }

  private static Path fashionMnistDir(Path dataDir) {
    return locate(
        dataDir,
        "fashion-mnist",
        IdxDataset.DEBIAN_FASHION_MNIST_DIR,
        DatasetSources.FASHION_MNIST);
  }

  private static ImageDataset imageFolder(LoadRequest r) {
    Path root = Path.of(r.argument());
    if (!Files.isDirectory(root)) {
      throw new DatasetNotFoundException("Image folder not found: " + root);
    }
    return ImageFolderDataset.load(root, ImageInfo.rgb(r.imageSize()));
  }

  /**
   * A data set's folder {@code sub} in the data folder, or else the system-wide copy (e.g.
   * Debian's).
   */
  private static Path locate(Path dataDir, String sub, Path systemDir, DatasetSource source) {
    Path own = dataDir.resolve(sub);
    if (Files.isDirectory(own)) {
      return own;
    }
    if (systemDir != null && Files.isDirectory(systemDir)) {
      return systemDir;
    }
    throw new DatasetNotFoundException(
        "Data set '"
            + sub
            + "' not found in "
            + own
            + (systemDir != null
                ? " or " + systemDir + " (Debian: apt-get install dataset-" + sub + ")"
                : "")
            + (source != null
                ? "; download it with 'samegan data download " + source.name() + "'"
                : "; put its four IDX files (train-images-idx3-ubyte.gz,"
                    + " train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz,"
                    + " t10k-labels-idx1-ubyte.gz) there")
            + " or pass --data-dir");
  }

  /**
   * The extracted CIFAR folder: {@code folder} in the data folder, in its sub-folder named after
   * the download, or the data folder itself.
   */
  private static Path cifarDir(Path dataDir, String folder, DatasetSource source) {
    String name = source.name();
    for (Path p :
        new Path[] {dataDir.resolve(folder), dataDir.resolve(name).resolve(folder), dataDir}) {
      if (Files.isDirectory(p)
          && p.getFileName() != null
          && p.getFileName().toString().equals(folder)) {
        return p;
      }
    }
    throw new DatasetNotFoundException(
        "Data set '"
            + name
            + "' not found: expected the folder "
            + dataDir.resolve(folder)
            + " (extracted from the official binary archive); download it with 'samegan data"
            + " download "
            + name
            + "' or pass --data-dir");
  }
}
