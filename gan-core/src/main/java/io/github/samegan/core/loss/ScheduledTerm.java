package io.github.samegan.core.loss;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@link GeneratorTerm} with its {@link WeightSchedule}, as a GAN holds it.
 *
 * @param term the term
 * @param weight its weight over training
 */
public record ScheduledTerm(GeneratorTerm term, WeightSchedule weight) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** Checks the term's name. */
  public ScheduledTerm {
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(weight, "weight");
    String n = term.name();
    if (n == null || !NAME.matcher(n).matches()) {
      throw new IllegalArgumentException(
          "A generator term's name must be 1-64 letters, digits, '_', '-' or '.', found '"
              + n
              + "'");
    }
  }

  /** The term's name. */
  public String name() {
    return term.name();
  }
}
