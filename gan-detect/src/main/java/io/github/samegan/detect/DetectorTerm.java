package io.github.samegan.detect;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.loss.GeneratorTerm;
import io.github.samegan.core.samediff.SafeOps;
import io.github.samegan.eval.classify.ClassifierNetwork;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Detector-aware training: a trained {@link Detector} as a frozen extra critic in the generator's
 * update (a {@link GeneratorTerm}). The detector's inference pass is built into G's update graph
 * with its weights as constants and its batch norm on the running statistics ({@link
 * io.github.samegan.eval.classify.Classifier#frozenPass}), so G's gradient flows through it and no
 * detector weight can change. The term is the detector's "fake" score of G's images,
 *
 * <pre>
 *   t = mean over the batch of softplus(ℓ_fake − ℓ_real) = mean of −log P_detector(real | G(z))
 * </pre>
 *
 * with {@code ℓ} the detector's two logits: the non-saturating form (its gradient is largest where
 * the detector is surest an image is generated, as in the non-saturating GAN loss). G minimises
 * {@code L_G + λ(step)·t}. Every step also reports {@code NAME_p_fake}, the mean {@code P(fake)}
 * the detector gives the generated batch (on G's continuous output, before the 8-bit quantisation
 * that {@link Detector#probabilityFake} callers apply to saved images).
 *
 * <p>The detector's preprocessing is part of the graph: it has none beyond taking {@code [B, C, H,
 * W]} images in [−1, 1] of its own shape, which is what generators make. Detectors never resize
 * (that would remove the traces they look for), so a generator of another shape is refused.
 */
public final class DetectorTerm implements GeneratorTerm {
  private final Detector detector;
  private final String name;

  /**
   * @param detector the trained detector (its weights are only read)
   * @param name the term's name, e.g. {@code evade_0}; it names the reported columns
   */
  public DetectorTerm(Detector detector, String name) {
    this.detector = Objects.requireNonNull(detector, "detector");
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public String name() {
    return name;
  }

  /** The detector. */
  public Detector detector() {
    return detector;
  }

  /**
   * Checks that the detector takes the generator's images.
   *
   * @throws IllegalArgumentException naming what differs (channels, height, width) and the fix
   */
  @Override
  public void check(ImageShape generated) {
    ImageShape d = detector.inputShape();
    if (d.equals(generated)) {
      return;
    }
    StringBuilder diff = new StringBuilder();
    if (d.channels() != generated.channels()) {
      diff.append("channels ").append(generated.channels()).append(" vs ").append(d.channels());
    }
    if (d.height() != generated.height() || d.width() != generated.width()) {
      diff.append(diff.length() > 0 ? ", " : "")
          .append("size ")
          .append(generated.height())
          .append('x')
          .append(generated.width())
          .append(" vs ")
          .append(d.height())
          .append('x')
          .append(d.width());
    }
    throw new IllegalArgumentException(
        "Cannot evade detector '"
            + name
            + "' ("
            + detector.describe()
            + "): the generator makes "
            + generated
            + " images but the detector takes "
            + d
            + " ("
            + diff
            + ", generator vs detector); detectors never resize or convert images, so train one on"
            + " this generator's image shape (samegan detect train --real DATASET --fake RUN)");
  }

  @Override
  public SDVariable build(NetGraph g, SDVariable fakeImages, ImageShape shape) {
    check(shape);
    SameDiff sd = g.sd();
    ClassifierNetwork.Outputs out =
        detector.classifier().frozenPass(sd, g.dtype(), name, fakeImages);
    // ℓ_fake − ℓ_real as a product with (−1, +1)ᵀ, [B, 1]
    SDVariable sign =
        sd.constant(
            name + "/fake_minus_real",
            Nd4j.createFromArray(new double[][] {{-1.0}, {1.0}}).castTo(g.dtype()));
    SDVariable margin = out.logits().mmul(sign);
    g.monitor(name + "_p_fake", sd.nn().sigmoid(margin));
    return SafeOps.softplus(sd, margin).mean();
  }
}
