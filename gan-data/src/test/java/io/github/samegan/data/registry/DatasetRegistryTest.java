package io.github.samegan.data.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.samegan.data.DatasetNotFoundException;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.data.download.DatasetSources;
import io.github.samegan.data.loaders.Cifar100Dataset;
import io.github.samegan.data.loaders.Cifar100Dataset.LabelMode;
import io.github.samegan.data.loaders.Cifar10Dataset;
import io.github.samegan.data.loaders.CifarFiles;
import io.github.samegan.data.loaders.IdxDataset;
import io.github.samegan.data.loaders.IdxFiles;
import io.github.samegan.data.loaders.Split;
import io.github.samegan.data.synthetic.ShapesDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRegistryTest {

  private static final List<String> BUILT_IN =
      List.of(
          "shapes",
          "cifar100",
          "cifar100-coarse",
          "cifar10",
          "fashion-mnist",
          "mnist",
          "folder:PATH");

  @TempDir Path dir;

  private final DatasetRegistry registry = DatasetRegistry.standard();

  @Test
  void theStandardRegistryListsTheBuiltInSetsThenThoseOfProviders() {
    assertThat(registry.names().subList(0, BUILT_IN.size())).containsExactlyElementsOf(BUILT_IN);
    assertThat(registry.entries().subList(0, BUILT_IN.size()))
        .containsExactlyElementsOf(StandardDatasets.all());
    assertThat(registry.names()).endsWith("checkerboard");
    assertThat(DatasetRegistry.standard()).isSameAs(registry);
  }

  @Test
  void namesAreFoundIgnoringCaseAndBlanksAndThroughAliases() {
    assertThat(registry.entry("cifar10")).isSameAs(StandardDatasets.CIFAR10);
    assertThat(registry.entry(" CIFAR-10 ")).isSameAs(StandardDatasets.CIFAR10);
    assertThat(registry.entry("Cifar100-Coarse")).isSameAs(StandardDatasets.CIFAR100_COARSE);
    assertThat(registry.entry("fashionmnist")).isSameAs(StandardDatasets.FASHION_MNIST);
    assertThat(registry.entry("folder:/Some/Path")).isSameAs(StandardDatasets.FOLDER);
    assertThat(registry.entry("checkers").name()).isEqualTo("checkerboard");
    assertThat(registry.find("folder")).isEmpty();
    assertThat(registry.find("cifar10:test")).isEmpty();
    assertThat(registry.find("shapes2")).isEmpty();
  }

  @Test
  void anUnknownNameIsRefusedWithEveryKnownName() {
    assertThatThrownBy(() -> registry.entry("imagenet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown dataset 'imagenet'; known: " + String.join(", ", registry.names()));
    assertThatThrownBy(() -> registry.load("nope", dir, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown dataset 'nope'")
        .hasMessageContaining(
            "shapes, cifar100, cifar100-coarse, cifar10, fashion-mnist, mnist,"
                + " folder:PATH, checkerboard");
  }

  @Test
  void serviceLoaderFindsAProviderListedInMetaInfServices() {
    DatasetEntry e = registry.entry("checkerboard");
    assertThat(e.description()).isEqualTo("Grey squares for the registry tests");
    assertThat(e.shape()).isEqualTo(ImageInfo.gray(4));
    assertThat(e.labels().names()).containsExactly("even", "odd");
    assertThat(e.hasTestSplit()).isFalse();
    assertThat(e.source()).isEmpty();
    ImageDataset all = registry.load("checkerboard", dir, 32);
    assertThat(all.size()).isEqualTo(CheckerboardProvider.SIZE);
    assertThat(all.label(7)).isEqualTo(1);
  }

  @Test
  void aCustomRegistryFromTheBuilderHoldsExactlyItsEntries() {
    DatasetEntry tiny =
        DatasetEntry.builder(
                "tiny", "Three shapes", ImageInfo.rgb(32), r -> ShapesDataset.generate(3, 1))
            .build();
    DatasetRegistry custom = DatasetRegistry.builder().add(tiny).build();
    assertThat(custom.names()).containsExactly("tiny");
    assertThat(custom.load("TINY", dir, 32).size()).isEqualTo(3);
    assertThatThrownBy(() -> custom.entry("shapes"))
        .hasMessage("Unknown dataset 'shapes'; known: tiny");
    assertThat(registry.find("tiny")).isEmpty();

    DatasetRegistry extended = registry.toBuilder().add(() -> List.of(tiny)).build();
    assertThat(extended.names()).containsExactlyElementsOf(concat(registry.names(), "tiny"));
    assertThat(DatasetRegistry.standard().names()).doesNotContain("tiny");
    assertThatThrownBy(() -> extended.entries().add(tiny))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aNameOrAliasCanBeTakenOnlyOnce() {
    DatasetEntry clash =
        DatasetEntry.builder("cifar-10", "Another CIFAR", ImageInfo.rgb(32), r -> null).build();
    assertThatThrownBy(() -> registry.toBuilder().add(clash))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "data set name 'cifar-10' of 'cifar-10' is already taken by 'cifar10'; choose another"
                + " name");
    DatasetEntry aliasClash =
        DatasetEntry.builder("photos", "Photos", ImageInfo.rgb(32), r -> null)
            .aliases("shapes")
            .build();
    assertThatThrownBy(() -> DatasetRegistry.builder().add(StandardDatasets.SHAPES).add(aliasClash))
        .hasMessageContaining("'shapes' of 'photos' is already taken by 'shapes'");
  }

  @Test
  void entriesRefuseBadNamesAliasesParametersAndDescriptions() {
    ImageInfo rgb = ImageInfo.rgb(32);
    SplitLoader none = r -> null;
    assertThatThrownBy(() -> DatasetEntry.builder("My Set", "x", rgb, none))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 'My Set'")
        .hasMessageContaining("lower case letters");
    assertThatThrownBy(() -> DatasetEntry.builder("a:b", "x", rgb, none))
        .hasMessageContaining("found 'a:b'");
    assertThatThrownBy(() -> DatasetEntry.builder("ok", " ", rgb, none))
        .hasMessageContaining("one non-blank line");
    assertThatThrownBy(() -> DatasetEntry.builder("ok", "two\nlines", rgb, none))
        .hasMessageContaining("one non-blank line");
    assertThatThrownBy(() -> DatasetEntry.builder("ok", "x", rgb, none).aliases("ok"))
        .hasMessageContaining("alias 'ok' of data set 'ok' repeats");
    assertThatThrownBy(() -> DatasetEntry.builder("ok", "x", rgb, none).parameter("path"))
        .hasMessageContaining("found 'path'");
    assertThatThrownBy(
            () -> DatasetEntry.builder("ok", "x", rgb, none).aliases("o").parameter("P").build())
        .hasMessageContaining("cannot have aliases");
    assertThatThrownBy(() -> DatasetLabels.named(List.of("one")))
        .hasMessageContaining("at least 2 class names");
    assertThatThrownBy(() -> new DatasetLabels(3, List.of("a", "b"), ""))
        .hasMessageContaining("found 2");
    assertThatThrownBy(() -> new LoadRequest("x", "", dir, 0)).hasMessageContaining("found 0");
  }

  @Test
  void cifar10TrainAndTestSplitsLoadThroughTheRegistry() throws IOException {
    Path folder = dir.resolve(Cifar10Dataset.FOLDER);
    CifarFiles.writeNames(folder.resolve("batches.meta.txt"), CifarFiles.names("class", 10));
    for (int b = 1; b <= 5; b++) {
      CifarFiles.write(
          folder.resolve("data_batch_" + b + ".bin"),
          List.of(CifarFiles.record(10 * b, b), CifarFiles.record(10 * b + 1, b + 4)));
    }
    CifarFiles.write(folder.resolve("test_batch.bin"), List.of(CifarFiles.record(99, 9)));

    ImageDataset train = registry.load("cifar10", dir, 32);
    assertSameImages(train, Cifar10Dataset.load(folder, Split.TRAIN));
    assertThat(train.size()).isEqualTo(10);
    assertThat(train.label(1)).isEqualTo(5);
    assertSameImages(registry.load("cifar10", Split.TRAIN, dir, 32), train);
    ImageDataset test = registry.load("cifar-10", Split.TEST, dir, 32);
    assertSameImages(test, Cifar10Dataset.load(folder, Split.TEST));
    assertThat(test.size()).isEqualTo(1);
    assertThat(test.image(0)[0]).isEqualTo(CifarFiles.scaled(CifarFiles.pixel(99, 0, 0, 0)));
    // The extracted folder itself, or inside a folder named after the download, works too.
    assertSameImages(registry.load("cifar10", folder, 32), train);
    Path nested = Files.createDirectories(dir.resolve("nested").resolve("cifar10"));
    Files.move(folder, nested.resolve(Cifar10Dataset.FOLDER));
    assertSameImages(registry.load("cifar10", dir.resolve("nested"), 32), train);
    assertThat(StandardDatasets.CIFAR10.describeSplit(Split.TEST)).isEqualTo("test");
  }

  @Test
  void cifar100FineAndCoarseReadTheSameFilesWithTheirOwnLabels() throws IOException {
    Path folder = dir.resolve(Cifar100Dataset.FOLDER);
    CifarFiles.writeNames(folder.resolve("fine_label_names.txt"), CifarFiles.names("fine", 100));
    CifarFiles.writeNames(folder.resolve("coarse_label_names.txt"), CifarFiles.names("coarse", 20));
    CifarFiles.write(
        folder.resolve("train.bin"),
        List.of(CifarFiles.record(1, 4, 53), CifarFiles.record(2, 14, 2)));
    CifarFiles.write(folder.resolve("test.bin"), List.of(CifarFiles.record(3, 1, 1)));

    ImageDataset fine = registry.load("cifar100", dir, 32);
    ImageDataset coarse = registry.load("cifar100-coarse", dir, 32);
    assertSameImages(fine, Cifar100Dataset.load(folder, Split.TRAIN, LabelMode.FINE));
    assertSameImages(coarse, Cifar100Dataset.load(folder, Split.TRAIN, LabelMode.COARSE));
    assertThat(fine.label(0)).isEqualTo(53);
    assertThat(coarse.label(0)).isEqualTo(4);
    assertThat(coarse.numClasses()).isEqualTo(20);
    assertSameImages(
        registry.load("cifar100-coarse", Split.TEST, dir, 32),
        Cifar100Dataset.load(folder, Split.TEST, LabelMode.COARSE));
  }

  @Test
  void mnistAndFashionMnistSplitsLoadFromIdxFilesPaddedTo32() throws IOException {
    for (String set : List.of("mnist", "fashion-mnist")) {
      Path folder = Files.createDirectories(dir.resolve(set));
      Files.write(folder.resolve("train-images-idx3-ubyte"), IdxFiles.imagesFile(0x803, 3, 28, 28));
      Files.write(folder.resolve("train-labels-idx1-ubyte"), IdxFiles.labelsFile(7, 0, 3));
      Files.write(folder.resolve("t10k-images-idx3-ubyte"), IdxFiles.imagesFile(0x803, 2, 28, 28));
      Files.write(folder.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labelsFile(1, 9));
    }
    ImageDataset train = registry.load("mnist", dir, 32);
    assertThat(train.info()).isEqualTo(StandardDatasets.MNIST.shape());
    assertSameImages(train, IdxDataset.mnist(dir.resolve("mnist"), true, true));
    assertThat(train.label(0)).isEqualTo(7);
    ImageDataset test = registry.load("mnist", Split.TEST, dir, 32);
    assertSameImages(test, IdxDataset.mnist(dir.resolve("mnist"), false, true));
    // Padding: 2 black pixels on each side, then image 1's pixel (0, 0).
    assertThat(test.image(1)[0]).isEqualTo(-1f);
    assertThat(test.image(1)[2 * 32 + 2]).isEqualTo((float) (IdxFiles.pixel(1, 0, 0) / 127.5 - 1));

    ImageDataset fashion = registry.load("fashion-mnist", Split.TEST, dir, 32);
    assertSameImages(fashion, IdxDataset.fashionMnist(dir.resolve("fashion-mnist"), false, true));
    assertThat(fashion.classNames()).isEqualTo(StandardDatasets.FASHION_MNIST.labels().names());
  }

  @Test
  void aMissingDataSetSaysWhereItLookedAndHowToGetIt() {
    assertThatThrownBy(() -> registry.load("cifar10", dir, 32))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessage(
            "Data set 'cifar10' not found: expected the folder "
                + dir.resolve(Cifar10Dataset.FOLDER)
                + " (extracted from the official binary archive); download it with 'samegan data"
                + " download cifar10' or pass --data-dir");
    assertThatThrownBy(() -> registry.load("cifar100-coarse", Split.TEST, dir, 32))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("Data set 'cifar100' not found")
        .hasMessageContaining("samegan data download cifar100'");
    assertThatThrownBy(() -> registry.load("mnist", dir, 32))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageStartingWith("Data set 'mnist' not found in " + dir.resolve("mnist") + "; put")
        .hasMessageNotContaining("samegan data download");
    assertThatThrownBy(() -> registry.load("folder:" + dir.resolve("absent"), dir, 32))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessage("Image folder not found: " + dir.resolve("absent"));
    assertThatThrownBy(() -> registry.load("folder:", dir, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Data set 'folder:PATH' needs a PATH after 'folder:', found 'folder:'");
  }

  @Test
  void folderPathLoadsThatFolderAtTheRequestedSizeAndHoldsOutTenPercent() throws IOException {
    Path photos = Files.createDirectories(dir.resolve("My Photos"));
    for (int i = 0; i < 20; i++) {
      BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          img.setRGB(x, y, i * 10 << 16);
        }
      }
      Path file = photos.resolve(String.format("img%02d.png", i));
      assertThat(ImageIO.write(img, "png", file.toFile())).isTrue();
    }
    ImageDataset all = registry.load("FOLDER:" + photos, dir, 16);
    assertThat(all.size()).isEqualTo(20);
    assertThat(all.info()).isEqualTo(ImageInfo.rgb(16));
    ImageDataset test = registry.load("folder:" + photos, Split.TEST, dir, 16);
    ImageDataset train = registry.load("folder:" + photos, Split.TRAIN, dir, 16);
    assertThat(test.size()).isEqualTo(2);
    assertThat(train.size()).isEqualTo(18);
    Set<Float> reds = new HashSet<>();
    for (ImageDataset d : List.of(test, train)) {
      for (int i = 0; i < d.size(); i++) {
        reds.add(d.image(i)[0]);
      }
    }
    assertThat(reds).hasSize(20);
    assertThat(StandardDatasets.FOLDER.describeSplit(Split.TRAIN))
        .isEqualTo("train minus holdout 10% (seed 0)");
  }

  @Test
  void setsWithoutATestSplitHoldOutTheSameTenPercentEveryTime() {
    // Checkerboard image i is filled with i, so an image's first value gives its index.
    ImageDataset test = registry.load("checkerboard", Split.TEST, dir, 32);
    ImageDataset train = registry.load("checkerboard", Split.TRAIN, dir, 32);
    assertThat(indices(test)).containsExactlyElementsOf(sortedFirst(Holdout.permutation(0, 30), 3));
    assertThat(test.size() + train.size()).isEqualTo(CheckerboardProvider.SIZE);
    List<Integer> both = new ArrayList<>(indices(test));
    both.addAll(indices(train));
    assertThat(both).doesNotHaveDuplicates().hasSize(CheckerboardProvider.SIZE);
    assertThat(indices(train)).isSorted();
    assertThat(test.name()).isEqualTo("checkerboard-holdout");
    assertThat(train.name()).isEqualTo("checkerboard-train");
    assertThat(registry.entry("checkerboard").describeSplit(Split.TEST))
        .isEqualTo("holdout 10% (seed 0)");

    // The shapes hold-out: 1,000 of 10,000, the same images as before the registry existed.
    InMemoryImageDataset shapes = ShapesDataset.generate();
    ImageDataset shapesTest = registry.load("shapes", Split.TEST, dir, 32);
    assertThat(shapesTest.size()).isEqualTo(1000);
    int[] expected = {4, 8, 35, 38, 43, 44, 47, 74, 84, 107, 108, 120};
    for (int k = 0; k < expected.length; k++) {
      assertThat(shapesTest.image(k)).isEqualTo(shapes.image(expected[k]));
      assertThat(shapesTest.label(k)).isEqualTo(shapes.label(expected[k]));
    }
    assertThat(registry.load("shapes", Split.TRAIN, dir, 32).size()).isEqualTo(9000);
    assertThat(registry.load("shapes", dir, 32).size()).isEqualTo(10_000);

    DatasetRegistry tiny =
        DatasetRegistry.builder()
            .add(
                DatasetEntry.builder(
                        "one",
                        "One image",
                        ImageInfo.gray(4),
                        r -> CheckerboardProvider.checkerboard().first(1))
                    .build())
            .build();
    assertThatThrownBy(() -> tiny.load("one", Split.TEST, dir, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Data set 'one' has only 1 images; too few to hold out a test split");
  }

  @Test
  void theHoldoutPermutationIsSplitMix64FisherYatesFromSeedZero() {
    // Golden values of gan-core's Rng(0).permutation(n), which the hold-out has always used.
    assertThat(Holdout.permutation(0, 10)).containsExactly(5, 6, 1, 4, 8, 3, 2, 9, 0, 7);
    assertThat(Holdout.permutation(0, 20))
        .containsExactly(12, 6, 16, 19, 3, 2, 10, 18, 11, 15, 17, 5, 4, 14, 0, 13, 1, 9, 8, 7);
    assertThat(Holdout.permutation(0, 0)).isEmpty();
    assertThat(Holdout.permutation(0, 1)).containsExactly(0);
    assertThatThrownBy(() -> Holdout.permutation(0, -1)).hasMessageContaining("found -1");
  }

  @Test
  void downloadsAreFoundByTheNameOrAliasOfAnySetReadFromThem() {
    assertThat(registry.downloadNames()).containsExactly("cifar100", "cifar10", "fashion-mnist");
    assertThat(registry.source("cifar100-coarse")).isSameAs(DatasetSources.CIFAR100);
    assertThat(registry.source("Cifar-10")).isSameAs(DatasetSources.CIFAR10);
    assertThat(registry.source("fashion_mnist")).isSameAs(DatasetSources.FASHION_MNIST);
    assertThatThrownBy(() -> registry.source("mnist"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no download known for data set 'mnist'; choose one of cifar100, cifar10,"
                + " fashion-mnist");
    assertThatThrownBy(() -> registry.source("imagenet")).hasMessageContaining("'imagenet'");
  }

  @Test
  void labelsSayHowManyClassesAndWhereTheirNamesComeFrom() {
    assertThat(StandardDatasets.SHAPES.labels().names()).isEqualTo(ShapesDataset.classNames());
    assertThat(StandardDatasets.SHAPES.labels().describe()).isEqualTo("16 classes");
    assertThat(StandardDatasets.CIFAR10.labels().describe())
        .isEqualTo("10 classes (batches.meta.txt)");
    assertThat(StandardDatasets.FOLDER.labels().labelled()).isFalse();
    assertThat(StandardDatasets.FOLDER.labels().describe())
        .isEqualTo("one class per sub-folder, if any");
    assertThat(DatasetLabels.none().describe()).isEqualTo("unlabelled");
    assertThat(registry.entries().stream().filter(e -> e.labels().labelled()).map(e -> e.name()))
        .containsExactly(
            "shapes",
            "cifar100",
            "cifar100-coarse",
            "cifar10",
            "fashion-mnist",
            "mnist",
            "checkerboard");
  }

  private static void assertSameImages(ImageDataset actual, ImageDataset expected) {
    assertThat(actual.size()).isEqualTo(expected.size());
    assertThat(actual.info()).isEqualTo(expected.info());
    assertThat(actual.classNames()).isEqualTo(expected.classNames());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.image(i)).as("image %d", i).isEqualTo(expected.image(i));
      assertThat(actual.label(i)).as("label %d", i).isEqualTo(expected.label(i));
    }
  }

  private static List<Integer> indices(ImageDataset checkerboard) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < checkerboard.size(); i++) {
      out.add(Math.round((checkerboard.image(i)[0] + 1f) * 127.5f));
    }
    return out;
  }

  private static List<Integer> sortedFirst(int[] perm, int n) {
    int[] first = Arrays.copyOf(perm, n);
    Arrays.sort(first);
    return Arrays.stream(first).boxed().toList();
  }

  private static List<String> concat(List<String> names, String last) {
    List<String> out = new ArrayList<>(names);
    out.add(last);
    return out;
  }
}
