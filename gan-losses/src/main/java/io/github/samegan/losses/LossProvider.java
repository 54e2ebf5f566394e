package io.github.samegan.losses;

import java.util.List;

/**
 * Adds losses to {@link LossRegistry#standard()} without editing SameGAN: implement this interface
 * (a public class with a public no-argument constructor) and list its binary name in {@code
 * META-INF/services/io.github.samegan.losses.LossProvider} on the classpath; {@link
 * java.util.ServiceLoader} finds it. Each entry's options ({@link LossOption}) become {@code
 * samegan train} flags and are stored in checkpoints. docs/concepts.md ("Add a loss with its own
 * option") walks through one.
 */
public interface LossProvider {

  /**
   * The losses to register; names must not clash with other losses, nor options with other options.
   */
  List<LossRegistry.Entry> losses();
}
