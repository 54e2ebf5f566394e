package io.github.samegan.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class ImageGridTest {

  @Test
  void writesTilesRowByRowWithBordersAndScale(@TempDir Path dir) throws Exception {
    ImageInfo info = new ImageInfo(3, 2, 3);
    byte[] pixels = new byte[5 * info.pixels()];
    for (int i = 0; i < 5; i++) {
      // Image i: red plane = 40 * i, green = 255, blue = 0.
      for (int k = 0; k < 6; k++) {
        pixels[i * 18 + k] = (byte) (40 * i);
        pixels[i * 18 + 6 + k] = (byte) 255;
      }
    }
    InMemoryImageDataset ds = InMemoryImageDataset.unlabelled("t", info, pixels);
    Path file = dir.resolve("sub/grid.png");
    ImageGrid.writePng(ds, 5, 2, 2, file);
    BufferedImage img = ImageIO.read(file.toFile());
    // 2 columns of 3*2 px plus borders; 3 rows of 2*2 px plus borders.
    assertThat(img.getWidth()).isEqualTo(2 * (6 + 1) + 1);
    assertThat(img.getHeight()).isEqualTo(3 * (4 + 1) + 1);
    for (int i = 0; i < 5; i++) {
      int x = 1 + (i % 2) * 7 + 5;
      int y = 1 + (i / 2) * 5 + 3;
      assertThat(img.getRGB(x, y) & 0xFFFFFF).isEqualTo((40 * i) << 16 | 0xFF00);
    }
    assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x202020);
  }

  @Test
  void rendersGrayscaleBatchAsGray() {
    float[] values = {-1f, 1f, 0f, 0.5f};
    BufferedImage img = ImageGrid.render(Nd4j.create(values, new long[] {1, 1, 2, 2}), 4, 1);
    assertThat(img.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x000000);
    assertThat(img.getRGB(2, 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    int mid = Math.round(127.5f);
    assertThat(img.getRGB(1, 2) & 0xFFFFFF).isEqualTo(mid << 16 | mid << 8 | mid);
  }
}
