package io.github.samegan.models;

import java.util.List;

/**
 * Adds architectures to {@link ModelRegistry#standard()} without editing SameGAN: implement this
 * interface (a public class with a public no-argument constructor) and list its binary name in
 * {@code META-INF/services/io.github.samegan.models.ModelProvider} on the classpath; {@link
 * java.util.ServiceLoader} finds it, and {@code samegan train --model NAME} can use it.
 * docs/concepts.md ("Add a model") walks through one.
 */
public interface ModelProvider {

  /** The architectures to register; names must not clash with other models. */
  List<ModelRegistry.Entry> models();
}
