package io.github.samegan.data.loaders;

import static io.github.samegan.data.loaders.IdxFiles.imagesFile;
import static io.github.samegan.data.loaders.IdxFiles.labelsFile;
import static io.github.samegan.data.loaders.IdxFiles.pixel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetTest {

  @TempDir Path dir;

  private Path write(String name, byte[] data, boolean gzip) throws IOException {
    Path file = dir.resolve(name);
    if (gzip) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(data);
      }
    } else {
      Files.write(file, data);
    }
    return file;
  }

  private static float scaled(int p) {
    return (float) (p / 127.5 - 1);
  }

  @Test
  void readsRawImagesAndLabelsInFileOrder() throws IOException {
    Path images = write("imgs-idx3-ubyte", imagesFile(0x803, 3, 4, 5), false);
    Path labels = write("labels-idx1-ubyte", labelsFile(2, 0, 1), false);
    InMemoryImageDataset ds = IdxDataset.load(images, labels, false);
    assertThat(ds.size()).isEqualTo(3);
    assertThat(ds.info()).isEqualTo(new ImageInfo(1, 4, 5));
    assertThat(ds.name()).isEqualTo("imgs-idx3-ubyte");
    assertThat(ds.classNames()).containsExactly("0", "1", "2");
    assertThat(new int[] {ds.label(0), ds.label(1), ds.label(2)}).containsExactly(2, 0, 1);
    for (int i = 0; i < 3; i++) {
      float[] img = ds.image(i);
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 5; x++) {
          assertThat(img[y * 5 + x]).isEqualTo(scaled(pixel(i, y, x)));
        }
      }
    }
  }

  @Test
  void gzippedFilesAreDetectedByTheirMagicBytesNotTheirName() throws IOException {
    Path images = write("images.bin", imagesFile(0x803, 2, 3, 3), true);
    Path labels = write("labels.bin", labelsFile(1, 1), true);
    Path rawImages = write("images-raw.gz", imagesFile(0x803, 2, 3, 3), false);
    InMemoryImageDataset gz = IdxDataset.load(images, labels, false);
    InMemoryImageDataset raw = IdxDataset.load(rawImages, null, false);
    assertThat(gz.image(1)).containsExactly(raw.image(1));
    assertThat(gz.label(1)).isEqualTo(1);
    assertThat(raw.isLabelled()).isFalse();
    assertThat(raw.label(0)).isEqualTo(-1);
  }

  @Test
  void padTo32SurroundsTwentyEightPixelImagesWithBlack() throws IOException {
    Path images = write("i.gz", imagesFile(0x803, 2, 28, 28), true);
    InMemoryImageDataset ds = IdxDataset.load(images, null, true);
    assertThat(ds.info()).isEqualTo(ImageInfo.gray(32));
    float[] img = ds.image(1);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        boolean border = y < 2 || y >= 30 || x < 2 || x >= 30;
        float expected = border ? -1f : scaled(pixel(1, y - 2, x - 2));
        assertThat(img[y * 32 + x]).as("pixel (%d, %d)", y, x).isEqualTo(expected);
      }
    }
  }

  @Test
  void explicitOptionsSetPaddingNamesLimitAndName() throws IOException {
    Path images = write("i", imagesFile(0x803, 4, 2, 2), false);
    Path labels = write("l", labelsFile(3, 1, 0, 2), false);
    List<String> names = List.of("a", "b", "c", "d");
    InMemoryImageDataset ds = IdxDataset.load(images, labels, 1, names, 2, "tiny");
    assertThat(ds.size()).isEqualTo(2);
    assertThat(ds.name()).isEqualTo("tiny");
    assertThat(ds.info()).isEqualTo(ImageInfo.gray(4));
    assertThat(ds.classNames()).containsExactlyElementsOf(names);
    assertThat(ds.label(0)).isEqualTo(3);
    assertThat(ds.image(1)[5]).isEqualTo(scaled(pixel(1, 0, 0)));
  }

  @Test
  void fashionMnistFindsTheStandardFileNamesAndNamesTheClasses() throws IOException {
    write("train-images-idx3-ubyte.gz", imagesFile(0x803, 3, 28, 28), true);
    write("train-labels-idx1-ubyte.gz", labelsFile(9, 0, 5), true);
    write("t10k-images-idx3-ubyte", imagesFile(0x803, 2, 28, 28), false);
    write("t10k-labels-idx1-ubyte", labelsFile(8, 3), false);
    InMemoryImageDataset train = IdxDataset.fashionMnist(dir, true, true);
    InMemoryImageDataset test = IdxDataset.fashionMnist(dir, false, false);
    assertThat(train.name()).isEqualTo("fashion-mnist-train");
    assertThat(train.size()).isEqualTo(3);
    assertThat(train.info()).isEqualTo(ImageInfo.gray(32));
    assertThat(train.classNames()).containsExactlyElementsOf(IdxDataset.FASHION_MNIST_CLASSES);
    assertThat(train.classNames().get(train.label(0))).isEqualTo("Ankle boot");
    assertThat(train.classNames().get(train.label(2))).isEqualTo("Sandal");
    assertThat(test.name()).isEqualTo("fashion-mnist-test");
    assertThat(test.info()).isEqualTo(ImageInfo.gray(28));
    assertThat(test.classNames().get(test.label(1))).isEqualTo("Dress");
    assertThat(test.image(1)[0]).isEqualTo(scaled(pixel(1, 0, 0)));
  }

  @Test
  void missingStandardFilesAreReportedWithTheExpectedNames() {
    assertThatThrownBy(() -> IdxDataset.fashionMnist(dir, true, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("train-images-idx3-ubyte.gz")
        .hasMessageContaining("dataset-fashion-mnist");
  }

  @Test
  void wrongMagicIsRejectedNamingFileExpectedAndActualMagic() throws IOException {
    Path images = write("swapped", labelsFile(1, 2, 3), false);
    assertThatThrownBy(() -> IdxDataset.load(images, null, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining("expected 0x00000803")
        .hasMessageContaining("magic 0x00000801")
        .hasMessageContaining("swapped");
    Path junk = write("junk", "hello world, not idx".getBytes(), false);
    assertThatThrownBy(() -> IdxDataset.load(junk, null, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(junk.toString())
        .hasMessageContaining("expected 0x00000803")
        .hasMessageContaining("0x68656C6C");
  }

  @Test
  void truncatedImagesFileIsRejectedWithExpectedAndActualSize() throws IOException {
    byte[] full = imagesFile(0x803, 3, 4, 4);
    Path images = write("cut.gz", Arrays.copyOf(full, full.length - 5), true);
    assertThatThrownBy(() -> IdxDataset.load(images, null, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining("has " + (full.length - 5) + " bytes after decompression")
        .hasMessageContaining(full.length + " bytes including the 16-byte header")
        .hasMessageContaining("truncated");
  }

  @Test
  void paddedImagesFileIsRejectedWithExpectedAndActualSize() throws IOException {
    byte[] full = imagesFile(0x803, 3, 4, 4);
    Path images = write("extra", Arrays.copyOf(full, full.length + 7), false);
    assertThatThrownBy(() -> IdxDataset.load(images, null, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining("has " + (full.length + 7) + " bytes")
        .hasMessageContaining(full.length + " bytes")
        .hasMessageContaining("padded");
  }

  @Test
  void headerCountInconsistentWithTheFileLengthIsRejected() throws IOException {
    byte[] data = imagesFile(0x803, 3, 4, 4);
    data[7] = 5; // the header now claims 5 images but the file holds 3
    Path images = write("lying", data, false);
    assertThatThrownBy(() -> IdxDataset.load(images, null, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining("5 x 4 x 4")
        .hasMessageContaining((16 + 5 * 16) + " bytes")
        .hasMessageContaining("has " + data.length + " bytes");
  }

  @Test
  void labelCountDifferentFromImageCountIsRejectedNamingBothFiles() throws IOException {
    Path images = write("i", imagesFile(0x803, 3, 2, 2), false);
    Path labels = write("l", labelsFile(0, 1), false);
    assertThatThrownBy(() -> IdxDataset.load(images, labels, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining(labels.toString())
        .hasMessageContaining("holds 2 labels")
        .hasMessageContaining("holds 3 images");
  }

  @Test
  void labelWithoutClassNameIsRejected() throws IOException {
    Path images = write("i", imagesFile(0x803, 2, 2, 2), false);
    Path labels = write("l", labelsFile(0, 4), false);
    assertThatThrownBy(
            () -> IdxDataset.load(images, labels, 0, List.of("a", "b"), Integer.MAX_VALUE, null))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(labels.toString())
        .hasMessageContaining("label 4")
        .hasMessageContaining("[0, 2)");
  }

  @Test
  void corruptGzipIsRejectedNamingTheFile() throws IOException {
    Path images = write("bad.gz", new byte[] {0x1f, (byte) 0x8b, 1, 2, 3}, false);
    assertThatThrownBy(() -> IdxDataset.load(images, null, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining("gzip");
  }

  @Test
  void padTo32RejectsImagesLargerThan32() throws IOException {
    Path images = write("big", imagesFile(0x803, 1, 34, 34), false);
    assertThatThrownBy(() -> IdxDataset.load(images, null, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("34x34");
  }

  @Test
  void gzipBombWhoseHeaderDeclaresGigabytesIsRefusedBeforeInflating() throws IOException {
    byte[] header = Arrays.copyOf(imagesFile(0x803, 0, 28, 28), 16);
    header[4] = 0x00; // 4,000,000 images of 28x28: 3,136,000,000 bytes
    header[5] = 0x3d;
    header[6] = 0x09;
    header[7] = 0x00;
    Path images = Bombs.gzip(dir.resolve("train-images-idx3-ubyte.gz"), header, 3000);
    assertThat(Files.size(images)).isLessThan(4L << 20);
    long started = System.nanoTime();
    assertThatThrownBy(() -> IdxDataset.load(images, null, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining("4000000 images of 28x28")
        .hasMessageContaining("needs 3136000000 bytes")
        .hasMessageContaining("limit of " + LoaderSupport.MAX_ARRAY_BYTES + " bytes")
        .hasMessageContaining("smaller limit");
    assertThat(System.nanoTime() - started).as("nothing inflated").isLessThan(2_000_000_000L);
  }

  @Test
  void gzipBombBehindASmallHeaderIsRefusedSoonAfterTheDeclaredEnd() throws IOException {
    byte[] small = imagesFile(0x803, 3, 4, 4);
    Path images = Bombs.gzip(dir.resolve("bomb.gz"), small, 3000);
    assertThatThrownBy(() -> IdxDataset.load(images, null, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining(
            "has more than " + (small.length + (1 << 20)) + " bytes after decompression")
        .hasMessageContaining(small.length + " bytes including the 16-byte header")
        .hasMessageContaining("padded");
  }

  @Test
  void rawFileLargerThanMemoryCanHoldIsRefusedBeforeReading() throws IOException {
    byte[] header = Arrays.copyOf(imagesFile(0x803, 0, 28, 28), 16);
    header[4] = 0x00; // 4,000,000 images of 28x28
    header[5] = 0x3d;
    header[6] = 0x09;
    header[7] = 0x00;
    Path images = Bombs.sparse(dir.resolve("big"), header, 16 + 3_136_000_000L);
    assertThatThrownBy(() -> IdxDataset.load(images, null, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining("needs 3136000000 bytes");
    // with a limit, the same file loads only what is asked for
    InMemoryImageDataset first = IdxDataset.load(images, null, 0, List.of(), 2, null);
    assertThat(first.size()).isEqualTo(2);
  }

  @Test
  void imagesLargerThanTheSideLimitAreRefusedAsAFormatError() throws IOException {
    Path images = write("wide", Arrays.copyOf(imagesFile(0x803, 1, 1, 9000), 16 + 9000), false);
    assertThatThrownBy(() -> IdxDataset.load(images, null, false))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("1x9000")
        .hasMessageContaining("at most " + ImageInfo.MAX_SIDE);
  }
}
