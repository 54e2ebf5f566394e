package io.github.samegan.models;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.model.Discriminator;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.model.SequentialDiscriminator;
import io.github.samegan.core.model.SequentialGenerator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * The fully connected GAN of the original paper (Goodfellow et al. 2014): generator {@code z →
 * (dense → LReLU(0.2))×depth → dense → tanh → image}, discriminator {@code image → flatten → (dense
 * → LReLU(0.2))×depth → dense → 1}. Small and fast; handy for tests and for any image size.
 *
 * @param image image shape
 * @param latentDim latent size
 * @param hidden width of the hidden layers
 * @param depth number of hidden layers (≥ 1)
 */
public record MlpGan(ImageShape image, int latentDim, int hidden, int depth) {

  /** Validates the configuration. */
  public MlpGan {
    if (latentDim <= 0 || hidden <= 0 || depth < 1) {
      throw new IllegalArgumentException(
          "MlpGan needs latentDim > 0, hidden > 0, depth >= 1, found latentDim="
              + latentDim
              + ", hidden="
              + hidden
              + ", depth="
              + depth);
    }
  }

  /** The reference size: z = 64, two hidden layers of 256. */
  public static MlpGan reference(ImageShape image) {
    return new MlpGan(image, 64, 256, 2);
  }

  /** The generator. */
  public Generator generator() {
    List<Layer> l = new ArrayList<>();
    long in = latentDim;
    for (int i = 0; i < depth; i++) {
      l.add(new Dense(in, hidden));
      l.add(Activation.leakyRelu(0.2));
      in = hidden;
    }
    l.add(new Dense(in, image.size()));
    l.add(Activation.tanh());
    l.add(Reshape.toImage(image.channels(), image.height(), image.width()));
    return new SequentialGenerator("mlp", latentDim, image, Sequential.of(l));
  }

  /** The discriminator. */
  public Discriminator discriminator() {
    List<Layer> l = new ArrayList<>();
    l.add(Reshape.flatten(image.toArray()));
    long in = image.size();
    for (int i = 0; i < depth; i++) {
      l.add(new Dense(in, hidden));
      l.add(Activation.leakyRelu(0.2));
      in = hidden;
    }
    l.add(new Dense(in, 1));
    return new SequentialDiscriminator("mlp", image, Sequential.of(l));
  }
}
