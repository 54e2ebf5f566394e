package io.github.samegan.data.loaders;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.loaders.Cifar100Dataset.LabelMode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz tests of every data set reader: whatever the bytes, a loader either loads them or throws a
 * {@link DatasetFormatException}; any other exception or error (an index out of bounds, a negative
 * array size, running out of memory) fails the test.
 *
 * <p>The normal build runs each target once per seed below (Jazzer's regression mode, plus the
 * inputs saved under {@code src/test/resources/.../LoadersFuzzTestInputs/<method>/} when a fuzzing
 * run finds something). To fuzz one target for a bounded time (the seeds are the starting corpus):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl gan-data -am test -Dtest=LoadersFuzzTest#idxImages \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=5m
 * </pre>
 */
class LoadersFuzzTest {
  private static Path dir;

  @BeforeAll
  static void createFolder() throws IOException {
    dir = Files.createTempDirectory("samegan-fuzz-loaders");
  }

  @AfterAll
  static void removeFolder() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  // ---- IDX ----

  static Stream<Arguments> idxImages() throws IOException {
    byte[] images = IdxFiles.imagesFile(IdxDataset.IMAGES_MAGIC, 3, 4, 5);
    return Stream.of(
        arguments(images),
        arguments(gzip(images)),
        arguments(Arrays.copyOf(images, 20)),
        arguments(IdxFiles.labelsFile(1, 2)));
  }

  /** An IDX images file, raw or gzipped, loaded without labels (at most 16 images kept). */
  @MethodSource
  @FuzzTest(maxDuration = "2m")
  void idxImages(byte[] data) {
    Path images = write("idx/images", data);
    expectFormatErrorAtMost(() -> IdxDataset.load(images, null, 0, List.of(), 16, null));
  }

  static Stream<Arguments> idxImagesAndLabels() throws IOException {
    byte[] images = IdxFiles.imagesFile(IdxDataset.IMAGES_MAGIC, 3, 2, 2);
    byte[] labels = IdxFiles.labelsFile(0, 1, 2);
    return Stream.of(
        arguments(pair(images, labels)),
        arguments(pair(gzip(images), gzip(labels))),
        arguments(pair(images, IdxFiles.labelsFile(0, 1))));
  }

  /**
   * An IDX images file and a labels file: the first two bytes give the images file's length, the
   * rest is split there.
   */
  @MethodSource
  @FuzzTest(maxDuration = "2m")
  void idxImagesAndLabels(byte[] data) {
    byte[][] parts = split(data);
    Path images = write("idx/pair-images", parts[0]);
    Path labels = write("idx/pair-labels", parts[1]);
    expectFormatErrorAtMost(
        () -> IdxDataset.load(images, labels, 0, List.of(), Integer.MAX_VALUE, null));
    expectFormatErrorAtMost(
        () -> IdxDataset.load(images, labels, 1, List.of("a", "b", "c"), 2, "x"));
  }

  // ---- CIFAR ----

  static Stream<Arguments> cifar10() {
    byte[] two = concat(CifarFiles.record(1, 3), CifarFiles.record(2, 5));
    return Stream.of(
        arguments(concat(new byte[] {0}, two)),
        arguments(concat(new byte[] {1}, two)),
        arguments(concat(new byte[] {0}, CifarFiles.record(3, 12))));
  }

