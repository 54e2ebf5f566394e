package io.github.samegan.examples.testing;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says at the end of the test run which test groups were left to CI because this machine lacks
 * their prerequisite (registered in {@code META-INF/services}, so every run of this module's tests
 * has it): the tag, what it needs, how to install it, and the tests.
 */
public final class LeftToCiSummary implements TestExecutionListener {
  private final Map<String, Set<String>> tests = new TreeMap<>();
  private final Map<String, String> needs = new TreeMap<>();
  private final PrintStream out;

  /** Prints to {@code System.out} (how the launcher creates it). */
  public LeftToCiSummary() {
    this(System.out);
  }

  LeftToCiSummary(PrintStream out) {
    this.out = out;
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    if (reason == null || !reason.startsWith(PrerequisiteExtension.LEFT_TO_CI)) {
      return;
    }
    String group =
        test.getTags().stream().map(TestTag::getName).sorted().findFirst().orElse("untagged");
    needs.put(group, reason.substring(PrerequisiteExtension.LEFT_TO_CI.length()));
    tests.computeIfAbsent(group, g -> new TreeSet<>()).add(name(test));
  }

  private static String name(TestIdentifier test) {
    return test.getSource()
        .map(
            s ->
                s instanceof MethodSource m
                    ? simple(m.getClassName()) + "." + m.getMethodName()
                    : s instanceof ClassSource c ? simple(c.getClassName()) : test.getDisplayName())
        .orElse(test.getDisplayName());
  }

  private static String simple(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (tests.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    sb.append("\nTest groups left to CI (this machine lacks what they need):\n");
    tests.forEach(
        (group, names) ->
            sb.append("  ")
                .append(group)
                .append(": needs ")
                .append(needs.get(group))
                .append("\n    ")
                .append(String.join(", ", names))
                .append('\n'));
    sb.append("CI (.ci/run) installs them and sets ")
        .append(Prerequisite.REQUIRE_ALL)
        .append("=1, so there these tests run, and fail if they cannot.\n");
    out.print(sb);
    out.flush();
  }
}
