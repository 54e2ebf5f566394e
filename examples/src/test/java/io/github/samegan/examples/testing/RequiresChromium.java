package io.github.samegan.examples.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (class or method) that drives Debian's headless Chromium ({@link Prerequisite#CHROMIUM}):
 * left to CI where it is missing, unless {@value Prerequisite#REQUIRE_ALL} is set.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(RequiresChromium.TAG)
@ExtendWith(PrerequisiteExtension.class)
public @interface RequiresChromium {
  /** The tests' JUnit tag. */
  String TAG = "browser";
}
