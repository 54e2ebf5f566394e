package io.github.samegan.examples.runs;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.eval.classify.ClassifierFeatureExtractor;
import io.github.samegan.eval.classify.InceptionFeatureExtractor;
import io.github.samegan.eval.metrics.FeatureExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves {@code --features classifier:FILE | inception:FILE} to a feature network. */
public final class FeatureNetworks {
  public static final String HELP =
      "classifier:FILE (from 'samegan classifier train') or inception:FILE"
          + " (classify_image_graph_def.pb, the FID Inception graph)";

  private FeatureNetworks() {}

  /**
   * Loads the feature network a spec names and checks it can take images of {@code shape}.
   *
   * @throws IllegalArgumentException for a malformed spec
   * @throws SameGanException for a missing or unusable file
   */
  public static FeatureExtractor load(String spec, ImageShape shape) throws IOException {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("Pass --features " + HELP);
    }
    int colon = spec.indexOf(':');
    String kind = colon < 0 ? "" : spec.substring(0, colon);
    Path file = Path.of(colon < 0 ? spec : spec.substring(colon + 1));
    switch (kind) {
      case "classifier" -> {
        requireFile(
            file,
            "Classifier file",
            "train one with 'samegan classifier train --dataset NAME --out " + file + "'");
        ClassifierFeatureExtractor fx = ClassifierFeatureExtractor.load(file);
        ImageShape in = fx.classifier().inputShape();
        if (!in.equals(shape)) {
          throw new SameGanException(
              "The classifier "
                  + file
                  + " takes "
                  + in
                  + " images but the images to"
                  + " evaluate are "
                  + shape
                  + "; use a classifier trained on the same data set");
        }
        return fx;
      }
      case "inception" -> {
        requireFile(
            file, "Inception graph", "download classify_image_graph_def.pb (docs/metrics.md)");
        return InceptionFeatureExtractor.load(file);
      }
      default ->
          throw new IllegalArgumentException(
              "Unknown feature network '" + spec + "'; expected " + HELP);
    }
  }

  private static void requireFile(Path file, String what, String fix) {
    if (!Files.isRegularFile(file)) {
      throw new SameGanException(what + " not found: " + file + "; " + fix);
    }
  }
}
