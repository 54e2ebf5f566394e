package io.github.samegan.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class InMemoryImageDatasetTest {

  private static final ImageInfo TINY = new ImageInfo(3, 2, 2);

  @Test
  void copyImageScalesEachByteToMinusOneToOne() {
    byte[] pixels = new byte[2 * TINY.pixels()];
    for (int k = 0; k < pixels.length; k++) {
      pixels[k] = (byte) (k * 23);
    }
    InMemoryImageDataset ds = InMemoryImageDataset.unlabelled("t", TINY, pixels);
    float[] dest = new float[5 + TINY.pixels()];
    ds.copyImage(1, dest, 5);
    for (int k = 0; k < TINY.pixels(); k++) {
      int p = pixels[TINY.pixels() + k] & 0xFF;
      assertThat(dest[5 + k]).isCloseTo((float) (p / 127.5 - 1), Offset.offset(1e-6f));
    }
    assertThat(dest[0]).isZero();
  }

  @Test
  void blackIsMinusOneAndWhiteIsOne() {
    byte[] pixels = {0, (byte) 255, (byte) 128};
    InMemoryImageDataset ds = InMemoryImageDataset.unlabelled("t", new ImageInfo(1, 1, 3), pixels);
    assertThat(ds.image(0)).containsExactly(-1f, 1f, (float) (128 / 127.5 - 1));
  }

  @Test
  void unlabelledDataSetReportsNoClassesAndLabelMinusOne() {
    InMemoryImageDataset ds =
        InMemoryImageDataset.unlabelled("plain", TINY, new byte[3 * TINY.pixels()]);
    assertThat(ds.size()).isEqualTo(3);
    assertThat(ds.numClasses()).isZero();
    assertThat(ds.classNames()).isEmpty();
    assertThat(ds.isLabelled()).isFalse();
    assertThat(ds.label(2)).isEqualTo(-1);
    assertThat(ds.labels()).isNull();
    assertThat(ds.name()).isEqualTo("plain");
  }

  @Test
  void labelledDataSetReturnsLabelsAndNames() {
    InMemoryImageDataset ds =
        InMemoryImageDataset.labelled(
            "l", TINY, new byte[2 * TINY.pixels()], new int[] {1, 0}, List.of("a", "b"));
    assertThat(ds.label(0)).isEqualTo(1);
    assertThat(ds.label(1)).isEqualTo(0);
    assertThat(ds.classNames()).containsExactly("a", "b");
    assertThat(ds.numClasses()).isEqualTo(2);
  }

  @Test
  void rejectsPixelArrayThatIsNotAWholeNumberOfImages() {
    assertThatThrownBy(() -> InMemoryImageDataset.unlabelled("t", TINY, new byte[13]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12 bytes each")
        .hasMessageContaining("found 13 bytes");
    assertThatThrownBy(() -> InMemoryImageDataset.unlabelled("t", TINY, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsLabelOutsideTheClassRange() {
    assertThatThrownBy(
            () ->
                InMemoryImageDataset.labelled(
                    "t", TINY, new byte[2 * TINY.pixels()], new int[] {0, 2}, List.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image 1")
        .hasMessageContaining("[0, 2)")
        .hasMessageContaining("found 2");
  }

  @Test
  void rejectsLabelCountDifferentFromImageCount() {
    assertThatThrownBy(
            () ->
                InMemoryImageDataset.labelled(
                    "t", TINY, new byte[2 * TINY.pixels()], new int[] {0}, List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(2)")
        .hasMessageContaining("found 1");
  }

  @Test
  void subsetKeepsChosenImagesAndLabelsInOrder() {
    InMemoryImageDataset ds = TestImages.indexed(10, TINY);
    InMemoryImageDataset sub = ds.subset("sub", new int[] {7, 2, 7});
    assertThat(sub.size()).isEqualTo(3);
    assertThat(sub.image(0)).containsExactly(ds.image(7));
    assertThat(sub.image(1)).containsExactly(ds.image(2));
    assertThat(sub.label(0)).isEqualTo(ds.label(7));
    assertThat(sub.label(1)).isEqualTo(ds.label(2));
    assertThat(sub.classNames()).isEqualTo(ds.classNames());
    assertThat(ds.first(4).size()).isEqualTo(4);
    assertThat(ds.first(4).image(3)).containsExactly(ds.image(3));
  }

  @Test
  void outOfRangeIndexIsRejected() {
    InMemoryImageDataset ds = TestImages.indexed(2, TINY);
    assertThatThrownBy(() -> ds.label(2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ds.copyImage(0, new float[5], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
