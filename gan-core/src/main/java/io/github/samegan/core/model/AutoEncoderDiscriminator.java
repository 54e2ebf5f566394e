package io.github.samegan.core.model;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.nn.Layer;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * An auto-encoder used as a discriminator (EBGAN, Zhao et al. 2016; BEGAN, Berthelot et al. 2017):
 * its score for an image is the image's <em>energy</em>, the reconstruction error
 *
 * <pre>
 *   D(x) = mean over pixels of |Dec(Enc(x)) − x|^p,   p = 2 ({@link Energy#MSE}) or 1 ({@link Energy#L1})
 * </pre>
 *
 * one value per image, {@code [B, 1]}, low for images the auto-encoder reconstructs well. Losses
 * for such a discriminator read these scores as energies, not logits (gan-losses' {@code
 * EnergyBasedLoss} and {@code BoundaryEquilibriumLoss}). Its {@link #features} are the encoder's
 * codes {@code [B, F]} (EBGAN's pulling-away term reads them). Parameters live under {@code enc/}
 * and {@code dec/}.
 */
public final class AutoEncoderDiscriminator implements FeatureDiscriminator {

  /** How the reconstruction error is measured per pixel. */
  public enum Energy {
    /** Squared error (EBGAN). */
    MSE,
    /** Absolute error (BEGAN). */
    L1
  }

  private final String name;
  private final ImageShape inputShape;
  private final Layer encoder;
  private final Layer decoder;
  private final Energy energy;
  private final long[] codeShape;

  /**
   * @param name a short name for descriptions
   * @param inputShape declared input image shape
   * @param encoder maps an image to a code of any shape
   * @param decoder maps the code back to the image shape
   * @param energy the per-pixel error
   * @throws IllegalArgumentException if encoder and decoder do not map the image shape back to
   *     itself
   */
  public AutoEncoderDiscriminator(
      String name, ImageShape inputShape, Layer encoder, Layer decoder, Energy energy) {
    this.name = Objects.requireNonNull(name, "name");
    this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.energy = Objects.requireNonNull(energy, "energy");
    this.codeShape = encoder.outputShape(inputShape.toArray());
    long[] out = decoder.outputShape(codeShape);
    if (!Arrays.equals(out, inputShape.toArray())) {
      throw new IllegalArgumentException(
          "Auto-encoder discriminator '"
              + name
              + "' maps "
              + inputShape
              + " to a code "
              + Arrays.toString(codeShape)
              + " and back to "
              + Arrays.toString(out)
              + "; the decoder must give back the image shape");
    }
  }

  @Override
  public ImageShape inputShape() {
    return inputShape;
  }

  /** The per-pixel error. */
  public Energy energy() {
    return energy;
  }

  /** The shape of one code. */
  public long[] codeShape() {
    return codeShape.clone();
  }

  /** The reconstruction {@code Dec(Enc(x))}, {@code [B, C, H, W]}. */
  public SDVariable reconstruct(NetGraph g, SDVariable images) {
    SDVariable code = encoder.forward(g.scope("enc"), images, inputShape.toArray());
    return decoder.forward(g.scope("dec"), code, codeShape);
  }

  /** The energies {@code [B, 1]}: the mean per-pixel reconstruction error of each image. */
  @Override
  public SDVariable discriminate(NetGraph g, SDVariable images) {
    SDVariable diff = reconstruct(g, images).sub(images);
    SDVariable err = energy == Energy.MSE ? diff.mul(diff) : g.sd().math().abs(diff);
    return err.reshape(-1, inputShape.size()).mean(true, 1);
  }

  /** The encoder's codes, flattened to {@code [B, F]}. */
  @Override
  public SDVariable features(NetGraph g, SDVariable images) {
    long size = 1;
    for (long d : codeShape) {
      size *= d;
    }
    return encoder.forward(g.scope("enc"), images, inputShape.toArray()).reshape(-1, size);
  }

  @Override
  public String describe() {
    return name + " auto-encoder discriminator (" + inputShape + " → energy, " + energy + ")";
  }
}
