package io.github.samegan.models;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.model.AutoEncoderDiscriminator;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.model.SequentialGenerator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.Conv2d;
import io.github.samegan.core.nn.ConvTranspose2d;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Layer;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * GANs whose discriminator is an auto-encoder scoring images by their reconstruction error
 * (gan-core's {@link AutoEncoderDiscriminator}): EBGAN (Zhao et al. 2016, arXiv:1609.03126; squared
 * error, train with gan-losses' {@code EnergyBasedLoss}) and BEGAN (Berthelot et al. 2017,
 * arXiv:1703.10717; absolute error, {@code BoundaryEquilibriumLoss}).
 *
 * <p>Auto-encoder, side s divisible by 8, width w, code size h, {@code q = (s/8)²}: encoder {@code
 * conv k4 s2 p1 C→w → LReLU(0.2) → conv w→2w → LReLU → conv 2w→4w → LReLU → flatten → dense 4wq→h},
 * decoder {@code dense h→4wq → LReLU → reshape [4w, s/8, s/8] → deconv k4 s2 p1 4w→2w → LReLU →
 * deconv 2w→w → LReLU → deconv w→C} (linear output, no batch norm, as BEGAN's). It has {@code 320w²
 * + 32Cw + 10w + 8wqh + 4wq + h + C} parameters.
 *
 * <p>EBGAN's generator is the reference DCGAN's ({@link Dcgan#generator()}, z = 128, batch norm).
 * BEGAN's generator has the decoder's architecture (as in the paper) from z, ending in tanh: {@code
 * dense z→4wq → LReLU → reshape → deconv 4w→2w → LReLU → deconv 2w→w → LReLU → deconv w→C → tanh},
 * {@code 160w² + 16Cw + 3w + 4wq(z + 1) + C} parameters.
 *
 * @param image image shape; height and width must be equal and divisible by 8
 * @param latentDim latent size z
 * @param width base width w
 * @param code the auto-encoder's code size h
 */
public record AutoEncoderGan(ImageShape image, int latentDim, int width, int code) {

  /** Validates the configuration. */
  public AutoEncoderGan {
    if (image.height() != image.width() || image.height() % 8 != 0 || image.height() < 8) {
      throw new IllegalArgumentException(
          "The auto-encoder GANs need square images with a side divisible by 8 (e.g. 32), found "
              + image
              + "; pad or resize the data (e.g. 28×28 → 32×32)");
    }
    if (latentDim <= 0 || width <= 0 || code <= 0) {
      throw new IllegalArgumentException(
          "latentDim, width and code must be positive, found latentDim="
              + latentDim
              + ", width="
              + width
              + ", code="
              + code);
    }
  }

  /** EBGAN's reference size here: the DCGAN generator (z = 128, w = 32), w = 32 and h = 64. */
  public static AutoEncoderGan ebganReference(ImageShape image) {
    return new AutoEncoderGan(image, 128, 32, 64);
  }

  /** BEGAN's reference size here: z = h = 64 (the paper's N_z = N_h = 64), w = 32. */
  public static AutoEncoderGan beganReference(ImageShape image) {
    return new AutoEncoderGan(image, 64, 32, 64);
  }

  /** The auto-encoder discriminator with the given per-pixel error. */
  public AutoEncoderDiscriminator discriminator(AutoEncoderDiscriminator.Energy energy) {
    long w = width;
    int s = image.height() / 8;
    List<Layer> enc = new ArrayList<>();
    enc.add(new Conv2d(image.channels(), w, 4, 2, 1));
    enc.add(Activation.leakyRelu(0.2));
    enc.add(new Conv2d(w, 2 * w, 4, 2, 1));
    enc.add(Activation.leakyRelu(0.2));
    enc.add(new Conv2d(2 * w, 4 * w, 4, 2, 1));
    enc.add(Activation.leakyRelu(0.2));
    enc.add(Reshape.flatten(new long[] {4 * w, s, s}));
    enc.add(new Dense(4 * w * s * s, code));
    List<Layer> dec = new ArrayList<>();
    dec.add(new Dense(code, 4 * w * s * s));
    dec.addAll(upsampling(false));
    String name = energy == AutoEncoderDiscriminator.Energy.MSE ? "ebgan" : "began";
    return new AutoEncoderDiscriminator(
        name, image, Sequential.of(enc), Sequential.of(dec), energy);
  }

  /** The architecture of {@code ebgan}: the DCGAN generator, the squared-error auto-encoder. */
  public Architecture ebgan() {
    return new Architecture(
        new Dcgan(image, latentDim, width).generator(),
        discriminator(AutoEncoderDiscriminator.Energy.MSE));
  }

  /** The architecture of {@code began}: the decoder-shaped generator, the L1 auto-encoder. */
  public Architecture began() {
    List<Layer> l = new ArrayList<>();
    int s = image.height() / 8;
    l.add(new Dense(latentDim, 4L * width * s * s));
    l.addAll(upsampling(true));
    Generator g = new SequentialGenerator("began", latentDim, image, Sequential.of(l));
    return new Architecture(g, discriminator(AutoEncoderDiscriminator.Energy.L1));
  }

  /** LReLU → reshape → three stride-2 deconvolutions back to the image (tanh at the end or not). */
  private List<Layer> upsampling(boolean tanh) {
    long w = width;
    int s = image.height() / 8;
    List<Layer> l = new ArrayList<>();
    l.add(Activation.leakyRelu(0.2));
    l.add(Reshape.toImage(4 * w, s, s));
    l.add(new ConvTranspose2d(4 * w, 2 * w, 4, 2, 1));
    l.add(Activation.leakyRelu(0.2));
    l.add(new ConvTranspose2d(2 * w, w, 4, 2, 1));
    l.add(Activation.leakyRelu(0.2));
    l.add(new ConvTranspose2d(w, image.channels(), 4, 2, 1));
    if (tanh) {
      l.add(Activation.tanh());
    }
    return l;
  }
}
