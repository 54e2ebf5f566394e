package io.github.samegan.data.loaders;

import static io.github.samegan.data.loaders.CifarFiles.pixel;
import static io.github.samegan.data.loaders.CifarFiles.record;
import static io.github.samegan.data.loaders.CifarFiles.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.data.loaders.Cifar100Dataset.LabelMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar100DatasetTest {

  private static final int APPLE = 0;
  private static final int AQUARIUM_FISH = 1;
  private static final int BABY = 2;
  private static final int ORANGE = 53;
  private static final int FISH = 1;
  private static final int FRUIT = 4;
  private static final int PEOPLE = 14;

  @TempDir Path parent;
  private Path dir;
  private List<String> fine;
  private List<String> coarse;

  /** {seed, coarse, fine} of the records written to train.bin. */
  private static final int[][] TRAIN = {
    {0, FRUIT, APPLE},
    {1, FISH, AQUARIUM_FISH},
    {2, FRUIT, ORANGE},
    {3, PEOPLE, BABY},
    {4, FISH, AQUARIUM_FISH}
  };

  @BeforeEach
  void writeFiles() throws IOException {
    dir = parent.resolve("cifar-100-binary");
    fine = new ArrayList<>(CifarFiles.names("fine", 100));
    fine.set(APPLE, "apple");
    fine.set(AQUARIUM_FISH, "aquarium_fish");
    fine.set(BABY, "baby");
    fine.set(ORANGE, "orange");
    coarse = new ArrayList<>(CifarFiles.names("coarse", 20));
    coarse.set(FISH, "fish");
    coarse.set(FRUIT, "fruit_and_vegetables");
    coarse.set(PEOPLE, "people");
    CifarFiles.writeNames(dir.resolve("fine_label_names.txt"), fine);
    CifarFiles.writeNames(dir.resolve("coarse_label_names.txt"), coarse);
    List<byte[]> records = new ArrayList<>();
    for (int[] r : TRAIN) {
      records.add(record(r[0], r[1], r[2]));
    }
    CifarFiles.write(dir.resolve("train.bin"), records);
    CifarFiles.write(dir.resolve("test.bin"), List.of(record(50, PEOPLE, BABY)));
  }

  private static int[] labels(InMemoryImageDataset ds) {
    return ds.labels();
  }

  @Test
  void fineModeKeepsFileOrderPixelsAndFineLabels() {
    InMemoryImageDataset ds = Cifar100Dataset.load(dir, Split.TRAIN, LabelMode.FINE);
    assertThat(ds.name()).isEqualTo("cifar100-train");
    assertThat(ds.info()).isEqualTo(ImageInfo.rgb(32));
    assertThat(ds.size()).isEqualTo(TRAIN.length);
    assertThat(ds.classNames()).containsExactlyElementsOf(fine);
    assertThat(labels(ds)).containsExactly(APPLE, AQUARIUM_FISH, ORANGE, BABY, AQUARIUM_FISH);
    for (int i = 0; i < TRAIN.length; i++) {
      float[] img = ds.image(i);
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            assertThat(img[c * 1024 + y * 32 + x]).isEqualTo(scaled(pixel(TRAIN[i][0], c, y, x)));
          }
        }
      }
    }
  }

  @Test
  void coarseModeUsesTheCoarseLabelsAndNames() {
    InMemoryImageDataset ds = Cifar100Dataset.load(parent, Split.TRAIN, LabelMode.COARSE);
    assertThat(ds.classNames()).containsExactlyElementsOf(coarse);
    assertThat(labels(ds)).containsExactly(FRUIT, FISH, FRUIT, PEOPLE, FISH);
  }

  @Test
  void testSplitReadsTestBin() {
    InMemoryImageDataset ds = Cifar100Dataset.load(dir, Split.TEST, LabelMode.FINE);
    assertThat(ds.name()).isEqualTo("cifar100-test");
    assertThat(ds.size()).isEqualTo(1);
    assertThat(ds.label(0)).isEqualTo(BABY);
    assertThat(ds.image(0)[2048]).isEqualTo(scaled(pixel(50, 2, 0, 0)));
  }

  @Test
  void fineNameFilterKeepsThoseClassesRenumberedInOriginalOrder() {
    InMemoryImageDataset ds =
        Cifar100Dataset.load(
            dir, Split.TRAIN, LabelMode.FINE, List.of("orange", "apple"), Integer.MAX_VALUE);
    assertThat(ds.classNames()).containsExactly("apple", "orange");
    assertThat(labels(ds)).containsExactly(0, 1);
    assertThat(ds.image(1)).containsExactly(imageOfSeed(2));
  }

  @Test
  void coarseNameFilterKeepsEveryFineClassInside() {
    InMemoryImageDataset fineLabels =
        Cifar100Dataset.load(
            dir, Split.TRAIN, LabelMode.FINE, List.of("fruit_and_vegetables"), Integer.MAX_VALUE);
    assertThat(fineLabels.classNames()).containsExactly("apple", "orange");
    assertThat(labels(fineLabels)).containsExactly(0, 1);
    InMemoryImageDataset coarseLabels =
        Cifar100Dataset.load(
            dir,
            Split.TRAIN,
            LabelMode.COARSE,
            List.of("fruit_and_vegetables", "people"),
            Integer.MAX_VALUE);
    assertThat(coarseLabels.classNames()).containsExactly("fruit_and_vegetables", "people");
    assertThat(labels(coarseLabels)).containsExactly(0, 0, 1);
  }

  @Test
  void unknownClassNameIsRejectedListingTheValidNames() {
    assertThatThrownBy(
            () ->
                Cifar100Dataset.load(
                    dir, Split.TRAIN, LabelMode.FINE, List.of("banana"), Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'banana'")
        .hasMessageContaining("aquarium_fish")
        .hasMessageContaining("fruit_and_vegetables");
  }

  @Test
  void limitKeepsTheFirstRecords() {
    InMemoryImageDataset ds = Cifar100Dataset.load(dir, Split.TRAIN, LabelMode.FINE, List.of(), 2);
    assertThat(ds.size()).isEqualTo(2);
    assertThat(labels(ds)).containsExactly(APPLE, AQUARIUM_FISH);
    InMemoryImageDataset fish =
        Cifar100Dataset.load(dir, Split.TRAIN, LabelMode.COARSE, List.of("fish"), 1);
    assertThat(fish.size()).isEqualTo(1);
    assertThat(fish.image(0)).containsExactly(imageOfSeed(1));
  }

  @Test
  void truncatedFileIsRejectedWithRecordSizeActualSizeAndStandardSize() throws IOException {
    Path train = dir.resolve("train.bin");
    long size = 3 * 3074 - 10;
    Files.write(train, Arrays.copyOf(Files.readAllBytes(train), (int) size));
    assertThatThrownBy(() -> Cifar100Dataset.load(dir, Split.TRAIN, LabelMode.FINE))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(train.toString())
        .hasMessageContaining("3074-byte records")
        .hasMessageContaining("has " + size + " bytes")
        .hasMessageContaining("153700000 bytes")
        .hasMessageContaining("truncated")
        .hasMessageContaining("re-download");
  }

  @Test
  void fileWithExtraBytesIsRejectedWithActualSize() throws IOException {
    Path test = dir.resolve("test.bin");
    byte[] data = Files.readAllBytes(test);
    Files.write(test, Arrays.copyOf(data, data.length + 5));
    assertThatThrownBy(() -> Cifar100Dataset.load(dir, Split.TEST, LabelMode.FINE))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(test.toString())
        .hasMessageContaining("3074-byte records")
        .hasMessageContaining("has " + (3074 + 5) + " bytes")
        .hasMessageContaining("5 extra bytes")
        .hasMessageContaining("30740000 bytes");
  }

  @Test
  void outOfRangeLabelIsRejectedNamingFileAndRecord() throws IOException {
    Path test = dir.resolve("test.bin");
    CifarFiles.write(test, List.of(record(1, 3, 4), record(2, 3, 100)));
    assertThatThrownBy(() -> Cifar100Dataset.load(dir, Split.TEST, LabelMode.FINE))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(test.toString())
        .hasMessageContaining("record 1")
        .hasMessageContaining("fine label 100");
  }

  @Test
  void missingOrEmptyNameFilesAreRejectedNamingTheFile() throws IOException {
    Path names = dir.resolve("coarse_label_names.txt");
    Files.writeString(names, "\n  \n");
    assertThatThrownBy(() -> Cifar100Dataset.load(dir, Split.TRAIN, LabelMode.COARSE))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(names.toString())
        .hasMessageContaining("names no class");
    Files.delete(names);
    assertThatThrownBy(() -> Cifar100Dataset.load(dir, Split.TRAIN, LabelMode.COARSE))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(names.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void subsetWithFewerClassesIsReadWhenEveryLabelHasAName() throws IOException {
    Path subset = parent.resolve("my-subset");
    CifarFiles.writeNames(subset.resolve("fine_label_names.txt"), List.of("cat", "dog", "fox"));
    CifarFiles.writeNames(subset.resolve("coarse_label_names.txt"), List.of("pets", "wild"));
    CifarFiles.write(
        subset.resolve("train.bin"),
        List.of(record(0, 0, 0), record(1, 0, 1), record(2, 1, 2), record(3, 0, 1)));
    InMemoryImageDataset fine = Cifar100Dataset.load(subset, Split.TRAIN, LabelMode.FINE);
    assertThat(fine.classNames()).containsExactly("cat", "dog", "fox");
    assertThat(labels(fine)).containsExactly(0, 1, 2, 1);
    assertThat(fine.image(2)).containsExactly(imageOfSeed(2));
    InMemoryImageDataset coarse = Cifar100Dataset.load(subset, Split.TRAIN, LabelMode.COARSE);
    assertThat(coarse.classNames()).containsExactly("pets", "wild");
    assertThat(labels(coarse)).containsExactly(0, 0, 1, 0);
    InMemoryImageDataset dogs =
        Cifar100Dataset.load(
            subset, Split.TRAIN, LabelMode.FINE, List.of("dog"), Integer.MAX_VALUE);
    assertThat(dogs.classNames()).containsExactly("dog");
    assertThat(dogs.size()).isEqualTo(2);
  }

  @Test
  void labelWithoutANameInASubsetIsRefusedNamingTheNamesFile() throws IOException {
    Path subset = parent.resolve("my-subset");
    Path fineNames = subset.resolve("fine_label_names.txt");
    CifarFiles.writeNames(fineNames, List.of("cat", "dog", "fox"));
    CifarFiles.writeNames(subset.resolve("coarse_label_names.txt"), List.of("pets", "wild"));
    Path train = subset.resolve("train.bin");
    CifarFiles.write(train, List.of(record(0, 0, 0), record(1, 1, 7)));
    assertThatThrownBy(() -> Cifar100Dataset.load(subset, Split.TRAIN, LabelMode.COARSE))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(train.toString())
        .hasMessageContaining("record 1")
        .hasMessageContaining("fine label 7")
        .hasMessageContaining(fineNames + " names only 3 classes (labels 0 to 2)")
        .hasMessageContaining("add the missing class names")
        .hasMessageNotContaining("re-download");
  }

  @Test
  void fileTooLargeForMemoryIsRefusedBeforeAnyRecordIsRead() throws IOException {
    Path train = dir.resolve("train.bin");
    long length = 1_000_000L * Cifar100Dataset.RECORD_BYTES; // 3.07 GB, sparse: nothing written
    Bombs.sparse(train, record(0, FRUIT, APPLE), length);
    assertThatThrownBy(() -> Cifar100Dataset.load(dir, Split.TRAIN, LabelMode.FINE))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(train.toString())
        .hasMessageContaining(length + " bytes, 1000000 records of 3074 bytes")
        .hasMessageContaining("needs 3072000000 bytes of pixels")
        .hasMessageContaining("limit of " + LoaderSupport.MAX_ARRAY_BYTES + " bytes")
        .hasMessageContaining("record limit");
    // a record limit makes the same file loadable
    InMemoryImageDataset first =
        Cifar100Dataset.load(dir, Split.TRAIN, LabelMode.FINE, List.of(), 3);
    assertThat(first.size()).isEqualTo(3);
    assertThat(labels(first)[0]).isEqualTo(APPLE);
  }

  private static float[] imageOfSeed(int seed) {
    float[] out = new float[3072];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          out[c * 1024 + y * 32 + x] = scaled(pixel(seed, c, y, x));
        }
      }
    }
    return out;
  }
}
