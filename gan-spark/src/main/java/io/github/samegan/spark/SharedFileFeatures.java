package io.github.samegan.spark;

import io.github.samegan.eval.classify.ClassifierFeatureExtractor;
import io.github.samegan.eval.classify.InceptionFeatureExtractor;
import io.github.samegan.eval.metrics.FeatureExtractor;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;

/**
 * A feature network read from a file every executor can reach: a classifier saved by {@code samegan
 * classifier} ({@code .zip}) or the Inception-v3 graph ({@code .pb}, gan-eval's {@link
 * InceptionFeatureExtractor}). Each task copies the file to a local temporary file and loads it.
 *
 * @param store the folder holding the file
 * @param file the file's name
 */
public record SharedFileFeatures(RunStore store, String file) implements FeatureExtractorFactory {
  private static final long serialVersionUID = 1L;

  /** Validates. */
  public SharedFileFeatures {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(file, "file");
  }

  /** The network in the file at {@code uri}. */
  public static SharedFileFeatures at(String uri, Configuration hadoop) {
    Map.Entry<RunStore, String> f = RunStore.ofFile(uri, hadoop);
    return new SharedFileFeatures(f.getKey(), f.getValue());
  }

  @Override
  public FeatureExtractor create() {
    boolean inception = file.toLowerCase(Locale.ROOT).endsWith(".pb");
    return store.readLocalCopy(
        file,
        inception ? ".pb" : ".zip",
        "feature network",
        "pass a classifier file written by `samegan classifier` or the Inception .pb graph",
        inception ? InceptionFeatureExtractor::load : ClassifierFeatureExtractor::load);
  }
}
