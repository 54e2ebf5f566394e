package io.github.samegan.examples.testing;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs a {@link RequiresChromium} or {@link RequiresFashionMnist} test where its prerequisite is
 * present; where it is missing, leaves it to CI (disabled, with a reason that starts with {@value
 * #LEFT_TO_CI}, which {@link LeftToCiSummary} lists at the end of the run) or, when {@value
 * Prerequisite#REQUIRE_ALL} is set, fails it with what is missing and how to install it. Never a
 * silent skip in CI.
 */
public final class PrerequisiteExtension
    implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback {
  /** How the reason of a test left to CI starts. */
  public static final String LEFT_TO_CI = "Left to CI: needs ";

  /** The prerequisites an annotated class or method names, missing or not. */
  static List<Prerequisite> needed(Optional<? extends AnnotatedElement> element) {
    List<Prerequisite> out = new ArrayList<>();
    if (element.isPresent()) {
      if (AnnotationSupport.isAnnotated(element, RequiresChromium.class)) {
        out.add(Prerequisite.CHROMIUM);
      }
      if (AnnotationSupport.isAnnotated(element, RequiresFashionMnist.class)) {
        out.add(Prerequisite.FASHION_MNIST);
      }
    }
    return out;
  }

  private static List<Prerequisite> missing(List<Prerequisite> needed) {
    return needed.stream().filter(p -> !p.present()).toList();
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    List<Prerequisite> missing = missing(needed(context.getElement()));
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("prerequisites present");
    }
    if (Prerequisite.allRequired()) {
      return ConditionEvaluationResult.enabled(
          Prerequisite.REQUIRE_ALL + " is set: runs, and fails for want of " + missing);
    }
    Prerequisite p = missing.get(0);
    return ConditionEvaluationResult.disabled(
        LEFT_TO_CI + p.what() + " (" + p.install() + "; .ci/run does)");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    failIfMissing(context.getElement());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    failIfMissing(context.getElement());
  }

  /** Only reached when the test runs: every prerequisite is present, or all are required. */
  private static void failIfMissing(Optional<? extends AnnotatedElement> element) {
    for (Prerequisite p : missing(needed(element))) {
      throw new IllegalStateException(
          "This test needs "
              + p.what()
              + ", which this machine lacks: install it with '"
              + p.install()
              + "' (.ci/run does). "
              + Prerequisite.REQUIRE_ALL
              + " is set, so a missing prerequisite fails the build instead of leaving the test"
              + " to CI.");
    }
  }
}
