package io.github.samegan.spark;

import io.github.samegan.core.ImageShape;
import io.github.samegan.data.synthetic.ShapesDataset;
import io.github.samegan.detect.Detector;
import io.github.samegan.detect.DetectorAugmentation;
import io.github.samegan.detect.DetectorTrainer;
import io.github.samegan.detect.ImageSets;
import io.github.samegan.eval.classify.Classifier;
import io.github.samegan.eval.classify.ClassifierFiles;
import io.github.samegan.eval.classify.ClassifierInfo;
import io.github.samegan.eval.classify.ClassifierNetworks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Tiny networks for the tests (seconds to build). */
public final class TestNetworks {
  /** The smallest ResNet the classifiers take. */
  public static final String TINY = "resnet:widths=8,16,16;blocks=1";

  private TestNetworks() {}

  /** A detector trained for 4 steps on 3x32x32 shapes against {@code gan}'s samples. */
  public static Detector tinyDetector(GanSpec gan) {
    return DetectorTrainer.builder(
            ShapesDataset.generate(64, 32, 1),
            List.of(ImageSets.generate("gan", gan.build(), 64, 32, 2)))
        .architecture(TINY)
        .steps(4)
        .batch(16)
        .augmentation(DetectorAugmentation.NONE)
        .seed(3)
        .build()
        .train()
        .detector();
  }

  /** Saves a seeded (untrained) 2-class classifier of 3x32x32 images as a feature network. */
  public static void saveSeededClassifier(Path file) throws IOException {
    ImageShape shape = ImageShape.rgb(32);
    Classifier c = Classifier.create(ClassifierNetworks.fromSpec(TINY, shape, 2), 4);
    ClassifierFiles.save(
        file,
        c,
        new ClassifierInfo(
            c.network().spec(), shape, List.of("a", "b"), "none", "none", 0, Double.NaN, 0, 4));
  }
}
