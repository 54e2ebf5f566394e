package io.github.samegan.spark;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.train.Gan;
import io.github.samegan.losses.LossOptions;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelRegistry;
import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;

/**
 * A recipe for a {@link Gan} that tasks build on the executor: a model and loss by registry name,
 * the image shape, the seed and, optionally, a checkpoint (a {@code .ckpt} file under a {@link
 * RunStore}, e.g. a sweep run's {@code checkpoints/last.ckpt}) whose weights replace the seeded
 * initialisation.
 *
 * @param model a model name of gan-models' {@code ModelRegistry} (unconditional)
 * @param loss a loss name of gan-losses' {@code LossRegistry} (it builds the training graphs only)
 * @param channels image channels
 * @param size image height and width
 * @param seed the seed the GAN is built with
 * @param checkpoint a checkpoint path relative to {@code store}, or null for the seeded weights
 * @param store where the checkpoint lives, or null when there is none
 */
public record GanSpec(
    String model, String loss, int channels, int size, long seed, String checkpoint, RunStore store)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validates names and shape; a checkpoint needs a store. */
  public GanSpec {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(loss, "loss");
    new ImageShape(channels, size, size); // validates
    if (checkpoint != null && store == null) {
      throw new IllegalArgumentException(
          "checkpoint '" + checkpoint + "' needs the store it lives in, found none");
    }
  }

  /** A GAN with seeded (untrained) weights. */
  public static GanSpec seeded(String model, String loss, ImageShape shape, long seed) {
    if (shape.height() != shape.width()) {
      throw new IllegalArgumentException("images must be square, found " + shape);
    }
    return new GanSpec(model, loss, shape.channels(), shape.height(), seed, null, null);
  }

  /**
   * The GAN of a finished sweep run: its settings' model, loss and seed, and the weights of its
   * {@code checkpoints/last.ckpt}.
   *
   * @param store the sweep's output
   * @param runId the run's {@link SweepSetting#id()}
   * @param shape the image shape it was trained on
   */
  public static GanSpec ofSweepRun(RunStore store, String runId, ImageShape shape)
      throws IOException {
    SweepSetting s =
        SweepSetting.fromProperties(
            store.readProperties(SparkSweep.runFolder(runId) + "/setting.properties"));
    return new GanSpec(
        s.model(),
        s.loss(),
        shape.channels(),
        shape.height(),
        s.seed(),
        SparkSweep.runFolder(runId) + "/checkpoints/last.ckpt",
        store);
  }

  /** The image shape. */
  public ImageShape shape() {
    return new ImageShape(channels, size, size);
  }

  /** Builds the GAN (and loads the checkpoint's weights, if any). */
  public Gan build() {
    Architecture a = ModelRegistry.standard().architecture(model, shape(), 0);
    Gan gan =
        Gan.builder(
                a.generator(),
                a.discriminator(),
                LossRegistry.standard().loss(loss, LossOptions.defaults()))
            .seed(seed)
            .build();
    if (checkpoint != null) {
      store.readLocalCopy(
          checkpoint,
          ".ckpt",
          "checkpoint",
          "check the run id and output",
          f -> {
            Checkpoints.loadWeights(f, gan.parameters());
            return gan;
          });
    }
    return gan;
  }
}
