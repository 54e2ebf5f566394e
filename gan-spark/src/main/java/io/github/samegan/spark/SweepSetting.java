package io.github.samegan.spark;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * One training of a sweep: which model, loss and data set, with which learning rates, n-critic,
 * seed, steps and batch size. Names are those of gan-models' {@code ModelRegistry}, gan-losses'
 * {@code LossRegistry} and gan-data's {@code DatasetRegistry}; they are checked when the run starts
 * (on the executor), so an unknown name fails that run only and is recorded with its error.
 *
 * @param model a model name, e.g. {@code mlp} or {@code dcgan}
 * @param loss a loss name, e.g. {@code minimax} or {@code hinge}
 * @param dataset a data set name, e.g. {@code shapes} or {@code fashion-mnist}
 * @param generatorLr the generator's learning rate, positive
 * @param discriminatorLr the discriminator's learning rate, positive
 * @param nCritic discriminator updates per generator update, 1 to 100
 * @param seed the run's seed (network initialisation, noise, data order)
 * @param steps training steps, at least 1
 * @param batchSize images per batch, at least 1
 * @param augment gan-data's {@code AugmentPipeline} spec for the real images (e.g. {@code hflip} or
 *     {@code hflip,crop:4}), {@value #NO_AUGMENT} for none; parsed when the run starts, so a bad
 *     spec fails that run only
 */
public record SweepSetting(
    String model,
    String loss,
    String dataset,
    double generatorLr,
    double discriminatorLr,
    int nCritic,
    long seed,
    long steps,
    int batchSize,
    String augment)
    implements Serializable {

  private static final long serialVersionUID = 2L;

  /** The augment value meaning no augmentation (the default). */
  public static final String NO_AUGMENT = "none";

  /**
   * Validates every field; messages name the field, the value and what is allowed. A null or blank
   * augment means {@value #NO_AUGMENT}.
   */
  public SweepSetting {
    augment = augment == null || augment.isBlank() ? NO_AUGMENT : augment.strip();
    if (augment.equalsIgnoreCase(NO_AUGMENT)) {
      augment = NO_AUGMENT;
    }
    requireName(model, "model");
    requireName(loss, "loss");
    requireName(dataset, "dataset");
    if (!(generatorLr > 0) || !Double.isFinite(generatorLr)) {
      throw new IllegalArgumentException(
          "generatorLr must be a positive finite number, found " + generatorLr);
    }
    if (!(discriminatorLr > 0) || !Double.isFinite(discriminatorLr)) {
      throw new IllegalArgumentException(
          "discriminatorLr must be a positive finite number, found " + discriminatorLr);
    }
    if (nCritic < 1 || nCritic > 100) {
      throw new IllegalArgumentException("nCritic must be between 1 and 100, found " + nCritic);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, found " + steps);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, found " + batchSize);
    }
  }

  /** A setting without augmentation. */
  public SweepSetting(
      String model,
      String loss,
      String dataset,
      double generatorLr,
      double discriminatorLr,
      int nCritic,
      long seed,
      long steps,
      int batchSize) {
    this(
        model,
        loss,
        dataset,
        generatorLr,
        discriminatorLr,
        nCritic,
        seed,
        steps,
        batchSize,
        NO_AUGMENT);
  }

  /** Whether the real images are augmented ({@code augment} is not {@value #NO_AUGMENT}). */
  public boolean augmented() {
    return !NO_AUGMENT.equals(augment);
  }

  private static void requireName(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }

  /**
   * The run's folder name: the settings in readable form plus a CRC-32 of all of them, e.g. {@code
   * mlp_minimax_shapes_g0.0002_d0.0002_nc1_s1_b16_t5_3f2a91c0}; an augmented setting adds {@code
   * _a<spec>} before the CRC. Equal settings give equal ids, so a rerun finds its finished runs
   * (and a setting without augmentation keeps the id it had before augmentation was a setting).
   */
  public String id() {
    String readable =
        String.join(
            "_",
            model,
            loss,
            dataset,
            "g" + number(generatorLr),
            "d" + number(discriminatorLr),
            "nc" + nCritic,
            "s" + seed,
            "b" + batchSize,
            "t" + steps);
    if (augmented()) {
      readable += "_a" + augment;
    }
    CRC32 crc = new CRC32();
    crc.update(toProperties().toString().getBytes(StandardCharsets.UTF_8));
    String safe = readable.replaceAll("[^A-Za-z0-9._-]", "-");
    if (safe.length() > 120) {
      safe = safe.substring(0, 120);
    }
    return safe + "_" + String.format(Locale.ROOT, "%08x", crc.getValue());
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%s", v).replace("E", "e");
  }

  /**
   * The settings as ordered text fields (the run folder's {@code setting.properties}); {@code
   * augment} only when the setting is augmented, so settings without augmentation write (and hash
   * to) what they did before it was a setting.
   */
  public Map<String, String> toProperties() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", model);
    m.put("loss", loss);
    m.put("dataset", dataset);
    m.put("g_lr", Double.toString(generatorLr));
    m.put("d_lr", Double.toString(discriminatorLr));
    m.put("n_critic", Integer.toString(nCritic));
    m.put("seed", Long.toString(seed));
    m.put("steps", Long.toString(steps));
    m.put("batch", Integer.toString(batchSize));
    if (augmented()) {
      m.put("augment", augment);
    }
    return m;
  }

  /**
   * Reads settings written by {@link #toProperties()} (no {@code augment}: {@value #NO_AUGMENT}).
   *
   * @throws IllegalArgumentException if a field is missing or malformed
   */
  public static SweepSetting fromProperties(Map<String, String> p) {
    try {
      return new SweepSetting(
          required(p, "model"),
          required(p, "loss"),
          required(p, "dataset"),
          Double.parseDouble(required(p, "g_lr")),
          Double.parseDouble(required(p, "d_lr")),
          Integer.parseInt(required(p, "n_critic")),
          Long.parseLong(required(p, "seed")),
          Long.parseLong(required(p, "steps")),
          Integer.parseInt(required(p, "batch")),
          p.getOrDefault("augment", NO_AUGMENT));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed sweep setting " + p + ": " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> p, String key) {
    String v = p.get(key);
    if (v == null) {
      throw new IllegalArgumentException("sweep setting has no '" + key + "' in " + p);
    }
    return v;
  }
}
