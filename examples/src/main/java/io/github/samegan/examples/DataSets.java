package io.github.samegan.examples;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.loaders.Cifar100Dataset;
import io.github.samegan.data.loaders.Cifar10Dataset;
import io.github.samegan.data.loaders.IdxDataset;
import io.github.samegan.data.loaders.ImageFolderDataset;
import io.github.samegan.data.loaders.Split;
import io.github.samegan.data.synthetic.ShapesDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Resolves a {@code --dataset} name to a loaded data set. Known names: {@code shapes} (embedded,
 * no download), {@code fashion-mnist}, {@code mnist}, {@code cifar10}, {@code cifar100}, {@code
 * cifar100-coarse}, and {@code folder:PATH} for a folder of images.
 */
public final class DataSets {
  /** The data sets the command line knows, for help texts. */
  public static final String NAMES = "shapes, fashion-mnist, mnist, cifar10, cifar100, cifar100-coarse, folder:PATH";

  private DataSets() {}

  /** Where downloaded data sets live by default: {@code $SAMEGAN_DATA} or {@code ~/.samegan/data}. */
  public static Path defaultDataDir() {
    String env = System.getenv("SAMEGAN_DATA");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".samegan", "data");
  }

  /**
   * Loads a data set's training split.
   *
   * @param name the data set name
   * @param dataDir folder holding downloaded data sets (null = default)
   * @param folderSize target size for {@code folder:} data sets
   */
  public static ImageDataset load(String name, Path dataDir, int folderSize) {
    Path dir = dataDir != null ? dataDir : defaultDataDir();
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith("folder:")) {
      Path root = Path.of(name.substring("folder:".length()));
      if (!Files.isDirectory(root)) {
        throw new SameGanException("Image folder not found: " + root);
      }
      return ImageFolderDataset.load(root, new ImageInfo(3, folderSize, folderSize));
    }
    return switch (n) {
      case "shapes" -> ShapesDataset.generate();
      case "fashion-mnist" -> IdxDataset.fashionMnist(locate(dir, "fashion-mnist", IdxDataset.DEBIAN_FASHION_MNIST_DIR), true, true);
      case "mnist" -> IdxDataset.mnist(locate(dir, "mnist", null), true, true);
      case "cifar10" -> Cifar10Dataset.load(cifarDir(dir, Cifar10Dataset.FOLDER, "cifar10"), Split.TRAIN);
      case "cifar100" -> Cifar100Dataset.load(cifarDir(dir, Cifar100Dataset.FOLDER, "cifar100"), Split.TRAIN,
          Cifar100Dataset.LabelMode.FINE);
      case "cifar100-coarse" -> Cifar100Dataset.load(cifarDir(dir, Cifar100Dataset.FOLDER, "cifar100"), Split.TRAIN,
          Cifar100Dataset.LabelMode.COARSE);
      default -> throw new IllegalArgumentException("Unknown dataset '" + name + "'; known: " + NAMES);
    };
  }

  /** The image shape of a loaded data set. */
  public static ImageShape shapeOf(ImageDataset ds) {
    ImageInfo i = ds.info();
    return new ImageShape(i.channels(), i.height(), i.width());
  }

  /** A data set's folder under {@code dataDir}, or the system-wide copy (e.g. Debian's). */
  static Path locate(Path dataDir, String sub, Path systemDir) {
    Path own = dataDir.resolve(sub);
    if (Files.isDirectory(own)) {
      return own;
    }
    if (systemDir != null && Files.isDirectory(systemDir)) {
      return systemDir;
    }
    throw new SameGanException(
        "Data set '" + sub + "' not found in " + own
            + (systemDir != null ? " or " + systemDir + " (Debian: apt-get install dataset-" + sub + ")" : "")
            + "; download it with 'samegan data download " + sub + "' or pass --data-dir");
  }

  /** The extracted CIFAR folder under {@code dataDir} (or {@code dataDir} itself). */
  static Path cifarDir(Path dataDir, String folder, String name) {
    for (Path p : new Path[] {dataDir.resolve(folder), dataDir.resolve(name).resolve(folder), dataDir}) {
      if (Files.isDirectory(p) && p.getFileName() != null && p.getFileName().toString().equals(folder)) {
        return p;
      }
    }
    throw new SameGanException(
        "Data set '" + name + "' not found: expected the folder " + dataDir.resolve(folder)
            + " (extracted from the official binary archive); download it with 'samegan data download "
            + name + "' or pass --data-dir");
  }
}