  /**
   * A CIFAR-10 {@code test_batch.bin}: the first byte chooses the class filter (odd: "cat" only),
   * the rest is the file.
   */
  @MethodSource
  @FuzzTest(maxDuration = "2m")
  void cifar10(byte[] data) {
    Path root = dir.resolve("cifar10");
    writeNames(root.resolve("batches.meta.txt"), CifarFiles.names("c", 9), "cat");
    write(
        "cifar10/test_batch.bin",
        data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length));
    List<String> classes = data.length > 0 && (data[0] & 1) == 1 ? List.of("cat") : List.of();
    expectFormatErrorAtMost(
        () -> Cifar10Dataset.load(root, Split.TEST, classes, Integer.MAX_VALUE));
  }

  static Stream<Arguments> cifar100() {
    byte[] two = concat(CifarFiles.record(1, 4, 0), CifarFiles.record(2, 1, 3));
    return Stream.of(
        arguments(concat(new byte[] {99, 19, 0}, two)),
        arguments(concat(new byte[] {3, 4, 1}, two)),
        arguments(concat(new byte[] {3, 4, 2}, two)),
        arguments(concat(new byte[] {2, 1, 0}, two)));
  }

  /**
   * A CIFAR-100 {@code test.bin}: the first two bytes give how many fine and coarse class names the
   * folder has (a subset when below 100 and 20), the third the label mode (bit 0) and the class
   * filter (bit 1: the fine class 0 only), the rest is the file.
   */
  @MethodSource
  @FuzzTest(maxDuration = "2m")
  void cifar100(byte[] data) {
    if (data.length < 3) {
      return;
    }
    Path root = dir.resolve("cifar100");
    writeNames(
        root.resolve("fine_label_names.txt"), CifarFiles.names("f", (data[0] & 0xFF) % 120), "");
    writeNames(
        root.resolve("coarse_label_names.txt"), CifarFiles.names("c", (data[1] & 0xFF) % 30), "");
    write("cifar100/test.bin", Arrays.copyOfRange(data, 3, data.length));
    LabelMode mode = (data[2] & 1) == 0 ? LabelMode.FINE : LabelMode.COARSE;
    List<String> classes =
        (data[2] & 2) != 0 && (data[0] & 0xFF) % 120 > 0 ? List.of("f0") : List.of();
    expectFormatErrorAtMost(
        () -> Cifar100Dataset.load(root, Split.TEST, mode, classes, Integer.MAX_VALUE));
  }

  // ---- image folders ----

  static Stream<Arguments> folderImage() throws IOException {
    List<Arguments> seeds = new ArrayList<>();
    for (String format : new String[] {"png", "jpeg", "bmp", "gif"}) {
      BufferedImage rgb = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 5; x++) {
          rgb.setRGB(x, y, (x * 50) << 16 | (y * 80) << 8 | 128);
        }
      }
      seeds.add(arguments(encode(rgb, format)));
    }
    BufferedImage gray = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
    gray.getRaster().setSample(1, 2, 0, 40000);
    seeds.add(arguments(encode(gray, "png")));
    return seeds.stream();
  }

  /** One image file (any format ImageIO reads) in an unlabelled folder, loaded as 3x8x8. */
  @MethodSource
  @FuzzTest(maxDuration = "2m")
  void folderImage(byte[] data) {
    Path image = write("folder/image.png", data);
    expectFormatErrorAtMost(() -> ImageFolderDataset.load(image.getParent(), ImageInfo.rgb(8)));
  }

  // ---- helpers ----

  /** Runs a load; a {@link DatasetFormatException} is an expected outcome, anything else fails. */
  private static void expectFormatErrorAtMost(Runnable load) {
    try {
      load.run();
    } catch (DatasetFormatException expected) {
      // the documented outcome for a malformed file
    }
  }

  private static Path write(String name, byte[] data) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.write(file, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeNames(Path file, List<String> names, String extra) {
    List<String> all = new ArrayList<>(names);
    if (!extra.isEmpty()) {
      all.add(extra);
    }
    write(
        dir.relativize(file).toString(),
        (String.join("\n", all) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static byte[][] split(byte[] data) {
    if (data.length < 2) {
      return new byte[][] {data, new byte[0]};
    }
    int at = Math.min(data.length - 2, ((data[0] & 0xFF) << 8) | (data[1] & 0xFF));
    return new byte[][] {
      Arrays.copyOfRange(data, 2, 2 + at), Arrays.copyOfRange(data, 2 + at, data.length)
    };
  }

  private static byte[] pair(byte[] images, byte[] labels) {
    return concat(ByteBuffer.allocate(2).putShort((short) images.length).array(), images, labels);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, bytes)) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    return bytes.toByteArray();
  }
}
