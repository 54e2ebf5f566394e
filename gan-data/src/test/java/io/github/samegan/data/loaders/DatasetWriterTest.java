package io.github.samegan.data.loaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.data.augment.AugmentPipeline;
import io.github.samegan.data.augment.AugmentedDataset;
import io.github.samegan.data.synthetic.ShapesDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Written data sets, plain and augmented, read back identically through the loaders. */
class DatasetWriterTest {

  private static final AugmentPipeline AUG =
      AugmentPipeline.parse("hflip,crop:4,jitter:0.2,jpeg:50-90@0.5").withSeed(3);

  static InMemoryImageDataset random(ImageInfo info, int count, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] pixels = new byte[count * info.pixels()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) r.nextInt(256);
    }
    if (classes == 0) {
      return InMemoryImageDataset.unlabelled("random", info, pixels);
    }
    int[] labels = new int[count];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      labels[i] = i % classes;
    }
    for (int c = 0; c < classes; c++) {
      names.add("class " + (char) ('a' + c));
    }
    return InMemoryImageDataset.labelled("random", info, pixels, labels, names);
  }

  /** The 8-bit pixels the writer should store for image {@code i}. */
  static byte[] quantised(ImageDataset d, int i) {
    float[] x = d.image(i);
    byte[] out = new byte[x.length];
    for (int k = 0; k < x.length; k++) {
      out[k] = (byte) Math.max(0, Math.min(255, Math.round((x[k] + 1.0) * 127.5)));
    }
    return out;
  }

  static byte[] pixels(InMemoryImageDataset d, int i) {
    byte[] out = new byte[d.info().pixels()];
    d.copyPixels(i, out, 0);
    return out;
  }

  @Test
  void anAugmentedCopyInCifar10FormatReadsBackIdentically(@TempDir Path dir) {
    InMemoryImageDataset source = random(ImageInfo.rgb(32), 12, 10, 1);
    AugmentedDataset enlarged = AugmentedDataset.of(source, AUG, 3, true);
    assertThat(enlarged.size()).isEqualTo(36);
    int[] progress = {0};
    DatasetWriter.writeCifar10(enlarged, dir, n -> progress[0] = n);
    assertThat(progress[0]).isEqualTo(36);

    InMemoryImageDataset back = Cifar10Dataset.load(dir, Split.TRAIN);
    assertThat(back.size()).isEqualTo(36);
    assertThat(back.classNames()).isEqualTo(source.classNames());
    for (int i = 0; i < 36; i++) {
      assertThat(back.label(i)).isEqualTo(source.label(i % 12));
      assertThat(pixels(back, i)).as("image %d", i).containsExactly(quantised(enlarged, i));
    }
    for (int i = 0; i < 12; i++) {
      assertThat(pixels(back, i)).containsExactly(pixels(source, i)); // originals first
      assertThat(pixels(back, 12 + i)).isNotEqualTo(pixels(source, i));
    }
  }

  @Test
  void cifar10FormatPadsClassNamesToTenAndRejectsWhatItCannotHold(@TempDir Path dir)
      throws Exception {
    InMemoryImageDataset three = random(ImageInfo.rgb(32), 7, 3, 2);
    DatasetWriter.writeCifar10(three, dir, null);
    assertThat(Files.readAllLines(dir.resolve("batches.meta.txt")))
        .startsWith("class a", "class b", "class c", "unused-3")
        .hasSize(10);
    InMemoryImageDataset back = Cifar10Dataset.load(dir, Split.TRAIN);
    assertThat(back.labels()).containsExactly(three.labels());

    assertThatThrownBy(
            () -> DatasetWriter.writeCifar10(random(ImageInfo.gray(32), 10, 2, 1), dir, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1x32x32")
        .hasMessageContaining("PNG");
    assertThatThrownBy(() -> DatasetWriter.writeCifar10(ShapesDataset.generate(20, 1), dir, null))
        .hasMessageContaining("has 16")
        .hasMessageContaining("PNG");
    assertThatThrownBy(
            () -> DatasetWriter.writeCifar10(random(ImageInfo.rgb(32), 4, 2, 1), dir, null))
        .hasMessageContaining("at least 5 images");
  }

  @Test
  void anAugmentedCopyAsPngFoldersReadsBackIdentically(@TempDir Path dir) {
    InMemoryImageDataset shapes = ShapesDataset.generate(24, 5);
    AugmentedDataset enlarged = AugmentedDataset.of(shapes, AUG, 2, false);
    DatasetWriter.writePngFolder(enlarged, dir, null);
    InMemoryImageDataset back = ImageFolderDataset.load(dir, ImageInfo.rgb(32));
    assertThat(back.size()).isEqualTo(48);
    // Folders are read in sorted name order, files in index order within each.
    TreeMap<String, List<Integer>> byClass = new TreeMap<>();
    for (String name : shapes.classNames()) {
      byClass.put(name, new ArrayList<>());
    }
    for (int i = 0; i < enlarged.size(); i++) {
      byClass.get(shapes.classNames().get(enlarged.label(i))).add(i);
    }
    assertThat(back.classNames()).containsExactlyElementsOf(byClass.keySet());
    int k = 0;
    for (var entry : byClass.entrySet()) {
      for (int i : entry.getValue()) {
        assertThat(back.classNames().get(back.label(k))).isEqualTo(entry.getKey());
        assertThat(pixels(back, k)).as("image %d", i).containsExactly(quantised(enlarged, i));
        k++;
      }
    }
    // Without originals even copy 0 is augmented.
    assertThat(quantised(enlarged, 0)).isNotEqualTo(pixels(shapes, 0));
  }

  @Test
  void unlabelledGrayImagesBecomeAFlatPngFolder(@TempDir Path dir) throws Exception {
    InMemoryImageDataset gray = random(ImageInfo.gray(28), 6, 0, 3);
    DatasetWriter.writePngFolder(gray, dir, null);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "0000000.png",
              "0000001.png",
              "0000002.png",
              "0000003.png",
              "0000004.png",
              "0000005.png");
    }
    InMemoryImageDataset back = ImageFolderDataset.load(dir, ImageInfo.gray(28));
    assertThat(back.isLabelled()).isFalse();
    for (int i = 0; i < 6; i++) {
      assertThat(pixels(back, i)).containsExactly(pixels(gray, i));
    }
  }
}
