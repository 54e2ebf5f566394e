package io.github.samegan.examples.gallery;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.Init;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.model.Generator;
import io.github.samegan.core.nn.Activation;
import io.github.samegan.core.nn.BatchNorm;
import io.github.samegan.core.nn.ConvTranspose2d;
import io.github.samegan.core.nn.Dense;
import io.github.samegan.core.nn.Reshape;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.losses.MinimaxLoss;
import io.github.samegan.models.Dcgan;
import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A generator written here by implementing {@link Generator} directly, not as a {@code Sequential}:
 * a learned 4×4 "canvas" shared by every sample, which the latent vector modulates channel by
 * channel ({@code h = canvas · (1 + scale(z)) + shift(z)}, the idea of StyleGAN's learned constant
 * input, Karras et al. 2019), followed by three transposed convolutions to 32×32. It shows the
 * three things a custom network does: ask {@link NetGraph#param} for its own weights (created once,
 * shared by the D-step and G-step graphs), call building blocks under their own scopes, and use
 * plain SameDiff ops in between. The discriminator is the reference DCGAN's. Trains on the embedded
 * shapes set by default.
 *
 * <p>Run: {@code samegan example custom-generator [--steps 600] [--out runs/custom-generator]}.
 */
public final class CustomGeneratorExample {
  /** The name for {@code samegan example}. */
  public static final String NAME = "custom-generator";

  private CustomGeneratorExample() {}

  /** The modulated-canvas generator. */
  public static final class ModulatedCanvasGenerator implements Generator {
    private static final long LATENT = 64;
    private static final long WIDTH = 256;
    private final ImageShape shape;

    /** A generator of images of this shape (32×32). */
    public ModulatedCanvasGenerator(ImageShape shape) {
      if (shape.height() != 32 || shape.width() != 32) {
        throw new IllegalArgumentException(
            "ModulatedCanvasGenerator draws 32×32 images, asked for " + shape);
      }
      this.shape = shape;
    }

    @Override
    public long latentDim() {
      return LATENT;
    }

    @Override
    public ImageShape outputShape() {
      return shape;
    }

    @Override
    public SDVariable generate(NetGraph g, SDVariable z) {
      // A learned canvas [1, 256, 4, 4], the same for every sample.
      SDVariable canvas = g.param("canvas", new long[] {1, WIDTH, 4, 4}, Init.normal(1.0), 1);
      // z chooses a gain and an offset per channel: [B, 256, 1, 1] each, broadcast over the canvas.
      SDVariable scale =
          Reshape.toImage(WIDTH, 1, 1)
              .forward(g, new Dense(LATENT, WIDTH).forward(g.scope("scale"), z));
      SDVariable shift =
          Reshape.toImage(WIDTH, 1, 1)
              .forward(g, new Dense(LATENT, WIDTH).forward(g.scope("shift"), z));
      SDVariable h = canvas.mul(scale.add(1.0)).add(shift);
      h = upsample(g, "up1", h, WIDTH, WIDTH / 2, 8); // [B, 128, 8, 8]
      h = upsample(g, "up2", h, WIDTH / 2, WIDTH / 4, 16); // [B, 64, 16, 16]
      h = new ConvTranspose2d(WIDTH / 4, shape.channels(), 4, 2, 1).forward(g.scope("rgb"), h);
      return Activation.tanh().forward(g, h); // [B, C, 32, 32] in [−1, 1]
    }

    private static SDVariable upsample(
        NetGraph g, String name, SDVariable h, long in, long out, int side) {
      h = new ConvTranspose2d(in, out, 4, 2, 1).forward(g.scope(name), h);
      h = new BatchNorm(out).forward(g.scope(name + "-bn"), h, new long[] {out, side, side});
      return Activation.relu().forward(g, h);
    }
  }

  /** Trains the custom generator against the reference DCGAN discriminator. */
  public static ExampleResult runExample(ExampleSettings s, PrintStream console) {
    Gallery.Run run = Gallery.start(NAME, "shapes", s, console);
    Generator g = new ModulatedCanvasGenerator(run.shape());
    Gan gan =
        Gan.builder(g, Dcgan.reference(run.shape()).discriminator(), MinimaxLoss.nonSaturating())
            .seed(1)
            .build();
    GanTrainer trainer =
        run.trainer(gan, "modulated-canvas G (custom) + dcgan D")
            .optimizers(Optimizer.adam(2e-4, 0.5, 0.999))
            .build();
    return run.fit(trainer);
  }

  /** Entry point: {@code [--steps N] [--batch B] [--out DIR] [--data-dir DIR] [--dataset NAME]}. */
  public static void main(String[] args) {
    Gallery.main(NAME, args, 600, CustomGeneratorExample::runExample);
  }
}
