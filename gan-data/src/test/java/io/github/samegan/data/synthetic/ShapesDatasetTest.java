package io.github.samegan.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.data.synthetic.ShapesDataset.Colour;
import io.github.samegan.data.synthetic.ShapesDataset.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShapesDatasetTest {

  private static byte[] allPixels(InMemoryImageDataset ds) {
    int per = ds.info().pixels();
    byte[] out = new byte[ds.size() * per];
    for (int i = 0; i < ds.size(); i++) {
      ds.copyPixels(i, out, i * per);
    }
    return out;
  }

  @Test
  void defaultDataSetHasTenThousandLabelledRgb32Images() {
    long start = System.nanoTime();
    InMemoryImageDataset ds = ShapesDataset.generate();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(ds.size()).isEqualTo(10_000);
    assertThat(ds.info()).isEqualTo(ImageInfo.rgb(32));
    assertThat(ds.numClasses()).isEqualTo(16);
    assertThat(seconds).as("generation time in seconds").isLessThan(5.0);
    int[] perClass = new int[16];
    for (int i = 0; i < ds.size(); i++) {
      perClass[ds.label(i)]++;
    }
    // Classes are drawn uniformly: each of the 16 gets roughly 625 images.
    assertThat(Arrays.stream(perClass).min().getAsInt()).isGreaterThan(500);
  }

  @Test
  void sameSeedGivesByteIdenticalImagesAndLabels() {
    InMemoryImageDataset a = ShapesDataset.generate(300, 1234L);
    InMemoryImageDataset b = ShapesDataset.generate(300, 1234L);
    assertThat(allPixels(a)).isEqualTo(allPixels(b));
    assertThat(a.labels()).isEqualTo(b.labels());
  }

  @Test
  void firstImagesDoNotDependOnTheTotalCount() {
    InMemoryImageDataset small = ShapesDataset.generate(50, 9L);
    InMemoryImageDataset large = ShapesDataset.generate(400, 9L);
    assertThat(allPixels(small)).isEqualTo(allPixels(large.first(50)));
  }

  @Test
  void differentSeedsGiveDifferentImages() {
    assertThat(allPixels(ShapesDataset.generate(20, 1L)))
        .isNotEqualTo(allPixels(ShapesDataset.generate(20, 2L)));
  }

  @Test
  void classIsShapeIndexTimesColourCountPlusColourIndex() {
    assertThat(ShapesDataset.classNames()).hasSize(16);
    assertThat(ShapesDataset.classNames().get(0)).isEqualTo("red circle");
    assertThat(ShapesDataset.classNames().get(ShapesDataset.label(Shape.TRIANGLE, Colour.BLUE)))
        .isEqualTo("blue triangle");
    assertThat(ShapesDataset.label(Shape.TRIANGLE, Colour.BLUE)).isEqualTo(2 * 4 + 2);
    for (int label = 0; label < 16; label++) {
      assertThat(ShapesDataset.label(ShapesDataset.shapeOf(label), ShapesDataset.colourOf(label)))
          .isEqualTo(label);
    }
  }

  @Test
  void eachImageShowsItsLabelledShapeInItsLabelledColour() {
    InMemoryImageDataset ds = ShapesDataset.generate(1000, 77L);
    int n = 32;
    byte[] px = new byte[ds.info().pixels()];
    for (int i = 0; i < ds.size(); i++) {
      int label = ds.label(i);
      ds.copyPixels(i, px, 0);
      boolean[] mask = colourMask(px, n, ShapesDataset.colourOf(label));
      assertThat(count(mask)).as("pixels in the class colour, image %d", i).isGreaterThan(60);
      assertThat(recogniseShape(mask, n))
          .as("shape of image %d (%s)", i, ds.classNames().get(label))
          .isEqualTo(ShapesDataset.shapeOf(label));
    }
  }

  @Test
  void largerImagesScaleTheShapes() {
    InMemoryImageDataset ds = ShapesDataset.generate(50, 64, 77L);
    assertThat(ds.info()).isEqualTo(ImageInfo.rgb(64));
    byte[] px = new byte[ds.info().pixels()];
    for (int i = 0; i < ds.size(); i++) {
      ds.copyPixels(i, px, 0);
      boolean[] mask = colourMask(px, 64, ShapesDataset.colourOf(ds.label(i)));
      assertThat(recogniseShape(mask, 64)).isEqualTo(ShapesDataset.shapeOf(ds.label(i)));
    }
  }

  @Test
  void rejectsOutOfRangeArgumentsQuotingTheValue() {
    assertThatThrownBy(() -> ShapesDataset.generate(0, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 0");
    assertThatThrownBy(() -> ShapesDataset.generate(10, 8, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[16, 256]")
        .hasMessageContaining("found 8");
    assertThatThrownBy(() -> ShapesDataset.shapeOf(16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 16");
  }

  /** Pixels where the colour's defining channels exceed the others by a clear margin. */
  private static boolean[] colourMask(byte[] px, int n, Colour colour) {
    int plane = n * n;
    boolean[] mask = new boolean[plane];
    for (int p = 0; p < plane; p++) {
      int r = px[p] & 0xFF;
      int g = px[plane + p] & 0xFF;
      int b = px[2 * plane + p] & 0xFF;
      int dominance =
          switch (colour) {
            case RED -> r - Math.max(g, b);
            case GREEN -> g - Math.max(r, b);
            case BLUE -> b - Math.max(r, g);
            case YELLOW -> Math.min(r, g) - b;
          };
      mask[p] = dominance > 60;
    }
    return mask;
  }

  private static int count(boolean[] mask) {
    int c = 0;
    for (boolean m : mask) {
      c += m ? 1 : 0;
    }
    return c;
  }

  /**
   * Classifies a mask by how much of its bounding box it fills and how its width varies from the
   * top third to the middle and bottom thirds.
   */
  private static Shape recogniseShape(boolean[] mask, int n) {
    int x0 = n;
    int x1 = -1;
    int y0 = n;
    int y1 = -1;
    for (int p = 0; p < mask.length; p++) {
      if (mask[p]) {
        x0 = Math.min(x0, p % n);
        x1 = Math.max(x1, p % n);
        y0 = Math.min(y0, p / n);
        y1 = Math.max(y1, p / n);
      }
    }
    int h = y1 - y0 + 1;
    double fill = count(mask) / (double) ((x1 - x0 + 1) * h);
    double[] width = new double[3];
    int[] rows = new int[3];
    for (int y = y0; y <= y1; y++) {
      int third = Math.min(2, (y - y0) * 3 / h);
      for (int x = x0; x <= x1; x++) {
        width[third] += mask[y * n + x] ? 1 : 0;
      }
      rows[third]++;
    }
    for (int t = 0; t < 3; t++) {
      width[t] /= rows[t];
    }
    if (fill >= 0.9) {
      return Shape.SQUARE;
    }
    if (fill >= 0.68) {
      return width[2] / width[0] < 1.4 ? Shape.CIRCLE : null;
    }
    if (width[2] / width[0] > 2.5) {
      return Shape.TRIANGLE;
    }
    boolean centreFilled = mask[((y0 + y1) / 2) * n + (x0 + x1) / 2];
    boolean cornersEmpty =
        !mask[y0 * n + x0] && !mask[y0 * n + x1] && !mask[y1 * n + x0] && !mask[y1 * n + x1];
    if (width[1] / width[0] > 1.5 && centreFilled && cornersEmpty) {
      return Shape.CROSS;
    }
    return null;
  }
}
