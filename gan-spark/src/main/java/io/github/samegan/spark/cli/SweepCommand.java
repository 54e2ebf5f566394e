package io.github.samegan.spark.cli;

import io.github.samegan.spark.SweepJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/** {@code samegan spark sweep}: {@link SweepJob}'s grid sweep, with its flags. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Train a grid of GANs, one per Spark task; rows to OUTPUT/results.parquet and .csv.",
      "Flags (lists comma-separated): --output URI (required), --models, --losses, --datasets"
          + " (required), --g-lr, --d-lr, --n-critic, --seeds (1), --augments (none; specs"
          + " separated by ';', e.g. 'none;hflip,crop:4'), --steps (1000), --batch (64),"
          + " --data-dir (data), --image-size (32), --threads-per-task (1), --checkpoint-every (0),"
          + " --detector URI (detection rate at the end) with --detect-samples (1000)."
    })
final class SweepCommand implements Callable<Integer> {
  @ParentCommand SparkCli cli;

  @Unmatched List<String> flags = new ArrayList<>();

  @Override
  public Integer call() {
    List<Row> rows = SweepJob.run(cli.session(), flags.toArray(String[]::new)).collectAsList();
    for (Row r : rows) {
      cli.out()
          .printf(
              Locale.ROOT,
              "%-8s %s steps=%d fd=%s kid=%s detection_rate=%s%s%n",
              r.getAs("status"),
              r.getAs("id"),
              (Long) r.getAs("steps_done"),
              r.getAs("fd"),
              r.getAs("kid"),
              r.getAs("detection_rate"),
              r.getAs("error") == null ? "" : " error: " + r.getAs("error"));
    }
    long failed = rows.stream().filter(r -> "failed".equals(r.getAs("status"))).count();
    cli.out().printf(Locale.ROOT, "%d runs, %d failed%n", rows.size(), failed);
    return failed == 0 ? 0 : 1;
  }
}
