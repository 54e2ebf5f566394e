package io.github.samegan.data.loaders;

import static io.github.samegan.data.loaders.CifarFiles.pixel;
import static io.github.samegan.data.loaders.CifarFiles.record;
import static io.github.samegan.data.loaders.CifarFiles.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10DatasetTest {

  private static final List<String> NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  @TempDir Path parent;
  private Path dir;

  /** Batch b (1-based) holds two records: seeds 10b and 10b+1, labels (b + 2) % 10 and b - 1. */
  @BeforeEach
  void writeFiles() throws IOException {
    dir = parent.resolve("cifar-10-batches-bin");
    CifarFiles.writeNames(dir.resolve("batches.meta.txt"), NAMES);
    for (int b = 1; b <= 5; b++) {
      CifarFiles.write(
          dir.resolve("data_batch_" + b + ".bin"),
          List.of(record(10 * b, (b + 2) % 10), record(10 * b + 1, b - 1)));
    }
    CifarFiles.write(dir.resolve("test_batch.bin"), List.of(record(99, 9)));
  }

  @Test
  void trainConcatenatesTheFiveBatchesInOrder() {
    InMemoryImageDataset ds = Cifar10Dataset.load(dir, Split.TRAIN);
    assertThat(ds.name()).isEqualTo("cifar10-train");
    assertThat(ds.info()).isEqualTo(ImageInfo.rgb(32));
    assertThat(ds.size()).isEqualTo(10);
    assertThat(ds.classNames()).containsExactlyElementsOf(NAMES);
    assertThat(ds.labels()).containsExactly(3, 0, 4, 1, 5, 2, 6, 3, 7, 4);
    for (int i = 0; i < 10; i++) {
      int seed = 10 * (i / 2 + 1) + i % 2;
      float[] img = ds.image(i);
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            assertThat(img[c * 1024 + y * 32 + x]).isEqualTo(scaled(pixel(seed, c, y, x)));
          }
        }
      }
    }
  }

  @Test
  void testSplitReadsTestBatchFromTheParentFolder() {
    InMemoryImageDataset ds = Cifar10Dataset.load(parent, Split.TEST);
    assertThat(ds.name()).isEqualTo("cifar10-test");
    assertThat(ds.size()).isEqualTo(1);
    assertThat(ds.classNames().get(ds.label(0))).isEqualTo("truck");
    assertThat(ds.image(0)[1024 + 33]).isEqualTo(scaled(pixel(99, 1, 1, 1)));
  }

  @Test
  void classFilterKeepsNamedClassesRenumberedInOriginalOrder() {
    InMemoryImageDataset ds =
        Cifar10Dataset.load(dir, Split.TRAIN, List.of("dog", "automobile"), Integer.MAX_VALUE);
    assertThat(ds.classNames()).containsExactly("automobile", "dog");
    // automobile (1) is record 3 (seed 21); dog (5) is record 4 (seed 30).
    assertThat(ds.labels()).containsExactly(0, 1);
    assertThat(ds.image(0)[0]).isEqualTo(scaled(pixel(21, 0, 0, 0)));
    assertThat(ds.image(1)[0]).isEqualTo(scaled(pixel(30, 0, 0, 0)));
  }

  @Test
  void limitStopsAfterThatManyRecordsAcrossFiles() {
    InMemoryImageDataset ds = Cifar10Dataset.load(dir, Split.TRAIN, List.of(), 3);
    assertThat(ds.labels()).containsExactly(3, 0, 4);
    assertThatThrownBy(() -> Cifar10Dataset.load(dir, Split.TRAIN, List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 0");
  }

  @Test
  void unknownClassNameIsRejectedListingTheValidNames() {
    assertThatThrownBy(() -> Cifar10Dataset.load(dir, Split.TRAIN, List.of("cat", "zebra"), 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'zebra'")
        .hasMessageContaining(NAMES.toString());
  }

  @Test
  void truncatedBatchIsRejectedWithRecordSizeActualSizeAndStandardSize() throws IOException {
    Path batch = dir.resolve("data_batch_3.bin");
    byte[] data = Files.readAllBytes(batch);
    Files.write(batch, Arrays.copyOf(data, data.length - 1));
    assertThatThrownBy(() -> Cifar10Dataset.load(dir, Split.TRAIN))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(batch.toString())
        .hasMessageContaining("3073-byte records")
        .hasMessageContaining("has " + (2 * 3073 - 1) + " bytes")
        .hasMessageContaining("30730000 bytes")
        .hasMessageContaining("truncated");
  }

  @Test
  void paddedBatchIsRejectedWithActualSize() throws IOException {
    Path batch = dir.resolve("test_batch.bin");
    byte[] data = Files.readAllBytes(batch);
    Files.write(batch, Arrays.copyOf(data, data.length + 100));
    assertThatThrownBy(() -> Cifar10Dataset.load(dir, Split.TEST))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(batch.toString())
        .hasMessageContaining("has " + (3073 + 100) + " bytes")
        .hasMessageContaining("100 extra bytes");
  }

  @Test
  void missingBatchIsRejectedNamingTheFile() throws IOException {
    Path batch = dir.resolve("data_batch_5.bin");
    Files.delete(batch);
    assertThatThrownBy(() -> Cifar10Dataset.load(dir, Split.TRAIN))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(batch.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void labelAboveNineIsRejectedNamingFileAndRecord() throws IOException {
    Path batch = dir.resolve("test_batch.bin");
    CifarFiles.write(batch, List.of(record(1, 10)));
    assertThatThrownBy(() -> Cifar10Dataset.load(dir, Split.TEST))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(batch.toString())
        .hasMessageContaining("record 0")
        .hasMessageContaining("label 10");
  }
}
