package io.github.samegan.data.loaders;

import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.InMemoryImageDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads the binary version of CIFAR-10 (Krizhevsky, 2009, <a
 * href="https://www.cs.toronto.edu/~kriz/cifar.html">cs.toronto.edu/~kriz/cifar.html</a>).
 *
 * <p>Expected files, in {@code dir} or in {@code dir/cifar-10-batches-bin/} (the folder that {@code
 * cifar-10-binary.tar.gz} extracts to):
 *
 * <ul>
 *   <li>{@code data_batch_1.bin} ... {@code data_batch_5.bin} (train, read in that order) and
 *       {@code test_batch.bin} (test), 10,000 records and 30,730,000 bytes each. Each 3,073-byte
 *       record is 1 label byte and 3,072 pixel bytes: the red plane, then green, then blue, each
 *       32x32 row-major.
 *   <li>{@code batches.meta.txt}: the 10 class names, one per line.
 * </ul>
 *
 * <p>Images keep the file's CHW layout and order. With a class filter only records of the named
 * classes are kept and labels are renumbered 0..k-1 over the classes that occur, in their original
 * order.
 */
public final class Cifar10Dataset {

  /** Bytes per record: 1 label byte and 3,072 pixel bytes. */
  public static final int RECORD_BYTES = 3073;

  /** Size of each standard batch file. */
  public static final long BATCH_FILE_BYTES = 30_730_000L;

  /** Name of the folder the official archive extracts to. */
  public static final String FOLDER = "cifar-10-batches-bin";

  /** Number of classes. */
  public static final int CLASSES = 10;

  /** Number of training batch files. */
  public static final int TRAIN_BATCHES = 5;

  private static final String FORMAT = "CIFAR-10";
  private static final String FIX =
      "re-download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html and"
          + " extract it again";

  private Cifar10Dataset() {}

  /**
   * Loads a whole split.
   *
   * @param dir the {@code cifar-10-batches-bin} folder or its parent
   * @param split {@code TRAIN} (the five data batches) or {@code TEST}
   * @return the images, named {@code cifar10-train} or {@code cifar10-test}
   * @throws DatasetFormatException if a file is missing or malformed
   */
  public static InMemoryImageDataset load(Path dir, Split split) {
    return load(dir, split, List.of(), Integer.MAX_VALUE);
  }

  /**
   * Loads a split, optionally keeping only some classes and at most {@code limit} records.
   *
   * @param dir the {@code cifar-10-batches-bin} folder or its parent
   * @param split {@code TRAIN} (the five data batches) or {@code TEST}
   * @param classes class names to keep (e.g. {@code cat, dog}); empty keeps all
   * @param limit the most records to keep, at least 1 ({@code Integer.MAX_VALUE} for all)
   * @return the images in file order
   * @throws IllegalArgumentException if a class name is unknown (the message lists the valid ones)
   *     or {@code limit < 1}
   * @throws DatasetFormatException if a file is missing or malformed, no record matches, or the
   *     images would not fit in memory
   */
  public static InMemoryImageDataset load(Path dir, Split split, List<String> classes, int limit) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(classes, "classes");
    LoaderSupport.checkLimit(limit);
    Path root = resolve(dir);
    List<String> names =
        LoaderSupport.readNames(
            root.resolve("batches.meta.txt"), FORMAT + " label names", CLASSES, FIX);
    boolean filter = !classes.isEmpty();
    boolean[] keep = LoaderSupport.selection(classes, names, FORMAT);
    List<Path> files = new ArrayList<>();
    if (split == Split.TRAIN) {
      for (int i = 1; i <= TRAIN_BATCHES; i++) {
        files.add(root.resolve("data_batch_" + i + ".bin"));
      }
    } else {
      files.add(root.resolve("test_batch.bin"));
    }
    int[] counts = new int[files.size()];
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      LoaderSupport.requireFile(file, FORMAT, FIX);
      counts[i] =
          LoaderSupport.checkRecordFile(
              file,
              FORMAT,
              RECORD_BYTES,
              "1 label + 3072 pixels",
              file.getFileName().toString(),
              BATCH_FILE_BYTES,
              FIX);
    }
    CifarReader.Labeller labeller =
        (record, f, r) -> {
          int l = record[0] & 0xFF;
          if (l >= CLASSES) {
            throw new DatasetFormatException(
                FORMAT
                    + " file "
                    + f
                    + ": record "
                    + r
                    + " has label "
                    + l
                    + ", expected a label in [0, 9]; "
                    + FIX);
          }
          return filter && !keep[l] ? -1 : l;
        };
    CifarReader.Result result =
        CifarReader.read(FORMAT, files, counts, RECORD_BYTES, labeller, limit, !filter);
    int[] labels = result.labels();
    if (labels.length == 0) {
      throw new DatasetFormatException(
          FORMAT + " files " + files + " hold no record of the classes " + classes);
    }
    List<String> classNames = filter ? LoaderSupport.compact(labels, names) : names;
    return InMemoryImageDataset.labelled(
        "cifar10-" + split.lower(), CifarReader.INFO, result.pixels(), labels, classNames);
  }

  private static Path resolve(Path dir) {
    if (Files.isDirectory(dir.resolve(FOLDER)) && !Files.exists(dir.resolve("batches.meta.txt"))) {
      return dir.resolve(FOLDER);
    }
    if (!Files.isDirectory(dir)) {
      throw new DatasetFormatException(
          FORMAT + " folder " + dir + " does not exist; " + FIX + " and pass its folder");
    }
    return dir;
  }
}
