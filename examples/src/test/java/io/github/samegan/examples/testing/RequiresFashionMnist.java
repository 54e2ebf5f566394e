package io.github.samegan.examples.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (class or method) that trains on Debian's packaged Fashion-MNIST ({@link
 * Prerequisite#FASHION_MNIST}): left to CI where it is missing, unless {@value
 * Prerequisite#REQUIRE_ALL} is set.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(RequiresFashionMnist.TAG)
@ExtendWith(PrerequisiteExtension.class)
public @interface RequiresFashionMnist {
  /** The tests' JUnit tag. */
  String TAG = "fashion-mnist";
}
