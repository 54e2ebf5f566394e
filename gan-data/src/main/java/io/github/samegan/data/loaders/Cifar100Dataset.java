package io.github.samegan.data.loaders;

import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.InMemoryImageDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Loads the binary version of CIFAR-100 (Krizhevsky, 2009, <a
 * href="https://www.cs.toronto.edu/~kriz/cifar.html">cs.toronto.edu/~kriz/cifar.html</a>).
 *
 * <p>Expected files, in {@code dir} or in {@code dir/cifar-100-binary/} (the folder that {@code
 * cifar-100-binary.tar.gz} extracts to):
 *
 * <ul>
 *   <li>{@code train.bin} (50,000 records, 153,700,000 bytes) and {@code test.bin} (10,000 records,
 *       30,740,000 bytes). Each 3,074-byte record is 1 coarse-label byte, 1 fine-label byte and
 *       3,072 pixel bytes: the red plane, then green, then blue, each 32x32 row-major.
 *   <li>{@code fine_label_names.txt} (100 names) and {@code coarse_label_names.txt} (20 names), one
 *       per line. A folder of your own data in this format (e.g. a subset) may name another number
 *       of classes: it is read with a logged warning, and a record whose label has no name is an
 *       error.
 * </ul>
 *
 * <p>Images keep the file's CHW layout and order. Without a class filter, labels are the file's
 * fine (0-99) or coarse (0-19) labels and the class names are the full list. With a filter, only
 * records whose fine <em>or</em> coarse class is named are kept, and labels are renumbered 0..k-1
 * over the classes (of the chosen label mode) that occur among the kept records, in their original
 * order.
 */
public final class Cifar100Dataset {

  /** Bytes per record: 2 label bytes and 3,072 pixel bytes. */
  public static final int RECORD_BYTES = 3074;

  /** Size of the standard {@code train.bin}. */
  public static final long TRAIN_FILE_BYTES = 153_700_000L;

  /** Size of the standard {@code test.bin}. */
  public static final long TEST_FILE_BYTES = 30_740_000L;

  /** Name of the folder the official archive extracts to. */
  public static final String FOLDER = "cifar-100-binary";

  /** Number of fine classes. */
  public static final int FINE_CLASSES = 100;

  /** Number of coarse classes (super-classes). */
  public static final int COARSE_CLASSES = 20;

  private static final String FORMAT = "CIFAR-100";
  private static final String FIX =
      "re-download cifar-100-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html and"
          + " extract it again";
  private static final String NAMES_FIX =
      FIX
          + "; for your own data in the CIFAR-100 format, write the file with one class name per"
          + " line, in label order";

  /** Which of the two labels of a record becomes the image's class. */
  public enum LabelMode {
    /** The 100 fine classes, e.g. {@code apple}. */
    FINE,
    /** The 20 coarse super-classes, e.g. {@code fruit_and_vegetables}. */
    COARSE
  }

  private Cifar100Dataset() {}

  /**
   * Loads a whole split.
   *
   * @param dir the {@code cifar-100-binary} folder or its parent
   * @param split which file to read
   * @param mode which label to use
   * @return the images, named {@code cifar100-train} or {@code cifar100-test}
   * @throws DatasetFormatException if a file is missing or malformed
   */
  public static InMemoryImageDataset load(Path dir, Split split, LabelMode mode) {
    return load(dir, split, mode, List.of(), Integer.MAX_VALUE);
  }

