package io.github.samegan.losses;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Values for loss options, each validated by its {@link LossOption} declaration; an option that is
 * not set reads as its default. A loss's factory ({@link LossRegistry.Entry}) reads the options it
 * declares, e.g. {@code o.get(WassersteinLoss.CLIP)}; one {@code LossOptions} may carry values for
 * several losses, each reading only its own.
 *
 * <pre>{@code
 * LossOptions o = LossOptions.defaults().with(TwoSidedGradientPenalty.WEIGHT, 5.0);
 * GanLoss loss = LossRegistry.standard().loss("wgan-gp", o);
 * }</pre>
 *
 * @param values the values that differ from their option's default (values equal to the default are
 *     dropped, so two instances are equal exactly when every option reads the same)
 */
public record LossOptions(Map<LossOption<?>, Object> values) {
  private static final LossOptions DEFAULTS = new LossOptions(Map.of());

  /** Validates every value against its option and drops those equal to the default. */
  public LossOptions {
    Map<LossOption<?>, Object> kept = new HashMap<>();
    for (Map.Entry<LossOption<?>, Object> e : Objects.requireNonNull(values, "values").entrySet()) {
      LossOption<?> option = Objects.requireNonNull(e.getKey(), "option");
      Object value = option.validateObject(e.getValue());
      if (!value.equals(option.defaultValue())) {
        kept.put(option, value);
      }
    }
    values = Map.copyOf(kept);
  }

  /** Every option at its default. */
  public static LossOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with {@code option} set to {@code value}.
   *
   * @throws IllegalArgumentException if the option does not allow the value (the message quotes the
   *     flag, the value and what is allowed)
   */
  public <T> LossOptions with(LossOption<T> option, T value) {
    Objects.requireNonNull(option, "option");
    Map<LossOption<?>, Object> m = new HashMap<>(values);
    m.put(option, option.validate(value));
    return new LossOptions(m);
  }

  /**
   * A copy with {@code option} set from text, as written on the command line or in a checkpoint.
   *
   * @throws IllegalArgumentException if the text is not an allowed value
   */
  public LossOptions withText(LossOption<?> option, String text) {
    Objects.requireNonNull(option, "option");
    Map<LossOption<?>, Object> m = new HashMap<>(values);
    m.put(option, option.parse(text));
    return new LossOptions(m);
  }

  /** The value of {@code option}: the one set, else its default. */
  public <T> T get(LossOption<T> option) {
    Object v = values.get(Objects.requireNonNull(option, "option"));
    return v == null ? option.defaultValue() : option.type().cast(v);
  }

  /** The value of {@code option} as text that {@link #withText} reads back exactly. */
  public <T> String text(LossOption<T> option) {
    return option.format(get(option));
  }
}
