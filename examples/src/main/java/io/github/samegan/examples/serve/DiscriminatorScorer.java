package io.github.samegan.examples.serve;

import io.github.samegan.core.CheckpointException;
import io.github.samegan.core.ImageShape;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Gan;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A GAN's own discriminator used as a detector: {@code P(fake) = 1 − sigmoid(D(x))}. It is the
 * detector every trained GAN already has, and a weak one (D is trained against the generator of its
 * own step, not to be calibrated); with a Wasserstein loss the critic's output is a score, not a
 * logit, and the probability is only monotone in it. gan-detect's detectors ({@link
 * DetectorScorer}) are the calibrated alternative.
 */
public final class DiscriminatorScorer implements ImageScorer {
  private static final String INPUT = "x";
  private static final String OUTPUT = "p_real";
  private final SameDiff sd;
  private final ImageShape shape;
  private final String description;

  /**
   * Builds an inference graph of the GAN's discriminator over its (shared) parameters.
   *
   * @param gan the GAN, with trained weights loaded
   * @param description what to call it in responses
   */
  public DiscriminatorScorer(Gan gan, String description) {
    this.shape = gan.discriminator().inputShape();
    this.description = description;
    ParameterStore store = gan.parameters();
    int before = store.size();
    sd = SameDiff.create();
    NetGraph g =
        NetGraph.create(sd, store, new Rng(0), gan.dataType(), NetGraph.Mode.INFERENCE, n -> false);
    SDVariable x =
        sd.placeHolder(INPUT, gan.dataType(), -1, shape.channels(), shape.height(), shape.width());
    SDVariable logits = gan.discriminator().discriminate(g.scope("D"), x);
    sd.nn().sigmoid(OUTPUT, logits);
    if (store.size() != before) {
      throw new CheckpointException(
          "The discriminator's parameters were not found under 'D/' in the GAN's "
              + "parameter store; it cannot be used as a detector");
    }
    if (!g.randomInputs().isEmpty() || !g.scalarInputs().isEmpty()) {
      throw new IllegalArgumentException(
          "Discriminator "
              + gan.discriminator().describe()
              + " needs noise or scalar inputs at inference; it cannot be used as a detector");
    }
  }

  @Override
  public ImageShape inputShape() {
    return shape;
  }

  @Override
  public synchronized double probabilityFake(INDArray imageCHW) {
    INDArray x =
        imageCHW
            .reshape(1, shape.channels(), shape.height(), shape.width())
            .castTo(sd.getVariable(INPUT).dataType());
    INDArray p = sd.output(Map.of(INPUT, x), OUTPUT).get(OUTPUT);
    double real = p.getDouble(0);
    return Math.max(0, Math.min(1, 1 - real));
  }

  @Override
  public String describe() {
    return description;
  }
}
