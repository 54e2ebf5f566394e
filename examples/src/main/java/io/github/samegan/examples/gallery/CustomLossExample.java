package io.github.samegan.examples.gallery;

import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.loss.GanLoss;
import io.github.samegan.core.loss.LossContext;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.losses.Functional;
import io.github.samegan.models.Dcgan;
import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A loss written here, not taken from the registry: the non-saturating GAN loss with <em>one-sided
 * label smoothing</em> (Salimans et al. 2016, arXiv:1606.03498, §3.4). D is trained to call real
 * images 90% real instead of 100%, which keeps it from growing over-confident:
 *
 * <pre>
 *   D minimises  E[0.9·softplus(−D(x)) + 0.1·softplus(D(x))] + E[softplus(D(G(z)))]
 *   G minimises  E[softplus(−D(G(z)))]
 * </pre>
 *
 * <p>(binary cross-entropy of logits against targets 0.9 and 0, written with the stable {@link
 * Functional#softplus}). A {@link GanLoss} is two methods over the {@link LossContext}; the trainer
 * needs no change. Trains on the embedded shapes set by default.
 *
 * <p>Run: {@code samegan example custom-loss [--steps 600] [--out runs/custom-loss]}.
 */
public final class CustomLossExample {
  /** The name for {@code samegan example}. */
  public static final String NAME = "custom-loss";

  private CustomLossExample() {}

  /** The label-smoothed loss (real target {@code realTarget}, e.g. 0.9). */
  public static GanLoss labelSmoothed(double realTarget) {
    return new GanLoss() {
      @Override
      public String name() {
        return "minimax-smoothed";
      }

      @Override
      public SDVariable discriminatorLoss(LossContext ctx) {
        SameDiff sd = ctx.sd();
        SDVariable real = ctx.realLogits();
        SDVariable onReal =
            Functional.softplus(sd, real.neg())
                .mul(realTarget)
                .add(Functional.softplus(sd, real).mul(1 - realTarget));
        SDVariable onFake = Functional.softplus(sd, ctx.fakeLogits());
        return onReal.mean().add(onFake.mean());
      }

      @Override
      public SDVariable generatorLoss(LossContext ctx) {
        return Functional.softplus(ctx.sd(), ctx.fakeLogits().neg()).mean();
      }
    };
  }

  /** Trains a DCGAN with the custom loss and returns what it wrote. */
  public static ExampleResult runExample(ExampleSettings s, PrintStream console) {
    Gallery.Run run = Gallery.start(NAME, "shapes", s, console);
    Dcgan dcgan = Dcgan.reference(run.shape());
    Gan gan =
        Gan.builder(dcgan.generator(), dcgan.discriminator(), labelSmoothed(0.9)).seed(1).build();
    GanTrainer trainer =
        run.trainer(gan, "dcgan").optimizers(Optimizer.adam(2e-4, 0.5, 0.999)).build();
    return run.fit(trainer);
  }

  /** Entry point: {@code [--steps N] [--batch B] [--out DIR] [--data-dir DIR] [--dataset NAME]}. */
  public static void main(String[] args) {
    Gallery.main(NAME, args, 600, CustomLossExample::runExample);
  }
}
