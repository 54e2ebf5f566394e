package io.github.samegan.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.data.augment.AugmentPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Augmentation and background prefetching keep BatchIterator's determinism and resumability. */
class BatchIteratorPrefetchTest {

  private static final ImageInfo INFO = ImageInfo.rgb(8);
  private static final InMemoryImageDataset DATA = TestImages.indexed(23, INFO);
  private static final AugmentPipeline AUG =
      AugmentPipeline.parse("hflip,crop:2,jitter:0.2,noise:0.02@0.5,cutout:0.25@0.3").withSeed(5);

  /** Batches and labels as plain arrays, for comparison. */
  record Batch(float[] data, int[] labels) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Batch b
          && java.util.Arrays.equals(data, b.data)
          && java.util.Arrays.equals(labels, b.labels);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Batch" + java.util.Arrays.toString(labels);
    }
  }

  private static List<Batch> take(BatchIterator it, int n) {
    List<Batch> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(it.next((images, labels) -> new Batch(images.data().asFloat(), labels)));
    }
    return out;
  }

  private static BatchIterator.Builder builder() {
    return BatchIterator.builder(DATA, 5).seed(11).augment(AUG);
  }

  private static Set<Thread> prefetchThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("samegan-prefetch-") && t.isAlive())
        .collect(Collectors.toSet());
  }

  @Test
  void augmentedBatchesAreReproducibleAndDifferFromPlainOnes() {
    List<Batch> a = take(builder().build(), 10);
    List<Batch> b = take(builder().build(), 10);
    assertThat(b).isEqualTo(a);
    List<Batch> plain = take(BatchIterator.builder(DATA, 5).seed(11).build(), 10);
    for (int i = 0; i < 10; i++) {
      assertThat(a.get(i).labels()).containsExactly(plain.get(i).labels());
      assertThat(a.get(i).data()).isNotEqualTo(plain.get(i).data());
    }
    // The same image is augmented differently in different epochs (4 batches per epoch).
    assertThat(take(BatchIterator.builder(DATA, 23).seed(1).shuffle(false).augment(AUG).build(), 2))
        .doesNotHaveDuplicates();
    List<Batch> otherSeed =
        take(BatchIterator.builder(DATA, 5).seed(11).augment(AUG.withSeed(6)).build(), 1);
    assertThat(otherSeed.get(0)).isNotEqualTo(a.get(0));
  }

  @Test
  void augmentedStreamResumesExactlyFromAPosition() {
    BatchIterator first = builder().build();
    take(first, 6);
    long[] pos = first.position();
    List<Batch> rest = take(first, 7);
    BatchIterator resumed = builder().build();
    resumed.seek(pos);
    assertThat(take(resumed, 7)).isEqualTo(rest);
  }

  @Test
  void prefetchingGivesTheSameBatchesForAnyThreadCount() {
    for (boolean dropLast : new boolean[] {true, false}) {
      List<Batch> reference = take(builder().dropLast(dropLast).build(), 13);
      for (int threads : new int[] {1, 2, 4}) {
        try (BatchIterator it = builder().dropLast(dropLast).prefetch(threads, 3).build()) {
          assertThat(take(it, 13))
              .as("%d threads, dropLast %s", threads, dropLast)
              .isEqualTo(reference);
        }
      }
    }
  }

  @Test
  void positionAndSeekStayExactWhilePrefetching() {
    try (BatchIterator it = builder().prefetch(2, 4).build()) {
      take(it, 5);
      long[] pos = it.position();
      assertThat(pos).containsExactly(1, 5); // 4 batches per epoch, so batch 5 is epoch 1's 2nd
      List<Batch> after = take(it, 6);
      it.seek(pos);
      assertThat(it.position()).containsExactly(pos);
      assertThat(take(it, 6)).isEqualTo(after);
      it.seek(new long[] {0, 0});
      assertThat(take(it, 3)).isEqualTo(take(builder().build(), 3));
    }
  }

  @Test
  void closeStopsTheWorkersAndLaterCallsFail() throws InterruptedException {
    Set<Thread> before = prefetchThreads();
    BatchIterator it = builder().prefetch(3, 6).build();
    assertThat(before).containsAll(prefetchThreads()); // workers start lazily
    take(it, 4);
    Set<Thread> started = prefetchThreads();
    started.removeAll(before);
    assertThat(started).hasSize(3);
    it.close();
    for (Thread t : started) {
      t.join(2000); // a stopped worker may take a moment to exit; a leaked one never does
      assertThat(t.isAlive()).as(t.getName()).isFalse();
    }
    it.close(); // idempotent
    assertThatThrownBy(it::next)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aFailingAugmenterSurfacesFromTheWorkerUnwrapped() {
    ImageAugmenter broken =
        (image, info, epoch, index) -> {
          throw new IllegalArgumentException("broken augmenter at " + index);
        };
    try (BatchIterator it = BatchIterator.builder(DATA, 5).augment(broken).prefetch(2, 2).build()) {
      assertThatThrownBy(it::next)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("broken augmenter");
    }
    ImageAugmenter wrongSize = (image, info, epoch, index) -> new float[3];
    assertThatThrownBy(() -> BatchIterator.builder(DATA, 5).augment(wrongSize).build().next())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must return 192 values");
  }

  @Test
  void prefetchArgumentsAreValidated() {
    assertThatThrownBy(() -> BatchIterator.builder(DATA, 5).prefetch(0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> BatchIterator.builder(DATA, 5).prefetch(2, 0))
        .hasMessageContaining("queueSize");
  }
}
