package io.github.samegan.examples.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options several commands take, declared once as picocli mixins ({@link Mixin}) so that their
 * names, help texts and defaults cannot drift apart. A command adds one with {@code @Mixin
 * SharedOptions.DataDir dataDir;}; its option appears in the help where the field is declared.
 */
final class SharedOptions {
  private SharedOptions() {}

  /**
   * {@code --data-dir}: where downloaded data sets are, for every command that reads a data set.
   */
  static final class DataDir {
    @Option(
        names = "--data-dir",
        paramLabel = "<dataDir>",
        description =
            "Folder with downloaded data sets (default: $SAMEGAN_DATA or ~/.samegan/data).")
    Path path;
  }

  /** {@code --checkpoint} (required): the model of a run, for {@code sample} and {@code serve}. */
  static final class Checkpoint {
    @Option(
        names = "--checkpoint",
        required = true,
        paramLabel = "<checkpoint>",
        description = "A .ckpt file, or a run folder (uses RUN/checkpoints/last.ckpt).")
    Path path;
  }

  /**
   * {@code --detector} (required): a trained detector, for {@code detect eval} and {@code detect
   * score}.
   */
  static final class Detector {
    @Option(
        names = "--detector",
        required = true,
        paramLabel = "D",
        description = "A detector file or the folder holding detector.zip.")
    Path path;
  }

  /**
   * {@code --fake} (required, repeatable): the generated images of {@code detect train} and {@code
   * detect eval}.
   */
  static final class Fakes {
    @Option(
        names = "--fake",
        required = true,
        paramLabel = "CKPT|DIR",
        description = DetectSources.FAKE_HELP)
    List<String> args;
  }
}
