package io.github.samegan.examples.testing;

import io.github.samegan.data.loaders.IdxDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Something outside Maven that a group of tests needs, and how to get it. A user's {@code mvn
 * install} leaves a group whose prerequisite is missing to CI (and says so at the end of the run);
 * CI ({@code .ci/run}) installs them all and sets {@value #REQUIRE_ALL}, which makes a missing one
 * fail the build instead.
 *
 * <p>Where the tests look can be moved with system properties ({@code -Dsamegan.test.chromium=…},
 * {@code -Dsamegan.test.chromedriver=…}, {@code -Dsamegan.test.fashion-mnist=…}); pointing one at a
 * path that does not exist is how the left-to-CI and the required behaviours are checked on a
 * machine that has everything.
 */
public enum Prerequisite {
  /** Debian's headless Chromium and its driver, for the browser tests. */
  CHROMIUM(
      RequiresChromium.TAG,
      "apt-get install chromium chromium-driver",
      () -> "Debian's Chromium at " + chromium() + " and its driver at " + chromedriver(),
      () -> Files.isExecutable(chromium()) && Files.isExecutable(chromedriver())),
  /** Debian's packaged Fashion-MNIST, for the examples that train on real data. */
  FASHION_MNIST(
      RequiresFashionMnist.TAG,
      "apt-get install dataset-fashion-mnist",
      () -> "Debian's Fashion-MNIST in " + fashionMnist(),
      () ->
          List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte").stream()
              .allMatch(
                  f ->
                      Files.isRegularFile(fashionMnist().resolve(f + ".gz"))
                          || Files.isRegularFile(fashionMnist().resolve(f))));

  /**
   * The environment variable that turns a missing prerequisite into a failure ({@code .ci/run} sets
   * it to 1; any value but empty, {@code 0} or {@code false} counts).
   */
  public static final String REQUIRE_ALL = "SAMEGAN_REQUIRE_ALL_TESTS";

  private final String tag;
  private final String install;
  private final java.util.function.Supplier<String> what;
  private final BooleanSupplier present;

  Prerequisite(
      String tag,
      String install,
      java.util.function.Supplier<String> what,
      BooleanSupplier present) {
    this.tag = tag;
    this.install = install;
    this.what = what;
    this.present = present;
  }

  /** Debian's Chromium ({@code -Dsamegan.test.chromium} moves it). */
  public static Path chromium() {
    return Path.of(System.getProperty("samegan.test.chromium", "/usr/bin/chromium"));
  }

  /** Debian's chromedriver ({@code -Dsamegan.test.chromedriver} moves it). */
  public static Path chromedriver() {
    return Path.of(System.getProperty("samegan.test.chromedriver", "/usr/bin/chromedriver"));
  }

  /** Debian's Fashion-MNIST folder ({@code -Dsamegan.test.fashion-mnist} moves it). */
  public static Path fashionMnist() {
    return Path.of(
        System.getProperty(
            "samegan.test.fashion-mnist", IdxDataset.DEBIAN_FASHION_MNIST_DIR.toString()));
  }

  /** The JUnit tag of the tests that need it. */
  public String tag() {
    return tag;
  }

  /** What it is and where the tests look for it. */
  public String what() {
    return what.get();
  }

  /** The command that installs it on Debian (as root; {@code .ci/run} runs it). */
  public String install() {
    return install;
  }

  /** Whether this machine has it. */
  public boolean present() {
    return present.getAsBoolean();
  }

  /**
   * The system property that does what {@value #REQUIRE_ALL} does, for a run inside one JVM (the
   * extension's own test).
   */
  public static final String REQUIRE_ALL_PROPERTY = "samegan.require-all-tests";

  /**
   * Whether every group is required: {@value #REQUIRE_ALL_PROPERTY} when it is set (to true or
   * false), otherwise {@value #REQUIRE_ALL}. The property wins so that the extension's own test can
   * check the lenient mode inside a CI run, where the environment variable is set.
   */
  public static boolean allRequired() {
    String property = System.getProperty(REQUIRE_ALL_PROPERTY);
    return property != null ? isSet(property) : isSet(System.getenv(REQUIRE_ALL));
  }

  private static boolean isSet(String v) {
    return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
  }
}
