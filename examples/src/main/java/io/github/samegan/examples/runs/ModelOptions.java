package io.github.samegan.examples.runs;

import io.github.samegan.models.ModelRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model settings of a run beyond its architecture name: the number of classes of a
 * class-conditional model (0 for an unconditional one) and the generator EMA decay (0 = off).
 * Stored in checkpoint metadata as {@code classes} and {@code ema} (absent when 0, so older
 * checkpoints read as unconditional without EMA).
 *
 * @param numClasses classes of a conditional model, 0 otherwise
 * @param emaDecay generator EMA decay in [0, 1)
 */
public record ModelOptions(int numClasses, double emaDecay) {
  /** Unconditional, no EMA. */
  public static final ModelOptions NONE = new ModelOptions(0, 0);

  /** Validates the values. */
  public ModelOptions {
    if (numClasses < 0 || numClasses == 1) {
      throw new IllegalArgumentException("numClasses must be 0 or at least 2, found " + numClasses);
    }
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw new IllegalArgumentException(
          "--ema must be in [0, 1) (0 = off, e.g. 0.999), found " + emaDecay);
    }
  }

  /**
   * The options of a new run: the data set's classes when the model is conditional.
   *
   * @throws IllegalArgumentException if a conditional model meets an unlabelled data set
   */
  public static ModelOptions forTraining(
      String model, String dataset, int dataClasses, double emaDecay) {
    if (!ModelRegistry.standard().entry(model).isConditional()) {
      return new ModelOptions(0, emaDecay);
    }
    if (dataClasses < 2) {
      throw new IllegalArgumentException(
          "Model '"
              + model
              + "' is class-conditional but data set '"
              + dataset
              + "' has no labels;"
              + " use a labelled set ("
              + DataSets.labelledNames()
              + ")");
    }
    return new ModelOptions(dataClasses, emaDecay);
  }

  /** The metadata entries (none for the defaults). */
  public Map<String, String> toMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    if (numClasses > 0) {
      m.put("classes", Integer.toString(numClasses));
    }
    if (emaDecay > 0) {
      m.put("ema", Double.toString(emaDecay));
    }
    return m;
  }

  /** Reads the options back from metadata. */
  public static ModelOptions fromMetadata(Map<String, String> m) {
    return new ModelOptions(
        Integer.parseInt(m.getOrDefault("classes", "0")),
        Double.parseDouble(m.getOrDefault("ema", "0")));
  }
}
