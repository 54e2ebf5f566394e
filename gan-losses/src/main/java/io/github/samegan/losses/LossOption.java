package io.github.samegan.losses;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One setting of a loss, declared once: its name in checkpoints ({@link #key()}, stored as {@code
 * loss.<key>}), its command-line flag, value type, default, allowed values and a one-line
 * description. The command line generates its flag from the declaration ({@code samegan train
 * --gp-weight 5}), checkpoints store and read it back generically, and docs/losses.md lists it
 * (checked by a test).
 *
 * <p>Declare an option as a constant next to the loss that reads it (e.g. {@link
 * WassersteinLoss#CLIP}), list it in the loss's {@link LossRegistry.Entry}, and read its value in
 * the entry's factory with {@link LossOptions#get}. Losses that share a setting (WGAN-GP and DRAGAN
 * both read λ) list the same constant. Instances are immutable and compared by identity.
 *
 * @param <T> the value type
 */
public final class LossOption<T> {
  private static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]*");
  private static final Pattern FLAG = Pattern.compile("--[a-z][a-z0-9]*(-[a-z0-9]+)*");

  private final String key;
  private final String flag;
  private final Class<T> type;
  private final T defaultValue;
  private final String symbol;
  private final String description;
  private final String allowed;
  private final Predicate<? super T> check;
  private final Function<String, ? extends T> parser;
  private final Function<? super T, String> formatter;

  private LossOption(Builder<T> b) {
    this.key = b.key;
    this.flag = b.flag;
    this.type = b.type;
    this.symbol = b.symbol;
    this.description = b.description;
    this.allowed = b.allowed;
    this.check = b.check;
    this.parser = b.parser;
    this.formatter = b.formatter;
    this.defaultValue = b.defaultValue;
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "Loss option key must be a camelCase identifier, found '" + key + "'");
    }
    if (!FLAG.matcher(flag).matches()) {
      throw new IllegalArgumentException(
          "Loss option flag must be '--' and lower-case words joined by '-', found '" + flag + "'");
    }
    if (description.isBlank() || description.contains("\n")) {
      throw new IllegalArgumentException(
          "Loss option " + flag + " needs a one-line description, found '" + description + "'");
    }
    validate(defaultValue);
  }

  /**
   * A builder; the parser defaults to {@code Double}/{@code Integer} parsing for those types, the
   * formatter to {@link String#valueOf}, the check to accepting every value.
   *
   * @param key the checkpoint name, camelCase (e.g. {@code gpWeight})
   * @param flag the command-line flag (e.g. {@code --gp-weight})
   * @param type the value type
   * @param defaultValue the value when the option is not given (must pass the check)
   */
  public static <T> Builder<T> builder(String key, String flag, Class<T> type, T defaultValue) {
    return new Builder<>(key, flag, type, defaultValue);
  }

  /** A positive finite number (a weight or scale). */
  public static LossOption<Double> positive(
      String key, String flag, String symbol, double defaultValue, String description) {
    return builder(key, flag, Double.class, defaultValue)
        .symbol(symbol)
        .description(description)
        .allowed("a positive finite number", v -> v > 0 && !Double.isInfinite(v))
        .build();
  }

  /**
   * A finite number {@code >= 0}, where 0 has a meaning of its own.
   *
   * @param zeroMeans what 0 means, e.g. {@code "no clipping"}
   */
  public static LossOption<Double> nonNegative(
      String key,
      String flag,
      String symbol,
      double defaultValue,
      String zeroMeans,
      String description) {
    return builder(key, flag, Double.class, defaultValue)
        .symbol(symbol)
        .description(description)
        .allowed(
            "a finite number >= 0 (0 = " + zeroMeans + ")", v -> v >= 0 && !Double.isInfinite(v))
        .build();
  }

  /** An integer in {@code [min, max]}. */
  public static LossOption<Integer> integer(
      String key,
      String flag,
      String symbol,
      int defaultValue,
      int min,
      int max,
      String description) {
    if (min > max) {
      throw new IllegalArgumentException(
          "Loss option " + flag + " has min " + min + " > max " + max);
    }
    return builder(key, flag, Integer.class, defaultValue)
        .symbol(symbol)
        .description(description)
        .allowed("an integer in [" + min + ", " + max + "]", v -> v >= min && v <= max)
        .build();
  }

  /** The checkpoint name (camelCase), stored as metadata {@code loss.<key>}. */
  public String key() {
    return key;
  }

  /** The command-line flag, e.g. {@code --gp-weight}. */
  public String flag() {
    return flag;
  }

  /** The value type. */
  public Class<T> type() {
    return type;
  }

  /** The value used when the option is not given. */
  public T defaultValue() {
    return defaultValue;
  }

  /**
   * The formula symbol or value pattern, e.g. {@code λ} or {@code a,b,c} (shown in help and docs).
   */
  public String symbol() {
    return symbol;
  }

  /** One line saying what the option does. */
  public String description() {
    return description;
  }

  /** What values are allowed, in words, e.g. {@code a positive finite number}. */
  public String allowed() {
    return allowed;
  }

  /**
   * Returns {@code value} if it is allowed.
   *
   * @throws IllegalArgumentException quoting the flag, the key, what is allowed and the value
   */
  public T validate(T value) {
    if (value == null || !check.test(value)) {
      throw invalid(value == null ? "null" : format(value));
    }
    return value;
  }

  /**
   * Parses and validates a value as written on the command line or in a checkpoint.
   *
   * @throws IllegalArgumentException quoting the flag, the key, what is allowed and the text
   */
  public T parse(String text) {
    if (text == null) {
      throw invalid("null");
    }
    T value;
    try {
      value = type.cast(parser.apply(text.strip()));
    } catch (RuntimeException e) {
      throw invalid("'" + text + "'");
    }
    return validate(value);
  }

  /** The value as {@link #parse} reads it back. */
  public String format(T value) {
    return formatter.apply(Objects.requireNonNull(value, "value"));
  }

  /** Validates a value of unchecked type (from {@link LossOptions}). */
  T validateObject(Object value) {
    if (value != null && !type.isInstance(value)) {
      throw new IllegalArgumentException(
          flag
              + " ("
              + key
              + ") takes a "
              + type.getSimpleName()
              + ", found a "
              + value.getClass().getSimpleName()
              + " ("
              + value
              + ")");
    }
    return validate(type.cast(value));
  }

  private IllegalArgumentException invalid(String found) {
    return new IllegalArgumentException(
        flag + " (" + key + ") must be " + allowed + ", found " + found);
  }

  /** The flag. */
  @Override
  public String toString() {
    return flag;
  }

  /**
   * Builds a {@link LossOption}; {@link #symbol}, {@link #description} and, for value types other
   * than {@code Double} and {@code Integer}, {@link #parser} are required.
   *
   * @param <T> the value type
   */
  public static final class Builder<T> {
    private final String key;
    private final String flag;
    private final Class<T> type;
    private final T defaultValue;
    private String symbol;
    private String description;
    private String allowed = "any value";
    private Predicate<? super T> check = v -> true;
    private Function<String, ? extends T> parser;
    private Function<? super T, String> formatter = String::valueOf;

    private Builder(String key, String flag, Class<T> type, T defaultValue) {
      this.key = Objects.requireNonNull(key, "key");
      this.flag = Objects.requireNonNull(flag, "flag");
      this.type = Objects.requireNonNull(type, "type");
      this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
      if (type == Double.class) {
        parser = s -> type.cast(Double.valueOf(s));
      } else if (type == Integer.class) {
        parser = s -> type.cast(Integer.valueOf(s));
      }
    }

    /** The formula symbol or value pattern shown in help and docs, e.g. {@code λ}. */
    public Builder<T> symbol(String symbol) {
      this.symbol = Objects.requireNonNull(symbol, "symbol");
      return this;
    }

    /** One line saying what the option does. */
    public Builder<T> description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * The allowed values: a check and its wording for error messages, help and docs.
     *
     * @param words e.g. {@code "a positive finite number"}
     * @param check true for allowed values
     */
    public Builder<T> allowed(String words, Predicate<? super T> check) {
      this.allowed = Objects.requireNonNull(words, "words");
      this.check = Objects.requireNonNull(check, "check");
      return this;
    }

    /** Reads a value from text; may throw any runtime exception for bad text. */
    public Builder<T> parser(Function<String, ? extends T> parser) {
      this.parser = Objects.requireNonNull(parser, "parser");
      return this;
    }

    /** Writes a value as text that the parser reads back exactly. */
    public Builder<T> formatter(Function<? super T, String> formatter) {
      this.formatter = Objects.requireNonNull(formatter, "formatter");
      return this;
    }

    /**
     * The option.
     *
     * @throws IllegalArgumentException for a malformed key or flag, a missing symbol, description
     *     or parser, or a default that is not allowed
     */
    public LossOption<T> build() {
      if (symbol == null || symbol.isBlank()) {
        throw new IllegalArgumentException(
            "Loss option " + flag + " needs a symbol (e.g. 'λ'), found " + symbol);
      }
      if (description == null) {
        throw new IllegalArgumentException(
            "Loss option " + flag + " needs a description, found none");
      }
      if (parser == null) {
        throw new IllegalArgumentException(
            "Loss option "
                + flag
                + " of type "
                + type.getSimpleName()
                + " needs a parser, found none");
      }
      return new LossOption<>(this);
    }
  }
}
