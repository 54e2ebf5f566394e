package io.github.samegan.examples.gallery;

import java.nio.file.Path;

/**
 * What a user may change when running an example: how long, how big a batch, where to write, where
 * the data sets are, (to try a program on a data set that is at hand) which data set, and, for the
 * examples that read them, which registered model and which generator checkpoint.
 *
 * @param steps train until this step (at least 1)
 * @param batch batch size (1 to 4096)
 * @param out output folder (samples, loss log, checkpoint, report)
 * @param dataDir folder with downloaded data sets, or null for {@code $SAMEGAN_DATA} / {@code
 *     ~/.samegan/data} (Fashion-MNIST is also found in Debian's {@code /usr/share/datasets})
 * @param dataset data set name (see {@code samegan train --help}), or null for the example's own
 * @param model a {@code samegan models} name for the examples built on a registered model (e.g.
 *     {@code resnet-sngan-small} for {@code cifar100-resnet-sngan} on a CPU), or null for the
 *     example's own
 * @param checkpoint a generator checkpoint (a {@code .ckpt} file or a run folder) for the examples
 *     that score one instead of training it, or null
 */
public record ExampleSettings(
    long steps, int batch, Path out, Path dataDir, String dataset, String model, Path checkpoint) {

  /** Settings without a model or checkpoint choice. */
  public ExampleSettings(long steps, int batch, Path out, Path dataDir, String dataset) {
    this(steps, batch, out, dataDir, dataset, null, null);
  }

  /** Validates the numbers. */
  public ExampleSettings {
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1, found " + steps);
    }
    if (batch < 1 || batch > 4096) {
      throw new IllegalArgumentException("--batch must be between 1 and 4096, found " + batch);
    }
    if (out == null) {
      throw new IllegalArgumentException("an output folder (--out) is required");
    }
  }

  /** The data set to use: the user's choice, else the example's. */
  public String datasetOr(String exampleDefault) {
    return dataset != null ? dataset : exampleDefault;
  }

  /** The registered model to use: the user's choice, else the example's. */
  public String modelOr(String exampleDefault) {
    return model != null ? model : exampleDefault;
  }

  /**
   * Reads {@code [--steps N] [--batch B] [--out DIR] [--data-dir DIR] [--dataset NAME] [--model
   * NAME] [--checkpoint RUN]} from a {@code main}'s arguments, with the example's defaults.
   *
   * @throws IllegalArgumentException for an unknown flag or a bad number
   */
  public static ExampleSettings fromArgs(String[] args, long steps, int batch, Path out) {
    Path dataDir = null;
    String dataset = null;
    String model = null;
    Path checkpoint = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String v = args[++i];
      try {
        switch (flag) {
          case "--steps" -> steps = Long.parseLong(v);
          case "--batch" -> batch = Integer.parseInt(v);
          case "--out" -> out = Path.of(v);
          case "--data-dir" -> dataDir = Path.of(v);
          case "--dataset" -> dataset = v;
          case "--model" -> model = v;
          case "--checkpoint" -> checkpoint = Path.of(v);
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + flag
                      + "; known: --steps N --batch B --out DIR --data-dir DIR --dataset NAME --model NAME --checkpoint RUN");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " needs a whole number, found '" + v + "'");
      }
    }
    return new ExampleSettings(steps, batch, out, dataDir, dataset, model, checkpoint);
  }
}
