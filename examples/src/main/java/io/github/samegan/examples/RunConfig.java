package io.github.samegan.examples;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.ImageShape;
import io.github.samegan.core.train.Gan;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the command line needs to rebuild a run's model: saved as checkpoint metadata.
 *
 * @param dataset data set name
 * @param model model name
 * @param loss loss name
 * @param shape image shape
 * @param initSeed weight-initialisation seed
 */
record RunConfig(String dataset, String model, String loss, ImageShape shape, long initSeed) {

  Map<String, String> toMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("dataset", dataset);
    m.put("model", model);
    m.put("loss", loss);
    m.put("channels", Integer.toString(shape.channels()));
    m.put("height", Integer.toString(shape.height()));
    m.put("width", Integer.toString(shape.width()));
    m.put("initSeed", Long.toString(initSeed));
    return m;
  }

  static RunConfig fromMetadata(Path file, Map<String, String> m) {
    try {
      return new RunConfig(
          m.getOrDefault("dataset", "unknown"),
          req(file, m, "model"),
          m.getOrDefault("loss", "minimax"),
          new ImageShape(Integer.parseInt(req(file, m, "channels")), Integer.parseInt(req(file, m, "height")),
              Integer.parseInt(req(file, m, "width"))),
          Long.parseLong(m.getOrDefault("initSeed", "42")));
    } catch (NumberFormatException e) {
      throw new CheckpointException("Checkpoint " + file + " has corrupt metadata: " + e.getMessage(), e);
    }
  }

  private static String req(Path file, Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new CheckpointException(
          "Checkpoint " + file + " was not written by 'samegan train' (no '" + key + "' in its metadata);"
              + " load it from Java with Checkpoints.loadWeights and your own model");
    }
    return v;
  }

  Gan buildGan() {
    Architecture a = ModelRegistry.create(model, shape);
    return Gan.builder(a.generator(), a.discriminator(), LossRegistry.create(loss)).seed(initSeed).build();
  }
}
