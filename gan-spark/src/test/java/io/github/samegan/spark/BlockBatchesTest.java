package io.github.samegan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.data.BatchIterator;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BlockBatchesTest {
  // 50 distinct 1x2x2 images: image i has all pixels = i
  private static InMemoryImageDataset data() {
    byte[] px = new byte[50 * 4];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i / 4);
    }
    return InMemoryImageDataset.unlabelled("ramp", new ImageInfo(1, 2, 2), px);
  }

  @Test
  void theWorkersBlocksConcatenateToTheGlobalBatchesOfABatchIterator() {
    InMemoryImageDataset d = data();
    BatchIterator it = BatchIterator.builder(d, 12).seed(5).dropLast(true).build();
    BlockBatches[] workers = new BlockBatches[3];
    for (int p = 0; p < 3; p++) {
      workers[p] = new BlockBatches(d, 12, 4, 5);
      workers[p].setBlock(p);
    }
    // 4 global batches per epoch of 50 images: j = 0..9 crosses two epoch boundaries
    for (int j = 0; j < 10; j++) {
      INDArray expected = it.next();
      INDArray joined =
          Nd4j.concat(
              0,
              workers[0].next().images(),
              workers[1].next().images(),
              workers[2].next().images());
      assertThat(joined).as("global batch " + j).isEqualTo(expected);
    }
    assertThat(workers[1].position()).containsExactly(10);
    workers[1].seek(new long[] {2});
    BlockBatches again = new BlockBatches(d, 12, 4, 5);
    again.setBlock(1);
    assertThat(workers[1].next()).isEqualTo(again.batch(2));
  }

  @Test
  void badShapesAreRefusedWithTheFix() {
    InMemoryImageDataset d = data();
    assertThatThrownBy(() -> new BlockBatches(d, 64, 32, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("larger than the data set ramp (50 images)");
    assertThatThrownBy(() -> new BlockBatches(d, 12, 5, 1)).hasMessageContaining("not a multiple");
    BlockBatches b = new BlockBatches(d, 12, 4, 1);
    assertThatThrownBy(() -> b.setBlock(3)).hasMessageContaining("block must be in [0, 3)");
  }
}
