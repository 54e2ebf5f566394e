package io.github.samegan.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageInfoTest {

  @Test
  void pixelsIsTheProductOfChannelsHeightAndWidth() {
    ImageInfo info = new ImageInfo(3, 32, 24);
    assertThat(info.pixels()).isEqualTo(3 * 32 * 24);
    assertThat(info.chw()).containsExactly(3, 32, 24);
    assertThat(ImageInfo.gray(28)).isEqualTo(new ImageInfo(1, 28, 28));
    assertThat(ImageInfo.rgb(32)).isEqualTo(new ImageInfo(3, 32, 32));
  }

  @Test
  void rejectsUnsupportedChannelCountQuotingTheValue() {
    assertThatThrownBy(() -> new ImageInfo(2, 32, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 (grayscale) or 3 (RGB)")
        .hasMessageContaining("found 2");
  }

  @Test
  void rejectsNonPositiveSides() {
    assertThatThrownBy(() -> new ImageInfo(1, 0, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("height")
        .hasMessageContaining("found 0");
    assertThatThrownBy(() -> new ImageInfo(1, 32, -4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width")
        .hasMessageContaining("found -4");
  }
}
