package io.github.samegan.examples.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.data.npy.NpyArray;
import io.github.samegan.data.npy.NpyFormatException;
import io.github.samegan.data.npy.NpzWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link NpzImages}: numpy arrays of 8-bit images read batch by batch exactly as {@link
 * FolderImages} reads PNG files of the same pixels, and arrays that are not images refused with
 * what to do instead.
 */
class NpzImagesTest {
  @TempDir Path dir;

  /** uint8 [n, h, w, c]: (37i + 11y + 5x + 101ch) mod 256. */
  static byte[] pixels(int n, int h, int w, int c) {
    byte[] v = new byte[n * h * w * c];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int ch = 0; ch < c; ch++) {
            v[k++] = (byte) ((37 * i + 11 * y + 5 * x + 101 * ch) % 256);
          }
        }
      }
    }
    return v;
  }

  Path npz(String name, String key, NpyArray a) throws IOException {
    Path file = dir.resolve(name);
    try (NpzWriter w = NpzWriter.create(file)) {
      w.write(key, a);
    }
    return file;
  }

  Path folder(String name, byte[] hwc, int n, ImageShape s) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    int per = s.channels() * s.height() * s.width();
    for (int i = 0; i < n; i++) {
      BufferedImage img = SampleExport.toImage(hwc, i * per, s);
      ImageIO.write(img, "png", d.resolve(SampleExport.fileName(i, n)).toFile());
    }
    return d;
  }

  static float[] all(ImageBatches b) {
    java.util.List<Float> out = new java.util.ArrayList<>();
    while (b.hasNext()) {
      INDArray x = b.next();
      for (float f : x.data().asFloat()) {
        out.add(f);
      }
    }
    float[] v = new float[out.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = out.get(i);
    }
    return v;
  }

  @Test
  void anArrayAndAFolderOfTheSamePixelsGiveTheSameBatches() throws IOException {
    ImageShape rgb = new ImageShape(3, 6, 5);
    byte[] px = pixels(7, 6, 5, 3);
    Path file = npz("rgb.npz", "arr_0", NpyArray.ofUint8(px, 7, 6, 5, 3));
    Path pngs = folder("rgb", px, 7, rgb);
    for (ImageShape target :
        new ImageShape[] {rgb, new ImageShape(1, 6, 5), new ImageShape(3, 9, 9)}) {
      try (ImageBatches a = ImageBatches.open(file, target, 3);
          ImageBatches f = ImageBatches.open(pngs, target, 3)) {
        assertThat(a.count()).isEqualTo(7);
        float[] va = all(a);
        assertThat(va)
            .as("%s", target)
            .hasSize(7 * target.channels() * target.height() * target.width());
        assertThat(va).as("%s", target).containsExactly(all(f));
        assertThat(a.resized()).isEqualTo(target.height() == 9 ? 7 : 0);
      }
    }
    assertThat(ImageBatches.storedShape(file)).isEqualTo(rgb);
    assertThat(ImageBatches.storedShape(pngs)).isEqualTo(rgb);
    // The first pixel of image 2, channel 1: (74 + 101) / 127.5 - 1.
    try (NpzImages a = NpzImages.open(file, null, 7)) {
      INDArray x = a.next();
      assertThat(x.shape()).containsExactly(7, 3, 6, 5);
      assertThat(x.getFloat(2, 1, 0, 0)).isEqualTo(ImageBytes.level(175));
    }
  }

  @Test
  void grayArraysWithOrWithoutAChannelAxisAndNpyFilesAreRead() throws IOException {
    byte[] px = pixels(4, 3, 2, 1);
    Path hw = npz("gray.npz", "images", NpyArray.ofUint8(px, 4, 3, 2)); // only array: any key
    Path hw1 = npz("gray1.npz", "arr_0", NpyArray.ofUint8(px, 4, 3, 2, 1));
    Path npy = dir.resolve("gray.npy");
    NpyArray.ofUint8(px, 4, 3, 2).save(npy);
    for (Path p : new Path[] {hw, hw1, npy}) {
      assertThat(ImageBatches.storedShape(p)).as("%s", p).isEqualTo(new ImageShape(1, 3, 2));
      try (ImageBatches b = ImageBatches.open(p, new ImageShape(3, 3, 2), 10)) {
        float[] v = all(b);
        assertThat(v).hasSize(4 * 3 * 6);
        // gray repeated to RGB: image 1, y 2, x 1 = (37 + 22 + 5) = 64 in every channel.
        int base = 1 * 18 + 2 * 2 + 1;
        assertThat(v[base]).isEqualTo(ImageBytes.level(64));
        assertThat(v[base + 6]).isEqualTo(ImageBytes.level(64));
        assertThat(v[base + 12]).isEqualTo(ImageBytes.level(64));
      }
    }
  }

  @Test
  void arraysThatAreNotImagesAreRefusedWithWhatToDo() throws IOException {
    Path floats = npz("f.npz", "arr_0", NpyArray.ofFloat32(new float[2 * 4 * 4 * 3], 2, 4, 4, 3));
    assertThatThrownBy(() -> NpzImages.open(floats, null, 1))
        .isInstanceOf(SameGanException.class)
        .hasMessageContaining("holds <f4 values")
        .hasMessageContaining("astype(np.uint8)");
    Path nchw = npz("nchw.npz", "arr_0", NpyArray.ofUint8(new byte[2 * 3 * 4 * 4], 2, 3, 4, 4));
    assertThatThrownBy(() -> NpzImages.open(nchw, null, 1))
        .isInstanceOf(SameGanException.class)
        .hasMessageContaining("channels first")
        .hasMessageContaining("transpose(0, 2, 3, 1)");
    Path one = npz("one.npz", "arr_0", NpyArray.ofUint8(new byte[4 * 4 * 3], 4, 4, 3));
    assertThatThrownBy(() -> NpzImages.open(one, null, 1))
        .isInstanceOf(SameGanException.class)
        .hasMessageContaining("looks like one image");
    Path two = dir.resolve("two.npz");
    try (NpzWriter w = NpzWriter.create(two)) {
      w.write("a", NpyArray.ofUint8(new byte[12], 1, 2, 2, 3));
      w.write("b", NpyArray.ofUint8(new byte[12], 1, 2, 2, 3));
    }
    assertThatThrownBy(() -> NpzImages.open(two, null, 1))
        .isInstanceOf(SameGanException.class)
        .hasMessageContaining("holds the arrays [a, b]")
        .hasMessageContaining("'arr_0'");
    assertThatThrownBy(() -> ImageBatches.open(dir.resolve("missing.npz"), null, 1))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("does not exist");
  }
}
