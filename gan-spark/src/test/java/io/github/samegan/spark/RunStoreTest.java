package io.github.samegan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared store through Hadoop's file system (file:// here), and sweep option checks. */
class RunStoreTest {

  @Test
  void propertiesWithAwkwardTextRoundTripAndFoldersUploadAndDownload(@TempDir Path tmp)
      throws Exception {
    RunStore store = new RunStore(tmp.resolve("out").toString(), new Configuration());
    Map<String, String> p = new LinkedHashMap<>();
    p.put("error", "java.io.IOException: a=b: c # d ! e\nsecond line \\ é ✓");
    p.put("dataset", "folder:/data/my photos");
    store.writeProperties("runs/x/result.properties", p);

    assertThat(store.root()).startsWith("file:/").endsWith("/out");
    assertThat(store.exists("runs/x/result.properties")).isTrue();
    assertThat(store.exists("runs/y")).isFalse();
    assertThat(store.readProperties("runs/x/result.properties")).isEqualTo(p);

    Path local = tmp.resolve("local");
    Files.createDirectories(local.resolve("checkpoints"));
    Files.writeString(local.resolve("checkpoints/last.ckpt"), "weights");
    Files.writeString(local.resolve("metrics.csv"), "step\n1\n");
    store.upload(local, "runs/x");
    Path back = tmp.resolve("back.ckpt");

    assertThat(store.download("runs/x/checkpoints/last.ckpt", back)).isTrue();
    assertThat(back).hasContent("weights");
    assertThat(tmp.resolve("out/runs/x/metrics.csv")).hasContent("step\n1\n");
    assertThat(store.download("runs/x/none.ckpt", tmp.resolve("none"))).isFalse();
    assertThat(tmp.resolve("none")).doesNotExist();
  }

  @Test
  void badOptionsAreRefusedWithTheFieldNamed() {
    assertThatThrownBy(() -> SweepOptions.defaults().withThreadsPerTask(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threadsPerTask must be at least 1, found 0");
    assertThatThrownBy(() -> SweepOptions.defaults().withDistance(100, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a feature network");
    assertThatThrownBy(() -> new RunStore(" ", new Configuration()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output location");
    assertThatThrownBy(() -> new DistributedEvaluation.Settings(0, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions must be at least 1, found 0");
  }
}
