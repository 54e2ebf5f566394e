package io.github.samegan.examples.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.engine.Checkpoint;
import io.github.samegan.core.engine.Checkpoints;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.core.train.Gan;
import io.github.samegan.losses.LossOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SAGAN's generator attention became spectrally normalised: a checkpoint written before (no
 * spectral-norm vectors in G's attention) still loads, as the model it was trained as.
 */
class SaganCheckpointsTest {
  private static final ImageShape SHAPE = ImageShape.rgb(16);

  private static Path write(Path dir, String builtAs, String savedAs) throws Exception {
    RunConfig c = new RunConfig("shapes", builtAs, "hinge", SHAPE, 5, LossOptions.defaults());
    Gan gan = c.buildGan();
    Map<String, String> meta = new LinkedHashMap<>(c.toMetadata());
    meta.put("model", savedAs);
    Path f = dir.resolve(builtAs + ".ckpt");
    Checkpoints.write(f, new Checkpoint(0, 0, new long[] {0}, 5, meta, gan.parameters()), Map.of());
    return f;
  }

  private static long generatorAttentionVectors(Gan gan) {
    return gan.parameters().entries(n -> n.startsWith("G/") && n.matches(".*attn/[fgh]/u")).size();
  }

  @Test
  void attentionCheckpointsWithoutGeneratorSpectralNormLoadAsThePlainModel(@TempDir Path dir)
      throws Exception {
    // as SameGAN wrote resnet-sngan-small-attn runs before
    Path old = write(dir, "resnet-sngan-small-attn-g-nosn", "resnet-sngan-small-attn");
    RunConfig.LoadedRun loaded = RunConfig.load(old);
    assertThat(loaded.config().model()).isEqualTo("resnet-sngan-small-attn-g-nosn");
    assertThat(generatorAttentionVectors(loaded.gan())).isZero();
    // a current one keeps its name and its spectrally normalised attention
    Path current = write(dir, "resnet-sngan-small-attn", "resnet-sngan-small-attn");
    RunConfig.LoadedRun now = RunConfig.load(current);
    assertThat(now.config().model()).isEqualTo("resnet-sngan-small-attn");
    assertThat(generatorAttentionVectors(now.gan())).isEqualTo(3);
    INDArray z = new Rng(1).gaussian(now.gan().dataType(), 2, 128);
    assertThat(loaded.gan().sample(z).shape()).containsExactly(2, 3, 16, 16);
  }
}