  /**
   * Loads a split, optionally keeping only some classes and at most {@code limit} records.
   *
   * @param dir the {@code cifar-100-binary} folder or its parent
   * @param split which file to read
   * @param mode which label to use
   * @param classes fine names (e.g. {@code apple}) and/or coarse names (e.g. {@code
   *     fruit_and_vegetables}) to keep; empty keeps all
   * @param limit the most records to keep, at least 1 ({@code Integer.MAX_VALUE} for all)
   * @return the images in file order
   * @throws IllegalArgumentException if a class name is unknown (the message lists the valid ones)
   *     or {@code limit < 1}
   * @throws DatasetFormatException if a file is missing or malformed, a label has no name, no
   *     record matches, or the images would not fit in memory
   */
  public static InMemoryImageDataset load(
      Path dir, Split split, LabelMode mode, List<String> classes, int limit) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(classes, "classes");
    LoaderSupport.checkLimit(limit);
    Path root = resolve(dir);
    Path fineFile = root.resolve("fine_label_names.txt");
    Path coarseFile = root.resolve("coarse_label_names.txt");
    List<String> fine =
        LoaderSupport.readSubsetNames(
            fineFile, FORMAT + " fine label names", FINE_CLASSES, NAMES_FIX);
    List<String> coarse =
        LoaderSupport.readSubsetNames(
            coarseFile, FORMAT + " coarse label names", COARSE_CLASSES, NAMES_FIX);
    boolean standardNames = fine.size() == FINE_CLASSES && coarse.size() == COARSE_CLASSES;
    boolean filter = !classes.isEmpty();
    boolean[] keepFine = new boolean[fine.size()];
    boolean[] keepCoarse = new boolean[coarse.size()];
    for (String name : classes) {
      Objects.requireNonNull(name, "class name");
      String n = name.strip();
      int f = fine.indexOf(n);
      int c = coarse.indexOf(n);
      if (f < 0 && c < 0) {
        throw new IllegalArgumentException(
            "unknown CIFAR-100 class '"
                + name
                + "'; valid fine names are "
                + fine
                + " and valid coarse names are "
                + coarse);
      }
      if (f >= 0) {
        keepFine[f] = true;
      }
      if (c >= 0) {
        keepCoarse[c] = true;
      }
    }
    String fileName = split == Split.TRAIN ? "train.bin" : "test.bin";
    Path file = root.resolve(fileName);
    LoaderSupport.requireFile(file, FORMAT, FIX);
    int count =
        LoaderSupport.checkRecordFile(
            file,
            FORMAT,
            RECORD_BYTES,
            "1 coarse label + 1 fine label + 3072 pixels",
            fileName,
            split == Split.TRAIN ? TRAIN_FILE_BYTES : TEST_FILE_BYTES,
            FIX);
    CifarReader.Labeller labeller =
        (record, f, r) -> {
          int c = record[0] & 0xFF;
          int fl = record[1] & 0xFF;
          if (c >= coarse.size() || fl >= fine.size()) {
            if (standardNames) {
              throw new DatasetFormatException(
                  FORMAT
                      + " file "
                      + f
                      + ": record "
                      + r
                      + " has coarse label "
                      + c
                      + " and fine label "
                      + fl
                      + ", expected coarse in [0, 19] and fine in [0, 99]; "
                      + FIX);
            }
            boolean fineOut = fl >= fine.size();
            throw new DatasetFormatException(
                FORMAT
                    + " file "
                    + f
                    + ": record "
                    + r
                    + " has coarse label "
                    + c
                    + " and fine label "
                    + fl
                    + ", but "
                    + (fineOut ? fineFile : coarseFile)
                    + " names only "
                    + (fineOut ? fine.size() : coarse.size())
                    + " classes (labels 0 to "
                    + ((fineOut ? fine.size() : coarse.size()) - 1)
                    + "); add the missing class names to that file (one per line, in label order),"
                    + " or leave the records of unnamed classes out of the data");
          }
          if (filter && !keepFine[fl] && !keepCoarse[c]) {
            return -1;
          }
          return mode == LabelMode.FINE ? fl : c;
        };
    CifarReader.Result result =
        CifarReader.read(
            FORMAT, List.of(file), new int[] {count}, RECORD_BYTES, labeller, limit, !filter);
    List<String> names = mode == LabelMode.FINE ? fine : coarse;
    int[] labels = result.labels();
    if (labels.length == 0) {
      throw new DatasetFormatException(
          FORMAT + " file " + file + " holds no record of the classes " + classes);
    }
    if (filter) {
      names = LoaderSupport.compact(labels, names);
    }
    return InMemoryImageDataset.labelled(
        "cifar100-" + split.lower(), CifarReader.INFO, result.pixels(), labels, names);
  }

  private static Path resolve(Path dir) {
    if (Files.isDirectory(dir.resolve(FOLDER))
        && !Files.exists(dir.resolve("fine_label_names.txt"))) {
      return dir.resolve(FOLDER);
    }
    if (!Files.isDirectory(dir)) {
      throw new DatasetFormatException(
          FORMAT + " folder " + dir + " does not exist; " + FIX + " and pass its folder");
    }
    return dir;
  }
}
