package io.github.samegan.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ImageGridTest {

  @Test
  void writesTilesRowByRowWithGapsAndScale(@TempDir Path dir) throws Exception {
    // 5 RGB images of 2×3 px: image i has red = −1 + 0.25·i, green = 1, blue = −1
    float[] v = new float[5 * 3 * 6];
    for (int i = 0; i < 5; i++) {
      for (int k = 0; k < 6; k++) {
        v[i * 18 + k] = -1f + 0.25f * i;
        v[i * 18 + 6 + k] = 1f;
        v[i * 18 + 12 + k] = -1f;
      }
    }
    Path file = dir.resolve("sub/grid.png");
    ImageGrid.write(Nd4j.create(v, new long[] {5, 3, 2, 3}, 'c'), 2, 2, file);
    BufferedImage img = ImageIO.read(file.toFile());
    // 2 columns of 3·2 px, 3 rows of 2·2 px, a 2-pixel gap around every tile
    assertThat(img.getWidth()).isEqualTo(2 * (6 + 2) + 2);
    assertThat(img.getHeight()).isEqualTo(3 * (4 + 2) + 2);
    for (int i = 0; i < 5; i++) {
      int x = 2 + (i % 2) * 8 + 5;
      int y = 2 + (i / 2) * 6 + 3;
      int red = Math.round((0.25f * i) * 127.5f);
      assertThat(img.getRGB(x, y) & 0xFFFFFF).as("image %d", i).isEqualTo(red << 16 | 0xFF00);
    }
    assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x202020);
  }

  @Test
  void rendersGrayscaleAsGrayAndClipsValuesOutsideTheRange() {
    float[] values = {-1f, 1f, 0f, 7f};
    BufferedImage img = ImageGrid.render(Nd4j.create(values, new long[] {1, 1, 2, 2}, 'c'), 0, 1);
    assertThat(img.getRGB(2, 2) & 0xFFFFFF).isEqualTo(0x000000);
    assertThat(img.getRGB(3, 2) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    int mid = Math.round(127.5f);
    assertThat(img.getRGB(2, 3) & 0xFFFFFF).isEqualTo(mid << 16 | mid << 8 | mid);
    assertThat(img.getRGB(3, 3) & 0xFFFFFF).isEqualTo(0xFFFFFF);
  }

  @Test
  void refusesAScaleOrGridTooLargeToDrawBeforeAllocatingIt() {
    var one = Nd4j.zeros(DataType.FLOAT, 1, 3, 32, 32);
    assertThatThrownBy(() -> ImageGrid.render(one, 0, 100_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale must be in [1, 16]");
    var many =
        Nd4j.zeros(DataType.FLOAT, 16, 1, 256, 256); // 4 × 4 tiles of 4,096 px square: 268 M pixels
    assertThatThrownBy(() -> ImageGrid.render(many, 0, 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pixels");
  }
}
