package io.github.samegan.eval.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * What a set of {@link FeatureStatistics} describes: which images (data set and split) went through
 * which feature network with which preprocessing. Statistics are only comparable when the feature
 * network and preprocessing agree, so a statistics file is keyed by all four fields and {@link
 * FeatureStatistics#load(java.nio.file.Path, StatisticsKey)} refuses a file whose key differs.
 *
 * @param dataset data set name, e.g. {@code "fashion-mnist"}, or {@code "generated"} for samples
 * @param split the split, e.g. {@code "train"} or {@code "test"}; for generated samples e.g. the
 *     checkpoint step
 * @param featureNetwork the extractor's {@link FeatureExtractor#description()}
 * @param preprocessing the extractor's {@link FeatureExtractor#preprocessing()}, e.g. {@code
 *     "bilinear resize to 32x32"}
 */
public record StatisticsKey(
    String dataset, String split, String featureNetwork, String preprocessing) {

  /** Validates that no field is null or blank. */
  public StatisticsKey {
    requireText(dataset, "dataset");
    requireText(split, "split");
    requireText(featureNetwork, "featureNetwork");
    requireText(preprocessing, "preprocessing");
  }

  /** The key of images of {@code dataset}/{@code split} seen through {@code extractor}. */
  public static StatisticsKey of(String dataset, String split, FeatureExtractor extractor) {
    Objects.requireNonNull(extractor, "extractor");
    return new StatisticsKey(dataset, split, extractor.description(), extractor.preprocessing());
  }

  /**
   * A file name for a statistics cache: the sanitised data set and split plus a hash of the whole
   * key, e.g. {@code fashion-mnist_train_3f2a91c0.fstats}, so different feature networks never
   * share a file.
   */
  public String fileName() {
    CRC32 crc = new CRC32();
    crc.update(
        String.join("\u0000", dataset, split, featureNetwork, preprocessing)
            .getBytes(StandardCharsets.UTF_8));
    return sanitize(dataset)
        + "_"
        + sanitize(split)
        + "_"
        + String.format("%08x", crc.getValue())
        + ".fstats";
  }

  private static String sanitize(String s) {
    String t = s.replaceAll("[^A-Za-z0-9.-]+", "-");
    return t.length() > 40 ? t.substring(0, 40) : t;
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "StatisticsKey."
              + field
              + " must be a non-blank string, found "
              + (value == null ? "null" : "\"" + value + "\""));
    }
  }
}
