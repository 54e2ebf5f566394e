package io.github.samegan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Optimizer;
import io.github.samegan.core.graph.NetGraph;
import io.github.samegan.core.graph.ParameterStore;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Gan;
import io.github.samegan.core.train.GanTrainer;
import io.github.samegan.core.train.StepStats;
import io.github.samegan.data.npy.NpyArray;
import io.github.samegan.data.npy.NpzWriter;
import io.github.samegan.losses.LossRegistry;
import io.github.samegan.models.Architecture;
import io.github.samegan.models.ModelRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ResNet SN-GANs as {@link ModelStepBenchmark} builds them, checked for the parameter counts
 * the PyTorch peer ({@code benchmarks/pytorch/resnet_step.py}) asserts, and exported for the peer's
 * correctness check: {@code target/peer-export/MODEL.npz} holds the initial parameters and state
 * ({@code init.NAME}, SameGAN's names with {@code /} as {@code .}), one forward pass in training
 * mode on fixed inputs ({@code fwd.z}, {@code fwd.x}, {@code fwd.g_z} = G(z), {@code fwd.d_x} =
 * D(x), {@code fwd.d_g_z} = D(G(z))), and one benchmark step (hinge, Adam 2e-4 β = (0.5, 0.999),
 * n-critic 1): its inputs {@code step.real}, {@code step.z_d}, {@code step.z_g}, its losses and
 * every parameter and state array after it ({@code after.NAME}); then the same step with SGD from
 * the same start (D's lr 1e-4, G's 1; {@code sgd.g_loss}, {@code sgd.lr_d}, {@code sgd.lr_g},
 * {@code sgd.NAME}), whose change is −lr times the gradient.
 *
 * <p>Where {@code /usr/bin/python3} has PyTorch the test then runs the peer's check itself ({@code
 * benchmarks/pytorch/resnet_step.py --model MODEL --check benchmarks/target/peer-export/MODEL.npz})
 * and requires it to pass.
 */
class ResNetPeerExportTest {
  private static final int BATCH = 8;
  // D's step small enough to leave D about as it was for G's, G's change exactly -gradient
  private static final double SGD_LR_D = 1e-4;
  private static final double SGD_LR_G = 1.0;

