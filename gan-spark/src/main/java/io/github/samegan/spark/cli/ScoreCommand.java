package io.github.samegan.spark.cli;

import io.github.samegan.spark.DetectorScoring;
import io.github.samegan.spark.DetectorSpec;
import io.github.samegan.spark.GanSpec;
import io.github.samegan.spark.GeneratedImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code samegan spark score}: the detection rate of a saved detector per source. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description =
        "Score images with a saved detector across Spark tasks: count, caught, rate and mean"
            + " P(fake) per source, to OUTPUT/scores.parquet and .csv. Sources: the sub-folders"
            + " of --images, the --source-column of --parquet, and each --run/--seeded GAN.")
final class ScoreCommand implements Callable<Integer> {
  @ParentCommand SparkCli cli;

  @Mixin GanOptions gan = new GanOptions();

  @Mixin JobOptions job = new JobOptions();

  @Option(
      names = "--detector",
      required = true,
      paramLabel = "URI",
      description = "detector.zip (samegan detect train) or its folder.")
  String detector;

  @Option(
      names = "--images",
      paramLabel = "URI",
      description = "A folder with one sub-folder of images (PNG, JPEG, …) per source.")
  String images;

  @Option(
      names = "--parquet",
      paramLabel = "URI",
      description = "A Parquet table of encoded images, one row per image.")
  String parquet;

  @Option(
      names = "--source-column",
      defaultValue = "source",
      description = "The table's source column (default: ${DEFAULT-VALUE}).")
  String sourceColumn;

  @Option(
      names = "--image-column",
      defaultValue = "image",
      description = "The table's binary image column (default: ${DEFAULT-VALUE}).")
  String imageColumn;

  @Option(
      names = "--count",
      defaultValue = "1000",
      description = "Images per GAN (default: ${DEFAULT-VALUE}).")
  long count;

  @Option(names = "--seed", defaultValue = "1", description = "Latent seed (default: 1).")
  long seed;

  @Option(names = "--output", required = true, paramLabel = "URI", description = "Output folder.")
  String output;

  @Override
  public Integer call() {
    SparkSession spark = cli.session();
    DetectorSpec spec = DetectorSpec.at(detector, spark.sparkContext().hadoopConfiguration());
    List<GeneratedImages> generated = new ArrayList<>();
    Map<String, GanSpec> gans = gan.gans(spark, spec.load().inputShape());
    gans.forEach((name, g) -> generated.add(new GeneratedImages(name, g, count, seed)));
    Dataset<Row> encoded = null;
    if (images != null) {
      encoded = DetectorScoring.folderImages(spark, images);
    }
    if (parquet != null) {
      Dataset<Row> t = DetectorScoring.parquetImages(spark, parquet, sourceColumn, imageColumn);
      encoded = encoded == null ? t : encoded.union(t);
    }
    Dataset<Row> rows =
        DetectorScoring.scoreAndWrite(spark, spec, encoded, generated, job.settings(spark), output);
    cli.out()
        .printf(
            Locale.ROOT, "%-40s %8s %8s %7s %8s%n", "source", "count", "caught", "rate", "mean p");
    for (Row r : rows.collectAsList()) {
      cli.out()
          .printf(
              Locale.ROOT,
              "%-40s %8d %8d %7.4f %8.4f%n",
              r.getString(0),
              r.getLong(1),
              r.getLong(2),
              r.getDouble(3),
              r.getDouble(4));
    }
    return 0;
  }
}
