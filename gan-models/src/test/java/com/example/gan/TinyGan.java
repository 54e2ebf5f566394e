package com.example.gan;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.model.SequentialGenerator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.Sequential;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelProvider;
import io.github.samegan.models.ModelRegistry;
import java.util.List;

/**
 * A model added from outside SameGAN (docs/concepts.md shows this file): one dense layer each way.
 * Registered by {@code META-INF/services/io.github.samegan.models.ModelProvider}.
 */
// concepts.md:begin
public final class TinyGan implements ModelProvider {
  /** The pair for an image shape: z (16) → dense → tanh → image; image → dense → score. */
  public static Architecture build(ImageShape shape) {
    return new Architecture(
        new SequentialGenerator(
            "tiny-g",
            16,
            shape,
            Sequential.of(
                new Dense(16, shape.size()),
                Activation.tanh(),
                Reshape.toImage(shape.channels(), shape.height(), shape.width()))),
        new SequentialDiscriminator(
            "tiny-d",
            shape,
            Sequential.of(Reshape.flatten(shape.toArray()), new Dense(shape.size(), 1))));
  }

  @Override
  public List<ModelRegistry.Entry> models() {
    return List.of(
        new ModelRegistry.Entry(
            "tiny", "One dense layer each way (example plugin)", TinyGan::build));
  }
}
// concepts.md:end
