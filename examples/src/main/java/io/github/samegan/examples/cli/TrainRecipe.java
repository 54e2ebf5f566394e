package io.github.samegan.examples.cli;

import io.github.samegan.core.io.TemporaryFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A training recipe: a YAML file of {@code samegan train} settings, as StudioGAN ships one config
 * per model and data set ({@code configs/*.yaml}). Its keys are the long flags of {@code samegan
 * train} without the leading {@code --} ({@code dataset}, {@code model}, {@code loss}, {@code
 * g-lr}, {@code n-critic}, loss flags such as {@code gp-weight}, …) plus a free-text {@code
 * description}; values are single scalars ({@code true} turns a switch such as {@code report} on,
 * {@code false} leaves it off). The file is flat: a nested section or a list is refused, as is an
 * unknown key (the message names it and lists the known ones) or a key given twice.
 *
 * <p>{@code samegan train --config FILE} applies the recipe to every setting not given on the
 * command line, so flags override it; the run folder then keeps the resolved settings as {@code
 * OUT/config.yaml}, itself a recipe that reruns the run. {@code --out}, {@code --resume}, {@code
 * --allow-changed} and {@code --config} belong to one invocation and cannot be in a recipe.
 */
final class TrainRecipe {
  /** The free-text key that is not a flag. */
  static final String DESCRIPTION = "description";

  /** Flags that belong to one invocation, not to a recipe. */
  private static final List<String> NOT_IN_RECIPES =
      List.of("--config", "--out", "--resume", "--allow-changed", "--help", "--version");

  private final Path file;
  private final Map<String, String> values;

  private TrainRecipe(Path file, Map<String, String> values) {
    this.file = file;
    this.values = values;
  }

  /**
   * Reads and checks a recipe against {@code train}'s options.
   *
   * @throws IllegalArgumentException for a malformed file, an unknown or repeated key, or a value
   *     that is not a single scalar (each message names the file and the key)
   * @throws IOException if the file cannot be read
   */
  static TrainRecipe read(Path file, CommandSpec train) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--config " + file + " is not a file; give a recipe such as configs/cifar10-dcgan.yaml");
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    Object doc;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      doc = new Yaml(new SafeConstructor(options)).load(r);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(
          "--config " + file + " is not valid YAML: " + e.getMessage().strip().replace('\n', ' '));
    }
    if (doc == null) {
      doc = Map.of();
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "--config "
              + file
              + " must be a mapping of settings ('key: value' lines), found a "
              + doc.getClass().getSimpleName());
    }
    List<String> known = keys(train);
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (!known.contains(key) && !key.equals(DESCRIPTION)) {
        throw new IllegalArgumentException(
            "--config "
                + file
                + ": unknown key '"
                + key
                + "'; known keys: "
                + DESCRIPTION
                + ", "
                + String.join(", ", new TreeSet<>(known)));
      }
      Object v = e.getValue();
      if (v == null || v instanceof Map<?, ?> || v instanceof List<?>) {
        throw new IllegalArgumentException(
            "--config "
                + file
                + ": key '"
                + key
                + "' needs a single value (a number, word or true/false), found "
                + (v == null ? "nothing" : v instanceof Map<?, ?> ? "a section" : "a list"));
      }
      values.put(key, v instanceof Double d ? Double.toString(d) : String.valueOf(v));
    }
    return new TrainRecipe(file, values);
  }

  /** Every key a recipe may hold besides {@code description}: train's long flags without "--". */
  static List<String> keys(CommandSpec train) {
    List<String> keys = new ArrayList<>();
    for (OptionSpec o : train.options()) {
      if (!NOT_IN_RECIPES.contains(o.longestName())) {
        keys.add(o.longestName().substring(2));
      }
    }
    return keys;
  }

  /** The recipe's file. */
  Path file() {
    return file;
  }

  /** The settings in file order, key → value as text. */
  Map<String, String> values() {
    return values;
  }

  /**
   * The command line this recipe and the given flags make: every flag given on the command line as
   * given, then the recipe's settings that were not given.
   */
  List<String> merge(CommandSpec train, ParseResult given) {
    List<String> args = new ArrayList<>();
    for (OptionSpec o : given.matchedOptions()) {
      if (o.arity().max() == 0) {
        args.add(o.longestName());
      } else {
        for (String v : o.originalStringValues()) {
          args.add(o.longestName() + "=" + v);
        }
      }
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey().equals(DESCRIPTION)) {
        continue;
      }
      OptionSpec o = train.findOption("--" + e.getKey());
      if (given.hasMatchedOption(o)) {
        continue;
      }
      if (o.arity().max() == 0) {
        String v = e.getValue();
        if (!v.equals("true") && !v.equals("false")) {
          throw new IllegalArgumentException(
              "--config " + file + ": '" + e.getKey() + "' is a switch: true or false, found " + v);
        }
        if (v.equals("true")) {
          args.add(o.longestName());
        }
      } else {
        args.add(o.longestName() + "=" + e.getValue());
      }
    }
    return args;
  }

  /**
   * Writes resolved settings as a recipe (YAML, block style, a comment saying how to rerun it).
   *
   * @param settings key → value (String, Number or Boolean), in the order to write them
   */
  static void write(Path file, Map<String, Object> settings) throws IOException {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setWidth(120);
    String yaml = new Yaml(new Representer(o), o).dump(settings);
    String text =
        "# The resolved settings of this run, written by 'samegan train'.\n"
            + "# Rerun it with: samegan train --config "
            + file.getFileName()
            + " --out NEW_FOLDER\n"
            + yaml;
    Path tmp = TemporaryFiles.createIn(file.toAbsolutePath().getParent(), ".config-", ".yaml.tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
