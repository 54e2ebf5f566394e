package io.github.samegan.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loss log's columns and monitored metrics, driven without a model (CliTest covers resume). */
class CsvLogTest {

  private static StepStats stats(long step, Map<String, Double> metrics) {
    return new StepStats(step, 1.0 + step, 2.0, 0.75, 0.25, 12.34, metrics);
  }

  @Test
  void writesMonitoredMetricsAsExtraColumnsLeavingGapsEmpty(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("metrics.csv");
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("gp_grad_norm", 0.5);
    TrainingCallback log = Callbacks.csvLog(csv);
    log.onStart(null, 3);
    log.onStep(null, stats(1, m));
    log.onStep(null, stats(2, m));
    log.onStep(null, stats(3, Map.of()));
    log.onEnd(null);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines)
        .containsExactly(
            "step,d_loss,g_loss,d_real,d_fake,ms_per_step,gp_grad_norm",
            "1,2.000000,2.000000,0.750000,0.250000,12.3,0.500000",
            "2,3.000000,2.000000,0.750000,0.250000,12.3,0.500000",
            "3,4.000000,2.000000,0.750000,0.250000,12.3,");
  }
}
