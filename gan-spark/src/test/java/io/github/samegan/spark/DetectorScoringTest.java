package io.github.samegan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.samegan.core.ImageShape;
import io.github.samegan.core.train.Gan;
import io.github.samegan.data.ImageDataset;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.loaders.ImageFolderDataset;
import io.github.samegan.data.synthetic.ShapesDataset;
import io.github.samegan.detect.Detector;
import io.github.samegan.detect.DetectorFiles;
import io.github.samegan.detect.ImageSets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Detector scoring on local[2] against gan-detect's single-machine scoring of the same images: a
 * folder tree of PNGs, a Parquet table of PNG bytes and a GAN's samples.
 */
class DetectorScoringTest {
  static final ImageShape SHAPE = ImageShape.rgb(32);
  private static SparkSession spark;
  @TempDir static Path dir;
  private static Detector detector;
  private static DetectorSpec spec;
  private static final GanSpec GAN = GanSpec.seeded("mlp", "minimax", SHAPE, 5);

  @BeforeAll
  static void setUp() throws IOException {
    spark = SparkTestSession.start("DetectorScoringTest");
    // A tiny detector trained for a few steps (seconds): shapes against a seeded GAN's samples.
    Detector trained = TestNetworks.tinyDetector(GAN);
    writeFolder("shapes", ShapesDataset.generate(40, 32, 7));
    writeFolder("noise", noise(30, 8));
    // A threshold at the median of everything scored, so that counts are neither 0 nor all.
    double[] p =
        trained.probabilityFake(
            ImageFolderDataset.load(dir.resolve("images"), new ImageInfo(3, 32, 32)), 64);
    double[] sorted = p.clone();
    Arrays.sort(sorted);
    detector = trained.withThreshold(sorted[sorted.length / 2], "test: median");
    DetectorFiles.save(dir.resolve("det").resolve(DetectorFiles.FILE_NAME), detector);
    spec =
        DetectorSpec.at(dir.resolve("det").toString(), new org.apache.hadoop.conf.Configuration());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static ImageDataset noise(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] px = new byte[n * 3 * 32 * 32];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) rng.nextInt(256);
    }
    return io.github.samegan.data.InMemoryImageDataset.unlabelled(
        "noise", new ImageInfo(3, 32, 32), px);
  }

  private static byte[] png(ImageDataset d, int i) throws IOException {
    float[] v = new float[d.info().pixels()];
    d.copyImage(i, v, 0);
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    int plane = 32 * 32;
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        int o = y * 32 + x;
        int r = (int) Math.round((v[o] + 1) * 127.5);
        int g = (int) Math.round((v[plane + o] + 1) * 127.5);
        int b = (int) Math.round((v[2 * plane + o] + 1) * 127.5);
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static void writeFolder(String source, ImageDataset d) throws IOException {
    Path f = dir.resolve("images").resolve(source);
    Files.createDirectories(f);
    for (int i = 0; i < d.size(); i++) {
      Files.write(f.resolve(String.format("%03d.png", i)), png(d, i));
    }
  }

  /** gan-detect on one machine: the folder loaded whole, P(fake) of every image. */
  private static double[] singleMachine(String source) {
    return detector.probabilityFake(
        ImageFolderDataset.load(dir.resolve("images").resolve(source), new ImageInfo(3, 32, 32)),
        250);
  }

  private static void assertRow(Map<String, Row> rows, String source, double[] p) {
    Row r = rows.get(source);
    long caught = Arrays.stream(p).filter(detector::isFake).count();
    assertThat(r.getLong(1)).as(source + " count").isEqualTo(p.length);
    assertThat(r.getLong(2)).as(source + " caught").isEqualTo(caught);
    assertThat(r.getDouble(3)).isCloseTo((double) caught / p.length, within(1e-12));
    assertThat(r.getDouble(4))
        .as(source + " mean p")
        .isCloseTo(Arrays.stream(p).average().orElseThrow(), within(1e-9));
  }

  private static Map<String, Row> bySource(Dataset<Row> rows) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      m.put(r.getString(0), r);
    }
    return m;
  }

  @Test
  void distributedCountsEqualGanDetectsSingleMachineCounts() throws IOException {
    // The same PNGs again as a Parquet table under other source names.
    List<Row> table = new ArrayList<>();
    ImageDataset shapes = ShapesDataset.generate(40, 32, 7);
    for (int i = 0; i < 25; i++) {
      table.add(RowFactory.create("table-shapes", png(shapes, i), i));
    }
    StructType schema =
        new StructType(
            new StructField[] {
              DataTypes.createStructField("gen", DataTypes.StringType, false),
              DataTypes.createStructField("png", DataTypes.BinaryType, false),
              DataTypes.createStructField("index", DataTypes.IntegerType, false)
            });
    String parquet = dir.resolve("table.parquet").toUri().toString();
    spark.createDataFrame(table, schema).write().mode("overwrite").parquet(parquet);

    Dataset<Row> images =
        DetectorScoring.folderImages(spark, dir.resolve("images").toString())
            .union(DetectorScoring.parquetImages(spark, parquet, "gen", "png"));
    String out = dir.resolve("out").toString();
    Dataset<Row> rows =
        DetectorScoring.scoreAndWrite(
            spark,
            spec,
            images,
            List.of(new GeneratedImages("mlp-seeded", GAN, 45, 9)),
            new DistributedEvaluation.Settings(3, 16, 1),
            out);

    Map<String, Row> m = bySource(rows);
    assertThat(m).containsOnlyKeys("shapes", "noise", "table-shapes", "mlp-seeded");
    double[] shapesP = singleMachine("shapes");
    assertRow(m, "shapes", shapesP);
    assertRow(m, "noise", singleMachine("noise"));
    assertRow(m, "table-shapes", Arrays.copyOf(shapesP, 25));
    Gan gan = GAN.build();
    INDArray samples =
        gan.sample(
            DistributedEvaluation.latents(9, 0, 45, gan.generator().latentDim(), gan.dataType()));
    assertRow(
        m,
        "mlp-seeded",
        detector.probabilityFake(ImageSets.collect("g", List.of(samples).iterator(), 45), 250));
    // The median threshold splits the images: neither nothing nor everything is caught.
    long caught = rows.collectAsList().stream().mapToLong(r -> r.getLong(2)).sum();
    long count = rows.collectAsList().stream().mapToLong(r -> r.getLong(1)).sum();
    assertThat(caught).isStrictlyBetween(0L, count);

    // The CSV table: a header and one line per source.
    List<String> csv;
    try (Stream<Path> s = Files.list(Path.of(out, "scores.csv"))) {
      Path part =
          s.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
      csv = Files.readAllLines(part);
    }
    assertThat(csv.get(0)).isEqualTo("source,count,caught,rate,mean_p_fake");
    assertThat(csv).hasSize(5);
    assertThat(spark.read().parquet(Path.of(out, "scores.parquet").toString()).count())
        .isEqualTo(4);
  }

  @Test
  void refusesAGanOfAnotherShapeBeforeAnyTaskAndAMissingFolder() {
    GanSpec gray = GanSpec.seeded("mlp", "minimax", ImageShape.gray(32), 1);
    assertThatThrownBy(
            () ->
                DetectorScoring.score(
                    spark,
                    spec,
                    null,
                    List.of(new GeneratedImages("gray", gray, 4, 1)),
                    new DistributedEvaluation.Settings(2, 4, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'gray' generates 1x32x32")
        .hasMessageContaining("detector takes 3x32x32");
    assertThatThrownBy(() -> DetectorScoring.folderImages(spark, dir.resolve("missing").toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () ->
                DetectorSpec.at(
                        dir.resolve("nothing-here").toString(),
                        new org.apache.hadoop.conf.Configuration())
                    .load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no detector at");
  }

  @Test
  void anImageOfAnotherSizeIsAnErrorNamingIt() throws IOException {
    BufferedImage big = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(big, "png", out);
    Row r = RowFactory.create("s", "big.png", out.toByteArray());
    assertThatThrownBy(() -> DetectorScoring.scoreEncoded(List.of(r).iterator(), detector, 4))
        .hasMessageContaining("big.png is 40x40 pixels but exactly 32x32");
  }
}
