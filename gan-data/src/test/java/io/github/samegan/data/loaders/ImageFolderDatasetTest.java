package io.github.samegan.data.loaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {

  @TempDir Path root;

  private static Path writeRgb(Path file, int w, int h, IntBinaryOperator rgbAt)
      throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgbAt.applyAsInt(x, y));
      }
    }
    Files.createDirectories(file.getParent());
    assertThat(ImageIO.write(img, "png", file.toFile())).isTrue();
    return file;
  }

  private static Path writeGray(Path file, int w, int h, IntBinaryOperator valueAt)
      throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.getRaster().setSample(x, y, 0, valueAt.applyAsInt(x, y));
      }
    }
    Files.createDirectories(file.getParent());
    assertThat(ImageIO.write(img, "png", file.toFile())).isTrue();
    return file;
  }

  private static int rgb(int r, int g, int b) {
    return (r << 16) | (g << 8) | b;
  }

  private static float scaled(double p) {
    return (float) (p / 127.5 - 1);
  }

  /** Value of channel c at (y, x) of a loaded image of the given width and height. */
  private static float at(float[] img, int c, int y, int x, int w, int h) {
    return img[c * w * h + y * w + x];
  }

  @Test
  void subFoldersBecomeSortedClassesAndPixelsAreReadExactly() throws IOException {
    writeRgb(root.resolve("dogs/b.png"), 4, 4, (x, y) -> rgb(10 * x, 20 * y, 200));
    writeRgb(root.resolve("cats/z.png"), 4, 4, (x, y) -> rgb(60 + x, 70, 80 + y));
    writeGray(root.resolve("cats/a.png"), 4, 4, (x, y) -> 16 * (y * 4 + x));
    Files.writeString(root.resolve("cats/notes.txt"), "not an image");
    InMemoryImageDataset ds = ImageFolderDataset.load(root, ImageInfo.rgb(4));
    assertThat(ds.classNames()).containsExactly("cats", "dogs");
    assertThat(ds.labels()).containsExactly(0, 0, 1);
    assertThat(ds.name()).isEqualTo(root.getFileName().toString());
    float[] gray = ds.image(0);
    float[] cat = ds.image(1);
    float[] dog = ds.image(2);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        for (int c = 0; c < 3; c++) {
          assertThat(at(gray, c, y, x, 4, 4)).isEqualTo(scaled(16 * (y * 4 + x)));
        }
        assertThat(at(cat, 0, y, x, 4, 4)).isEqualTo(scaled(60 + x));
        assertThat(at(cat, 2, y, x, 4, 4)).isEqualTo(scaled(80 + y));
        assertThat(at(dog, 0, y, x, 4, 4)).isEqualTo(scaled(10 * x));
        assertThat(at(dog, 1, y, x, 4, 4)).isEqualTo(scaled(20 * y));
        assertThat(at(dog, 2, y, x, 4, 4)).isEqualTo(scaled(200));
      }
    }
  }

  @Test
  void encodedBytesDecodeAsTheFileAndExactSizeRefusesOtherSizes() throws IOException {
    writeRgb(root.resolve("a.png"), 4, 4, (x, y) -> rgb(10 * x, 20 * y, 200));
    byte[] file = Files.readAllBytes(root.resolve("a.png"));
    byte[] decoded = new byte[2 + 3 * 16];
    ImageFolderDataset.decode(file, "row 7", ImageInfo.rgb(4), true, decoded, 2);
    float[] loaded = ImageFolderDataset.load(root, ImageInfo.rgb(4)).image(0);
    for (int i = 0; i < loaded.length; i++) {
      assertThat(scaled(decoded[2 + i] & 0xFF)).isEqualTo(loaded[i]);
    }
    assertThatThrownBy(
            () -> ImageFolderDataset.decode(file, "row 7", ImageInfo.rgb(2), true, decoded, 0))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("row 7 is 4x4 pixels but exactly 2x2");
    assertThatThrownBy(
            () ->
                ImageFolderDataset.decode(
                    new byte[] {1, 2, 3}, "row 8", ImageInfo.rgb(2), false, decoded, 0))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("row 8");
  }

  @Test
  void flatFolderIsUnlabelled() throws IOException {
    writeRgb(root.resolve("one.png"), 3, 3, (x, y) -> rgb(1, 2, 3));
    writeRgb(root.resolve("two.PNG"), 3, 3, (x, y) -> rgb(4, 5, 6));
    InMemoryImageDataset ds = ImageFolderDataset.load(root, ImageInfo.rgb(3));
    assertThat(ds.size()).isEqualTo(2);
    assertThat(ds.isLabelled()).isFalse();
    assertThat(ds.label(1)).isEqualTo(-1);
    assertThat(ds.image(1)[0]).isEqualTo(scaled(4));
  }

  @Test
  void rgbIsConvertedToGrayByLuma() throws IOException {
    writeRgb(root.resolve("c.png"), 2, 2, (x, y) -> rgb(200, 100, 50));
    InMemoryImageDataset ds = ImageFolderDataset.load(root, ImageInfo.gray(2));
    long luma = Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50);
    assertThat(ds.image(0)).containsOnly(scaled(luma));
  }

  @Test
  void shrinkingAveragesEachBlock() throws IOException {
    // 8x8 image of 2x2 blocks; each block's four pixels are v, v+4, v+8, v+12.
    IntBinaryOperator blocks = (x, y) -> 40 * (y / 2) + 10 * (x / 2) + 4 * (y % 2 * 2 + x % 2);
    writeGray(root.resolve("g.png"), 8, 8, blocks);
    InMemoryImageDataset ds = ImageFolderDataset.load(root, ImageInfo.gray(4));
    float[] img = ds.image(0);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertThat(img[y * 4 + x]).isEqualTo(scaled(40 * y + 10 * x + 6));
      }
    }
  }

  @Test
  void enlargingInterpolatesBetweenNeighbours() throws IOException {
    writeGray(root.resolve("g.png"), 2, 1, (x, y) -> x == 0 ? 0 : 200);
    writeGray(root.resolve("h.png"), 2, 2, (x, y) -> 90);
    InMemoryImageDataset ds = ImageFolderDataset.load(root, new ImageInfo(1, 1, 4));
    float[] ramp = ds.image(0);
    // Output centres map to source positions -0.25, 0.25, 0.75, 1.25 (clamped to [0, 1]).
    assertThat(ramp).containsExactly(scaled(0), scaled(50), scaled(150), scaled(200));
    InMemoryImageDataset big = ImageFolderDataset.load(root, ImageInfo.gray(7));
    assertThat(big.image(1)).containsOnly(scaled(90));
  }

  @Test
  void wideImagesAreCenterCroppedToTheTargetAspect() throws IOException {
    // 12x4: red, green and blue vertical bands of 4 columns; the centered 4x4 crop is green.
    writeRgb(
        root.resolve("bands.png"),
        12,
        4,
        (x, y) -> x < 4 ? rgb(255, 0, 0) : x < 8 ? rgb(0, 255, 0) : rgb(0, 0, 255));
    InMemoryImageDataset ds = ImageFolderDataset.load(root, ImageInfo.rgb(2));
    float[] img = ds.image(0);
    for (int i = 0; i < 4; i++) {
      assertThat(img[i]).isCloseTo(-1f, Offset.offset(1e-6f));
      assertThat(img[4 + i]).isCloseTo(1f, Offset.offset(1e-6f));
      assertThat(img[8 + i]).isCloseTo(-1f, Offset.offset(1e-6f));
    }
  }

  @Test
  void unreadableFileIsReportedByName() throws IOException {
    writeRgb(root.resolve("cats/good.png"), 2, 2, (x, y) -> 0);
    Path broken = root.resolve("cats/broken.png");
    Files.write(broken, new byte[] {1, 2, 3, 4, 5});
    assertThatThrownBy(() -> ImageFolderDataset.load(root, ImageInfo.rgb(2)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(broken.toString());
  }

  @Test
  void mixedLayoutAndEmptyFoldersAreRejected() throws IOException {
    Files.createDirectories(root.resolve("empty"));
    assertThatThrownBy(() -> ImageFolderDataset.load(root.resolve("empty"), ImageInfo.rgb(2)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("holds no image files");
    writeRgb(root.resolve("cats/a.png"), 2, 2, (x, y) -> 0);
    writeRgb(root.resolve("loose.png"), 2, 2, (x, y) -> 0);
    assertThatThrownBy(() -> ImageFolderDataset.load(root, ImageInfo.rgb(2)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("loose.png")
        .hasMessageContaining("cats");
    assertThatThrownBy(() -> ImageFolderDataset.load(root.resolve("nope"), ImageInfo.rgb(2)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void pngDeclaringTwentyThousandPixelsSquareIsRefusedFromItsHeader() throws IOException {
    writeRgb(root.resolve("a.png"), 4, 4, (x, y) -> rgb(10, 20, 30));
    Path bomb = Bombs.png(root.resolve("b.png"), 20000, 20000);
    assertThat(Files.size(bomb)).isLessThan(2L << 20);
    long started = System.nanoTime();
    assertThatThrownBy(() -> ImageFolderDataset.load(root, ImageInfo.rgb(8)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(bomb.toString())
        .hasMessageContaining("20000x20000 = 400000000 pixels")
        .hasMessageContaining("limit of " + ImageFolderDataset.DEFAULT_MAX_IMAGE_PIXELS + " pixels")
        .hasMessageContaining(ImageFolderDataset.MAX_IMAGE_PIXELS_PROPERTY);
    assertThat(System.nanoTime() - started).as("nothing decoded").isLessThan(2_000_000_000L);
  }

  @Test
  void imageTooLargeToDecodeInTheHeapIsRefusedEvenUnderARaisedLimit() throws IOException {
    Assumptions.assumeTrue(
        Runtime.getRuntime().maxMemory() < 8_000_000_000L, "needs a heap under 8 GB");
    Path bomb = Bombs.png(root.resolve("b.png"), 20000, 20000);
    withMaxPixels(
        "1000000000",
        () ->
            assertThatThrownBy(() -> ImageFolderDataset.load(root, ImageInfo.rgb(8)))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(bomb.toString())
                .hasMessageContaining(
                    "need about 8000000000 bytes to decode, more than this JVM's whole heap")
                .hasMessageContaining("-Xmx"));
  }

  @Test
  void thePixelLimitComesFromASystemProperty() throws IOException {
    Path small = writeRgb(root.resolve("a.png"), 40, 30, (x, y) -> rgb(x, y, 0));
    withMaxPixels(
        "1200",
        () -> assertThat(ImageFolderDataset.load(root, ImageInfo.rgb(8)).size()).isEqualTo(1));
    withMaxPixels(
        "1199",
        () ->
            assertThatThrownBy(() -> ImageFolderDataset.load(root, ImageInfo.rgb(8)))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(small.toString())
                .hasMessageContaining("limit of 1199 pixels"));
    withMaxPixels(
        "lots",
        () ->
            assertThatThrownBy(ImageFolderDataset::maxImagePixels)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lots'"));
  }

  private static void withMaxPixels(String value, Runnable r) {
    String saved = System.getProperty(ImageFolderDataset.MAX_IMAGE_PIXELS_PROPERTY);
    System.setProperty(ImageFolderDataset.MAX_IMAGE_PIXELS_PROPERTY, value);
    try {
      r.run();
    } finally {
      if (saved == null) {
        System.clearProperty(ImageFolderDataset.MAX_IMAGE_PIXELS_PROPERTY);
      } else {
        System.setProperty(ImageFolderDataset.MAX_IMAGE_PIXELS_PROPERTY, saved);
      }
    }
  }
}
