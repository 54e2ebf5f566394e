package io.github.samegan.examples.cli;

import io.github.samegan.losses.LossOption;
import io.github.samegan.losses.LossOptions;
import io.github.samegan.losses.LossRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The loss flags of {@code samegan train} ({@code --gp-weight}, {@code --clip}, …), generated from
 * the {@link LossOption} declarations of {@link LossRegistry#standard()}: one flag per option,
 * placed after {@code --n-critic}, with the option's symbol, description, allowed values, default
 * and the losses that read it as help. A loss found through a {@code LossProvider} gets its flags
 * the same way.
 */
final class LossFlags implements CommandLine.IModelTransformer {
  /** The flags go after this option in {@code --help}. */
  private static final String AFTER = "--n-critic";

  @Override
  public CommandSpec transform(CommandSpec spec) {
    LossRegistry registry = LossRegistry.standard();
    List<OptionSpec> moved = new ArrayList<>();
    boolean after = false;
    for (OptionSpec o : List.copyOf(spec.options())) {
      if (after) {
        moved.add(o);
        spec.remove(o);
      }
      after |= List.of(o.names()).contains(AFTER);
    }
    for (LossOption<?> o : registry.options()) {
      if (spec.findOption(o.flag()) != null) {
        throw new IllegalStateException(
            "Loss option "
                + o.flag()
                + " ("
                + o.key()
                + ") of loss '"
                + registry.readers(o).get(0).name()
                + "' clashes with the train option of that name; give it another flag");
      }
      String readers =
          LossRegistry.COMMON.contains(o)
              ? "every loss"
              : LossRegistry.HEAD_OPTIONS.contains(o)
                  ? "every loss, --model acgan/infogan"
                  : registry.readers(o).stream()
                      .map(LossRegistry.Entry::name)
                      .collect(Collectors.joining(", "));
      spec.addOption(
          OptionSpec.builder(o.flag())
              .type(String.class)
              .paramLabel(o.symbol())
              .description(
                  o.description()
                      + "; "
                      + o.allowed()
                      + " (default: "
                      + LossOptions.defaults().text(o)
                      + "; --loss "
                      + readers
                      + ").")
              .build());
    }
    moved.forEach(spec::addOption);
    return spec;
  }

  /** The loss flags given on the command line and their text, in declaration order. */
  static Map<LossOption<?>, String> given(CommandSpec spec) {
    Map<LossOption<?>, String> given = new LinkedHashMap<>();
    for (LossOption<?> o : LossRegistry.standard().options()) {
      String text = spec.findOption(o.flag()).getValue();
      if (text != null) {
        given.put(o, text);
      }
    }
    return given;
  }

  /**
   * The options given for {@code entry}'s loss, defaults for the rest.
   *
   * @throws IllegalArgumentException for a flag the loss does not read (naming the ones it reads)
   *     or a value the option does not allow (quoting it and what is allowed)
   */
  static LossOptions options(CommandSpec spec, String loss, LossRegistry.Entry entry) {
    Map<LossOption<?>, String> given = given(spec);
    for (LossOption<?> o : given.keySet()) {
      if (!entry.reads(o)) {
        throw new IllegalArgumentException(
            o.flag()
                + " has no effect with --loss "
                + loss
                + (entry.options().isEmpty()
                    ? " (it takes no options)"
                    : "; it reads "
                        + entry.options().stream().map(LossOption::flag).sorted().toList()));
      }
    }
    LossOptions options = LossOptions.defaults();
    for (Map.Entry<LossOption<?>, String> e : given.entrySet()) {
      options = options.withText(e.getKey(), e.getValue());
    }
    return options;
  }
}
