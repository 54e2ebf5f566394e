package io.github.samegan.examples.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.core.SameGanException;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.data.registry.Holdout;
import io.github.samegan.data.synthetic.ShapesDataset;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's splits, read from the data set registry, hold out the same images as before.
 */
class DataSplitsTest {

  @Test
  void theRegistrysHoldoutPermutationIsCoreRngsPermutation() {
    for (long seed : new long[] {Holdout.SEED, 1, 42, -7}) {
      for (int n = 0; n <= 2000; n++) {
        assertThat(Holdout.permutation(seed, n))
            .as("seed %d, n %d", seed, n)
            .isEqualTo(new Rng(seed).permutation(n));
      }
    }
    for (int n : new int[] {10_000, 50_000, 60_000}) {
      assertThat(Holdout.permutation(Holdout.SEED, n))
          .isEqualTo(new Rng(Holdout.SEED).permutation(n));
    }
  }

  @Test
  void shapesTestSplitIsTheFirstTenPercentOfRngZerosPermutation() {
    // The hold-out as DataSplits computed it before the registry, with gan-core's Rng.
    InMemoryImageDataset shapes = ShapesDataset.generate();
    int[] perm = new Rng(0).permutation(shapes.size());
    int[] test = Arrays.copyOfRange(perm, 0, 1000);
    int[] train = Arrays.copyOfRange(perm, 1000, shapes.size());
    Arrays.sort(test);
    Arrays.sort(train);
    ImageDataset testSplit = DataSplits.load("shapes", "test", null);
    ImageDataset trainSplit = DataSplits.load("shapes", "train", null);
    assertThat(testSplit.size()).isEqualTo(test.length);
    assertThat(trainSplit.size()).isEqualTo(train.length);
    for (int k = 0; k < test.length; k++) {
      assertThat(testSplit.image(k)).isEqualTo(shapes.image(test[k]));
      assertThat(testSplit.label(k)).isEqualTo(shapes.label(test[k]));
    }
    for (int k = 0; k < train.length; k += 97) {
      assertThat(trainSplit.image(k)).isEqualTo(shapes.image(train[k]));
    }
    assertThat(testSplit.name()).isEqualTo("shapes-holdout");
  }

  @Test
  void splitsFollowTheRegistry(@TempDir Path dir) {
    assertThat(DataSplits.hasTestSplit("cifar100-coarse")).isTrue();
    assertThat(DataSplits.hasTestSplit("Fashion-MNIST")).isTrue();
    assertThat(DataSplits.hasTestSplit("shapes")).isFalse();
    assertThat(DataSplits.hasTestSplit("folder:/a/b")).isFalse();
    assertThat(DataSplits.describe("cifar10", "test")).isEqualTo("test");
    assertThat(DataSplits.describe("shapes", "test")).isEqualTo("holdout 10% (seed 0)");
    assertThat(DataSplits.describe("shapes", "train"))
        .isEqualTo("train minus holdout 10% (seed 0)");
    assertThatThrownBy(() -> DataSplits.load("shapes", "validation", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Split must be train or test, found 'validation'");
    assertThatThrownBy(() -> DataSplits.load("cifar10", "test", dir))
        .isInstanceOf(SameGanException.class)
        .hasMessageStartingWith(
            "Data set 'cifar10' not found: expected the folder "
                + dir.resolve("cifar-10-batches-bin"))
        .hasMessageContaining("samegan data download cifar10");
    assertThatThrownBy(() -> DataSets.load("folder:" + dir.resolve("none"), dir, 32))
        .isInstanceOf(SameGanException.class)
        .hasMessage("Image folder not found: " + dir.resolve("none"));
  }
}
