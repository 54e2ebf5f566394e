package io.github.samegan.examples.runs;

import io.github.samegan.core.train.Gan;
import io.github.samegan.models.ModelRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model settings of a run beyond its architecture name: the number of classes of a
 * class-conditional model (0 for an unconditional one), the generator EMA decay (0 = off) and the
 * number of latent batches over which the EMA's batch-norm statistics are re-estimated before it
 * samples ({@code Gan.Builder.emaBatchNorm}, 0 = the training generator's statistics). Stored in
 * checkpoint metadata as {@code classes}, {@code ema} and {@code ema-bn-batches} (absent when 0 or
 * the default, so older checkpoints read as unconditional without EMA, and with EMA as
 * re-estimating over the default {@value Gan#DEFAULT_EMA_BN_BATCHES} batches).
 *
 * @param numClasses classes of a conditional model, 0 otherwise
 * @param emaDecay generator EMA decay in [0, 1)
 * @param emaBnBatches latent batches for the EMA's batch-norm statistics, 0 = off
 */
public record ModelOptions(int numClasses, double emaDecay, int emaBnBatches) {
  /** Unconditional, no EMA. */
  public static final ModelOptions NONE = new ModelOptions(0, 0);

  /** Options with the default re-estimation of the EMA's batch-norm statistics. */
  public ModelOptions(int numClasses, double emaDecay) {
    this(numClasses, emaDecay, Gan.DEFAULT_EMA_BN_BATCHES);
  }

  /** Validates the values. */
  public ModelOptions {
    if (emaBnBatches < 0 || emaBnBatches > 10_000) {
      throw new IllegalArgumentException(
          "--ema-bn-batches must be in [0, 10000] (0 = off), found " + emaBnBatches);
    }
    if (numClasses < 0 || numClasses == 1) {
      throw new IllegalArgumentException("numClasses must be 0 or at least 2, found " + numClasses);
    }
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw new IllegalArgumentException(
          "--ema must be in [0, 1) (0 = off, e.g. 0.999), found " + emaDecay);
    }
  }

  /** These options with another number of batches for the EMA's batch-norm statistics. */
  public ModelOptions withEmaBnBatches(int batches) {
    return new ModelOptions(numClasses, emaDecay, batches);
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
    if (emaBnBatches != Gan.DEFAULT_EMA_BN_BATCHES) {
      m.put("ema-bn-batches", Integer.toString(emaBnBatches));
    }
    return m;
  }

  /** Reads the options back from metadata. */
  public static ModelOptions fromMetadata(Map<String, String> m) {
    return new ModelOptions(
        Integer.parseInt(m.getOrDefault("classes", "0")),
        Double.parseDouble(m.getOrDefault("ema", "0")),
        Integer.parseInt(
            m.getOrDefault("ema-bn-batches", Integer.toString(Gan.DEFAULT_EMA_BN_BATCHES))));
  }
}
