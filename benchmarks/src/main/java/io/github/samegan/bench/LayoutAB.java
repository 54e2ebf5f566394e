package io.github.samegan.bench;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.nn.DataLayout;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.ResNetSnGan;
import java.util.Locale;

/**
 * The ResNet SN-GAN's internal layout, NCHW (A) against NHWC (B), as an {@link InterleavedAB} in
 * one JVM: four trainers of the same model built A, B, B, A and stepped in rotating order (hinge,
 * Adam, 32×32×3, a fixed batch).
 *
 * <p>{@code benchmarks/run-main.sh io.github.samegan.bench.LayoutAB [steps=20] [batch=64]
 * [model=small|reference]}.
 *
 * <p>With {@code verbose LAYOUT [steps=3] [batch=64] [model]} it builds one trainer of that layout,
 * warms it up, and prints a line {@code === step i ===} before each of the next steps: run it with
 * {@code DNNL_VERBOSE=1} and count the {@code reorder} lines between two markers, oneDNN's layout
 * conversions in one step (docs/benchmarks.md).
 *
 * <p>With {@code profile [steps=10] [batch=64] [model]} it times every op ({@link
 * StepProfile.OpTimer}) of one NCHW and one NHWC trainer stepping alternately and prints ms per
 * step per op type side by side.
 */
public final class LayoutAB {
  private LayoutAB() {}

  private static GanTrainer trainer(DataLayout layout, int batch, String model) {
    ImageShape shape = ImageShape.rgb(32);
    ResNetSnGan r =
        (model.equals("reference") ? ResNetSnGan.reference(shape) : ResNetSnGan.small(shape))
            .withLayout(layout);
    Gan gan = Gan.builder(r.generator(), r.discriminator(), LossRegistry.create("hinge")).build();
    return GanTrainer.builder(gan, new FixedBatch(shape, batch, 7L)).build();
  }

  /** Entry point: see the class comment. */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("verbose")) {
      DataLayout layout = DataLayout.valueOf(args[1]);
      int steps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
      int batch = args.length > 3 ? Integer.parseInt(args[3]) : 64;
      GanTrainer t = trainer(layout, batch, args.length > 4 ? args[4] : "small");
      for (int i = 0; i < 2; i++) {
        t.step();
      }
      for (int i = 1; i <= steps; i++) {
        System.out.println("=== step " + i + " ===");
        System.out.flush();
        t.step();
      }
      System.out.println("=== end ===");
      return;
    }
    if (args.length > 0 && args[0].equals("profile")) {
      profile(
          args.length > 1 ? Integer.parseInt(args[1]) : 10,
          args.length > 2 ? Integer.parseInt(args[2]) : 64,
          args.length > 3 ? args[3] : "small");
      return;
    }
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    String model = args.length > 2 ? args[2] : "small";
    String result =
        InterleavedAB.compare(
            nchw -> trainer(nchw ? DataLayout.NCHW : DataLayout.NHWC, batch, model), steps);
    System.out.printf(
        Locale.ROOT,
        "resnet-sngan %s, hinge, batch %d, %d steps per trainer: A (NCHW) %s%n",
        model,
        batch,
        steps,
        result.replace("B (false)", "B (NHWC)"));
  }

  private static void profile(int steps, int batch, String model) {
    DataLayout[] layouts = DataLayout.values();
    InterleavedAB.profile(
        java.util.Arrays.stream(layouts).map(DataLayout::name).toArray(String[]::new),
        k -> trainer(layouts[k], batch, model),
        steps);
  }
}
