package io.github.samegan.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BatchIteratorTest {

  private static final ImageInfo INFO = new ImageInfo(3, 4, 5);
  private static final InMemoryImageDataset DATA = TestImages.indexed(23, INFO);

  /** The dataset indices of the examples in a batch, read from their first value. */
  private static int[] indices(INDArray batch) {
    float[] flat = batch.data().asFloat();
    int n = (int) batch.size(0);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = TestImages.indexOf(flat[i * INFO.pixels()]);
    }
    return out;
  }

  @Test
  void nextReturnsFreshFloatNchwArrayHoldingTheDatasetImages() {
    BatchIterator it = BatchIterator.builder(DATA, 4).seed(3).build();
    INDArray a = it.next();
    INDArray b = it.next();
    assertThat(a.shape()).containsExactly(4, 3, 4, 5);
    assertThat(a.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(a.ordering()).isEqualTo('c');
    assertThat(a.data()).isNotSameAs(b.data());
    float[] flat = a.data().asFloat();
    int[] idx = indices(a);
    for (int i = 0; i < idx.length; i++) {
      float[] expected = DATA.image(idx[i]);
      assertThat(Arrays.copyOfRange(flat, i * INFO.pixels(), (i + 1) * INFO.pixels()))
          .containsExactly(expected);
    }
    assertThat(a.minNumber().floatValue()).isGreaterThanOrEqualTo(-1f);
    assertThat(a.maxNumber().floatValue()).isLessThanOrEqualTo(1f);
  }

  @Test
  void labelsTravelWithTheImagesOfTheirBatch() {
    BatchIterator it = BatchIterator.builder(DATA, 5).seed(11).build();
    Object[] batch = it.next((images, labels) -> new Object[] {images, labels});
    int[] labels = (int[]) batch[1];
    assertThat(labels).hasSize(5);
    int[] idx = indices((INDArray) batch[0]);
    for (int i = 0; i < idx.length; i++) {
      assertThat(labels[i]).isEqualTo(DATA.label(idx[i]));
    }
    // the plain next() is the same stream of images
    BatchIterator again = BatchIterator.builder(DATA, 5).seed(11).build();
    assertThat(again.next()).isEqualTo(batch[0]);
  }

  @Test
  void anUnlabelledDataSetGivesNoLabels() {
    InMemoryImageDataset plain =
        InMemoryImageDataset.unlabelled("plain", INFO, new byte[6 * INFO.pixels()]);
    BatchIterator it = BatchIterator.builder(plain, 3).build();
    int[] labels = it.next((images, l) -> l);
    assertThat(labels).isNull();
  }

  @Test
  void everyExampleAppearsExactlyOncePerEpochWithoutDropLast() {
    BatchIterator it = BatchIterator.builder(DATA, 5).seed(7).dropLast(false).build();
    assertThat(it.batchesPerEpoch()).isEqualTo(5);
    for (int epoch = 0; epoch < 3; epoch++) {
      List<Integer> seen = new ArrayList<>();
      List<Long> sizes = new ArrayList<>();
      for (int b = 0; b < it.batchesPerEpoch(); b++) {
        INDArray batch = it.next();
        sizes.add(batch.size(0));
        for (int i : indices(batch)) {
          seen.add(i);
        }
      }
      assertThat(sizes).containsExactly(5L, 5L, 5L, 5L, 3L);
      assertThat(seen).hasSize(DATA.size());
      assertThat(seen).containsExactlyInAnyOrderElementsOf(range(DATA.size()));
      assertThat(it.position()).containsExactly(epoch + 1, 0);
    }
  }

  @Test
  void dropLastSkipsTheIncompleteBatchAndStartsTheNextEpoch() {
    BatchIterator it = BatchIterator.builder(DATA, 5).seed(7).build();
    assertThat(it.batchesPerEpoch()).isEqualTo(4);
    for (int b = 0; b < 4; b++) {
      assertThat(it.next().size(0)).isEqualTo(5);
    }
    assertThat(it.position()).containsExactly(1, 0);
    int[] firstOfEpochOne = indices(it.next());
    int[] order = it.epochOrder(1);
    assertThat(firstOfEpochOne).containsExactly(Arrays.copyOf(order, 5));
  }

  @Test
  void seekingToASavedPositionReproducesTheFollowingBatches() {
    BatchIterator original = BatchIterator.builder(DATA, 4).seed(99).build();
    for (int i = 0; i < 7; i++) {
      original.next();
    }
    long[] saved = original.position();
    List<INDArray> expected = new ArrayList<>();
    List<int[]> expectedLabels = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      original.next((images, labels) -> expected.add(images) && expectedLabels.add(labels));
    }
    BatchIterator resumed = BatchIterator.builder(DATA, 4).seed(99).build();
    resumed.seek(saved);
    for (int i = 0; i < 12; i++) {
      int k = i;
      resumed.next(
          (images, labels) -> {
            assertThat(images).isEqualTo(expected.get(k));
            assertThat(labels).containsExactly(expectedLabels.get(k));
            return null;
          });
    }
    original.seek(saved);
    assertThat(original.next()).isEqualTo(expected.get(0));
  }

  @Test
  void iteratorsWithTheSameSeedAgree() {
    BatchIterator a = BatchIterator.builder(DATA, 6).seed(5).build();
    BatchIterator b = BatchIterator.builder(DATA, 6).seed(5).build();
    for (int i = 0; i < 10; i++) {
      assertThat(a.next()).isEqualTo(b.next());
    }
  }

  @Test
  void differentSeedsGiveDifferentOrders() {
    BatchIterator a = BatchIterator.builder(DATA, 23).seed(1).build();
    BatchIterator b = BatchIterator.builder(DATA, 23).seed(2).build();
    assertThat(indices(a.next())).isNotEqualTo(indices(b.next()));
  }

  @Test
  void eachEpochUsesItsOwnPermutation() {
    BatchIterator it = BatchIterator.builder(DATA, 23).seed(1).build();
    int[] e0 = indices(it.next());
    int[] e1 = indices(it.next());
    assertThat(e0).isNotEqualTo(e1);
    assertThat(e0).containsExactlyInAnyOrder(e1);
    assertThat(e0).containsExactly(it.epochOrder(0));
  }

  @Test
  void withoutShuffleBatchesFollowIndexOrder() {
    BatchIterator it = BatchIterator.builder(DATA, 10).shuffle(false).dropLast(false).build();
    assertThat(indices(it.next())).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(indices(it.next())).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    assertThat(indices(it.next())).containsExactly(20, 21, 22);
    assertThat(indices(it.next())).startsWith(0, 1, 2);
  }

  @Test
  void rejectsBadArgumentsQuotingTheValue() {
    assertThatThrownBy(() -> BatchIterator.builder(DATA, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 0");
    assertThatThrownBy(() -> BatchIterator.builder(DATA, 24).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("23 images")
        .hasMessageContaining("found 24");
    BatchIterator it = BatchIterator.builder(DATA, 4).build();
    assertThatThrownBy(() -> it.seek(new long[] {0, 23}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 23)")
        .hasMessageContaining("found 23");
    assertThatThrownBy(() -> it.seek(new long[] {-1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found -1");
    assertThatThrownBy(() -> it.seek(new long[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 1 values");
  }

  private static List<Integer> range(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