  @ParameterizedTest
  @CsvSource({"resnet-sngan-small, 368771, 264769", "resnet-sngan, 4276739, 1053825"})
  void parameterCountsAndExportForThePyTorchPeer(String model, long gCount, long dCount)
      throws IOException {
    ImageShape shape = ImageShape.rgb(32);
    Architecture a = ModelRegistry.create(model, shape);
    Gan gan = Gan.builder(a.generator(), a.discriminator(), LossRegistry.create("hinge")).build();
    assertThat(gan.generatorParameterCount()).isEqualTo(gCount);
    assertThat(gan.discriminatorParameterCount()).isEqualTo(dCount);

    Path out = Path.of("target", "peer-export", model + ".npz");
    Files.createDirectories(out.getParent());
    ParameterStore store = gan.parameters();
    int entries = store.size();
    Map<String, INDArray> init = new HashMap<>();
    try (NpzWriter npz = NpzWriter.create(out)) {
      for (ParameterStore.Entry e : store.entries()) {
        write(npz, "init." + e.name().replace('/', '.'), e.array());
        init.put(e.name(), e.array().dup());
      }

      // One forward pass in training mode (batch statistics), over the same arrays.
      SameDiff sd = SameDiff.create();
      NetGraph g =
          NetGraph.create(sd, store, new Rng(0), DataType.FLOAT, NetGraph.Mode.TRAIN, n -> false);
      SDVariable z = sd.placeHolder("z", DataType.FLOAT, -1, a.generator().latentDim());
      SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, 32, 32);
      SDVariable fake = sd.identity("g_z", a.generator().generate(g.scope("G"), z));
      sd.identity("d_x", a.discriminator().discriminate(g.scope("D"), x));
      sd.identity("d_g_z", a.discriminator().discriminate(g.scope("D"), fake));
      assertThat(store.size()).as("the forward graph reused every stored array").isEqualTo(entries);
      INDArray zIn = new Rng(99).gaussian(DataType.FLOAT, BATCH, a.generator().latentDim());
      INDArray xIn = new Rng(98).uniform(DataType.FLOAT, -1, 1, shape.batchShape(BATCH));
      Map<String, INDArray> fwd = sd.output(Map.of("z", zIn, "x", xIn), "g_z", "d_x", "d_g_z");
      write(npz, "fwd.z", zIn);
      write(npz, "fwd.x", xIn);
      for (String k : new String[] {"g_z", "d_x", "d_g_z"}) {
        assertThat(fwd.get(k).isInfinite().any() || fwd.get(k).isNaN().any()).isFalse();
        write(npz, "fwd." + k, fwd.get(k));
      }

      // One benchmark step; the trainer's RNG (seed 1234) draws z for D's update, then for G's.
      GanTrainer trainer = GanTrainer.builder(gan, new FixedBatch(shape, BATCH, 7)).build();
      Rng trainerRng = new Rng(1234);
      write(npz, "step.real", new FixedBatch(shape, BATCH, 7).next().images());
      write(npz, "step.z_d", trainerRng.gaussian(DataType.FLOAT, BATCH, 128));
      write(npz, "step.z_g", trainerRng.gaussian(DataType.FLOAT, BATCH, 128));
      StepStats s = trainer.step();
      assertThat(trainer.rngState()).isEqualTo(trainerRng.state());
      write(npz, "step.d_loss", npyScalar(s.dLoss()));
      write(npz, "step.g_loss", npyScalar(s.gLoss()));
      for (ParameterStore.Entry e : store.entries()) {
        write(npz, "after." + e.name().replace('/', '.'), e.array());
      }

      // The same step with plain SGD from the same start: its change is -lr times the gradient,
      // which Adam's first update (about lr times the gradient's sign) does not show.
      store.assignFrom(init, IllegalStateException::new);
      GanTrainer sgd =
          GanTrainer.builder(gan, new FixedBatch(shape, BATCH, 7))
              .discriminatorOptimizer(Optimizer.sgd(SGD_LR_D))
              .generatorOptimizer(Optimizer.sgd(SGD_LR_G))
              .build();
      StepStats t = sgd.step();
      assertThat(t.dLoss()).isCloseTo(s.dLoss(), org.assertj.core.api.Assertions.within(1e-4));
      write(npz, "sgd.g_loss", npyScalar(t.gLoss()));
      write(npz, "sgd.lr_d", npyScalar(SGD_LR_D));
      write(npz, "sgd.lr_g", npyScalar(SGD_LR_G));
      for (ParameterStore.Entry e : store.entries()) {
        write(npz, "sgd." + e.name().replace('/', '.'), e.array());
      }
    }
    assertThat(out).isNotEmptyFile();
    checkWithThePeerWhereTorchIsInstalled(model, out);
  }

  /**
   * Runs the peer's {@code --check} on the export when {@code /usr/bin/python3} has PyTorch
   * (Debian: python3-torch), so a change to either model shows here; without PyTorch it says so and
   * passes on the Java assertions alone.
   */
  private static void checkWithThePeerWhereTorchIsInstalled(String model, Path npz)
      throws IOException {
    Path python = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(python) || run(python.toString(), "-c", "import torch").exitCode != 0) {
      System.out.println(
          "ResNetPeerExportTest: no PyTorch in /usr/bin/python3, peer check not run");
      return;
    }
    Result r =
        run(
            python.toString(),
            "pytorch/resnet_step.py",
            "--model",
            model,
            "--threads",
            "1",
            "--check",
            npz.toString());
    assertThat(r.exitCode).as("resnet_step.py --check said: %s", r.output).isZero();
    assertThat(r.output).contains("\"ok\": true");
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(p.waitFor(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while running " + String.join(" ", command), e);
    }
  }

  private static INDArray npyScalar(double v) {
    return org.nd4j.linalg.factory.Nd4j.create(new float[] {(float) v}, new long[] {1}, 'c');
  }

  private static void write(NpzWriter npz, String key, INDArray a) throws IOException {
    INDArray c = a.castTo(DataType.FLOAT).dup('c');
    npz.write(key, NpyArray.ofFloat32(c.data().asFloat(), c.shape()));
  }
}
