package io.github.samegan.examples.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A test whose prerequisite is missing is left to CI (skipped, with the reason, and listed by
 * {@link LeftToCiSummary}) on a user's machine, and fails when every group is required (CI). The
 * prerequisite is made missing by pointing its path at nothing.
 */
class PrerequisiteExtensionTest {
  /** Not run by Surefire (a nested class); run below through a launcher of its own. */
  @RequiresChromium
  static class NeedsChromium {
    @Test
    void drivesTheBrowser() {}
  }

  /** A method-level requirement, as in ExampleCommandTest. */
  static class NeedsFashionMnist {
    @Test
    @RequiresFashionMnist
    void trainsOnIt() {}

    @Test
    void needsNothing() {}
  }

  record Outcome(String test, String skipped, TestExecutionResult result) {}

  /**
   * Lenient mode unless a test asks for strict: CI's SAMEGAN_REQUIRE_ALL_TESTS=1 must not leak in.
   */
  @BeforeEach
  void lenientByDefault() {
    System.setProperty(Prerequisite.REQUIRE_ALL_PROPERTY, "false");
  }

  @AfterEach
  void clearProperties() {
    System.clearProperty("samegan.test.chromium");
    System.clearProperty("samegan.test.fashion-mnist");
    System.clearProperty(Prerequisite.REQUIRE_ALL_PROPERTY);
  }

  private static List<Outcome> run(Class<?> tests, TestExecutionListener... more) {
    List<Outcome> out = new ArrayList<>();
    Launcher launcher =
        LauncherFactory.create(
            LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build());
    TestExecutionListener record =
        new TestExecutionListener() {
          @Override
          public void executionSkipped(TestIdentifier id, String reason) {
            out.add(new Outcome(id.getDisplayName(), reason, null));
          }

          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
              out.add(new Outcome(id.getDisplayName(), null, result));
            }
          }
        };
    List<TestExecutionListener> listeners = new ArrayList<>(List.of(more));
    listeners.add(record);
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(tests)).build(),
        listeners.toArray(TestExecutionListener[]::new));
    return out;
  }

  @Test
  void aMissingPrerequisiteLeavesTheTestToCiAndTheRunSaysSo() {
    System.setProperty("samegan.test.chromium", "/nonexistent/chromium");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<Outcome> outcomes =
        run(
            NeedsChromium.class,
            new LeftToCiSummary(new PrintStream(printed, true, StandardCharsets.UTF_8)));
    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.get(0).skipped())
        .startsWith(PrerequisiteExtension.LEFT_TO_CI)
        .contains("/nonexistent/chromium")
        .contains("apt-get install chromium chromium-driver");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Test groups left to CI")
        .contains("browser: needs Debian's Chromium at /nonexistent/chromium")
        .contains("NeedsChromium")
        .contains(Prerequisite.REQUIRE_ALL + "=1");
  }

  @Test
  void whenEveryGroupIsRequiredAMissingPrerequisiteFails() {
    System.setProperty("samegan.test.chromium", "/nonexistent/chromium");
    System.setProperty(Prerequisite.REQUIRE_ALL_PROPERTY, "true");
    List<Outcome> outcomes = run(NeedsChromium.class);
    assertThat(outcomes).isNotEmpty().allMatch(o -> o.skipped() == null);
    Outcome failed =
        outcomes.stream()
            .filter(o -> o.result().getStatus() == TestExecutionResult.Status.FAILED)
            .findFirst()
            .orElseThrow(() -> new AssertionError("nothing failed: " + outcomes));
    assertThat(failed.result().getThrowable().orElseThrow())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/nonexistent/chromium")
        .hasMessageContaining("apt-get install chromium chromium-driver")
        .hasMessageContaining(Prerequisite.REQUIRE_ALL);
  }

  @Test
  void aMethodLevelRequirementLeavesOnlyThatMethodOrFailsIt() {
    System.setProperty("samegan.test.fashion-mnist", "/nonexistent/fashion-mnist");
    List<Outcome> left = run(NeedsFashionMnist.class);
    assertThat(left)
        .anyMatch(o -> o.test().equals("trainsOnIt()") && o.skipped() != null)
        .anyMatch(
            o ->
                o.test().equals("needsNothing()")
                    && o.result().getStatus() == TestExecutionResult.Status.SUCCESSFUL);

    System.setProperty(Prerequisite.REQUIRE_ALL_PROPERTY, "1");
    List<Outcome> required = run(NeedsFashionMnist.class);
    assertThat(required)
        .anyMatch(
            o ->
                o.test().equals("trainsOnIt()")
                    && o.result() != null
                    && o.result().getStatus() == TestExecutionResult.Status.FAILED)
        .noneMatch(o -> o.skipped() != null);
  }
}
