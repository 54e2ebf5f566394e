package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.samegan.core.graph.Rng;
import io.github.samegan.data.npy.NpyArray;
import io.github.samegan.data.npy.NpyDtype;
import io.github.samegan.data.npy.NpyHeader;
import io.github.samegan.data.npy.NpzReader;
import io.github.samegan.eval.metrics.FeatureStatistics;
import io.github.samegan.eval.metrics.FrechetDistance;
import io.github.samegan.eval.metrics.PytorchFidStatistics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code samegan sample --format png-dir|npz} and {@code samegan evaluate} on what it writes: the
 * folder, the {@code .npz} and the checkpoint are the same images and score the same FD, and FID
 * statistics round-trip through pytorch-fid's layout.
 */
class SampleExportTest {
  @TempDir static Path dir;
  static Path classifier;
  static Path run;

  @BeforeAll
  static void classifierAndCheckpoint() throws Exception {
    classifier = EvaluateCommandTest.tinyClassifier(dir.resolve("tiny.zip"));
    run = dir.resolve("run");
    CliTest.Result r =
        CliTest.run(
            "train",
            "--dataset",
            "shapes",
            "--model",
            "mlp",
            "--steps",
            "2",
            "--batch",
            "16",
            "--out",
            run.toString(),
            "--progress-every",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
  }

  static CliTest.Result ok(String... args) {
    CliTest.Result r = CliTest.run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
    return r;
  }

  static int[] rgbOf(Path png) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
  }

  @Test
  void aFolderAndAnArchiveHoldTheSameImagesWithTheirRecordAndLatents() throws Exception {
    Path npz = dir.resolve("a/samples.npz");
    Path folder = dir.resolve("a/samples-png");
    CliTest.Result r =
        ok(
            "sample",
            "--checkpoint",
            run.toString(),
            "--format",
            "npz",
            "--n",
            "37",
            "--batch",
            "16",
            "--seed",
            "5",
            "--out",
            npz.toString(),
            "--save-latents");
    assertThat(r.out()).contains("Wrote 37 samples");
    ok(
        "sample",
        "--checkpoint",
        run.toString(),
        "--format",
        "png-dir",
        "--n",
        "37",
        "--batch",
        "10",
        "--seed",
        "5",
        "--out",
        folder.toString());

    byte[] pixels;
    try (NpzReader z = NpzReader.open(npz)) {
      assertThat(z.keys()).containsExactly("arr_0");
      assertThat(z.header("arr_0")).isEqualTo(NpyHeader.of(NpyDtype.UINT8, 37, 32, 32, 3));
      pixels = z.read("arr_0").bytes();
    }
    List<Path> pngs;
    try (Stream<Path> s = Files.list(folder)) {
      pngs = s.sorted().toList();
    }
    assertThat(pngs).hasSize(37);
    assertThat(pngs.get(0).getFileName().toString()).isEqualTo("000000.png");
    assertThat(pngs.get(36).getFileName().toString()).isEqualTo("000036.png");
    int per = 32 * 32 * 3;
    for (int i = 0; i < 37; i++) {
      int[] rgb = rgbOf(pngs.get(i));
      for (int p = 0; p < 32 * 32; p++) {
        int q = i * per + 3 * p;
        int want = (pixels[q] & 0xFF) << 16 | (pixels[q + 1] & 0xFF) << 8 | (pixels[q + 2] & 0xFF);
        assertThat(rgb[p] & 0xFFFFFF).as("image %d pixel %d", i, p).isEqualTo(want);
      }
    }
    // Not a constant image set: the generator's samples differ.
    assertThat(Files.readAllBytes(pngs.get(0))).isNotEqualTo(Files.readAllBytes(pngs.get(1)));

    JsonNode rec = new ObjectMapper().readTree(dir.resolve("a/samples.json").toFile());
    assertThat(rec.get("format").asText()).isEqualTo("npz");
    assertThat(rec.get("n").asInt()).isEqualTo(37);
    assertThat(rec.get("seed").asLong()).isEqualTo(5);
    assertThat(rec.get("model").asText()).isEqualTo("mlp");
    assertThat(rec.get("step").asLong()).isEqualTo(2);
    assertThat(rec.get("array").asText()).isEqualTo("arr_0");
    assertThat(rec.get("latents_file").asText()).isEqualTo("samples.latents.npy");
    assertThat(rec.get("checkpoint").asText()).endsWith("last.ckpt");
    JsonNode recPng = new ObjectMapper().readTree(dir.resolve("a/samples-png.json").toFile());
    assertThat(recPng.get("format").asText()).isEqualTo("png-dir");
    assertThat(recPng.get("latents_file").isNull()).isTrue();

    NpyArray z = NpyArray.read(dir.resolve("a/samples.latents.npy"));
    int latentDim = (int) z.shape()[1];
    assertThat(z.shape()).containsExactly(37, latentDim);
    float[] expected = new Rng(5).gaussian(DataType.FLOAT, 37, latentDim).dup('c').data().asFloat();
    assertThat(z.floats()).containsExactly(expected);

    // An export never mixes with older images, and the grid stays the default.
    CliTest.Result again =
        CliTest.run(
            "sample",
            "--checkpoint",
            run.toString(),
            "--format",
            "png-dir",
            "--n",
            "3",
            "--out",
            folder.toString(),
            "--save-latents");
    assertThat(again.code()).isNotZero();
    assertThat(again.err()).contains("already holds images");
    assertThat(dir.resolve("a/samples-png.latents.npy")).doesNotExist();
    CliTest.Result notNpz =
        CliTest.run(
            "sample",
            "--checkpoint",
            run.toString(),
            "--format",
            "npz",
            "--n",
            "3",
            "--out",
            dir.resolve("a/x.zip").toString());
    assertThat(notNpz.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(notNpz.err()).contains("ending in .npz");
    CliTest.Result bigGrid =
        CliTest.run("sample", "--checkpoint", run.toString(), "--n", "5000", "--out", "g.png");
    assertThat(bigGrid.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(bigGrid.err()).contains("use --format png-dir or --format npz");
    Path grid = dir.resolve("a/grid.png");
    ok("sample", "--checkpoint", run.toString(), "--n", "4", "--out", grid.toString());
    assertThat(ImageIO.read(grid.toFile()).getWidth()).isGreaterThan(64);

    // numpy, when this machine has it, loads the archive to the same bytes.
    String numpy = numpyDigest(npz);
    if (numpy != null) {
      assertThat(numpy)
          .isEqualTo(
              "(37, 32, 32, 3) uint8 "
                  + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pixels)));
    }
  }

  /**
   * What {@code np.load(npz)["arr_0"]} is (shape, dtype, SHA-256 of its C-order bytes), or {@code
   * null} when python3 with numpy is not installed (the committed resources of gan-data's
   * NpyFormatTest check the codec against numpy without it).
   */
  static String numpyDigest(Path npz) throws Exception {
    String script =
        "import hashlib, sys\n"
            + "import numpy as np\n"
            + "a = np.load(sys.argv[1])['arr_0']\n"
            + "print(tuple(a.shape), a.dtype, hashlib.sha256(np.ascontiguousarray(a).tobytes())"
            + ".hexdigest())\n";
    Process p;
    try {
      p =
          new ProcessBuilder("python3", "-c", script, npz.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      return null; // no python3
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return null;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.exitValue() != 0) {
      if (out.contains("No module named 'numpy'")) {
        return null;
      }
      throw new AssertionError("numpy could not load " + npz + ":\n" + out);
    }
    return out;
  }

  static double fd(Path report) throws IOException {
    return new ObjectMapper().readTree(report.toFile()).at("/fd").asDouble();
  }

  @Test
  void theCheckpointItsFolderAndItsArchiveScoreTheSameAndStatisticsRoundTrip() throws Exception {
    Path npz = dir.resolve("b/e.npz");
    Path folder = dir.resolve("b/e");
    ok(
        "sample",
        "--checkpoint",
        run.toString(),
        "--format",
        "npz",
        "--n",
        "64",
        "--seed",
        "3",
        "--out",
        npz.toString());
    ok(
        "sample",
        "--checkpoint",
        run.toString(),
        "--format",
        "png-dir",
        "--n",
        "64",
        "--seed",
        "3",
        "--batch",
        "7",
        "--out",
        folder.toString());
    String[] common = {
      "--reference",
      "shapes:test",
      "--n",
      "64",
      "--batch",
      "16",
      "--seed",
      "3",
      "--features",
      "classifier:" + classifier,
      "--kid-subsets",
      "2"
    };
    Path refStats = dir.resolve("b/ref.npz");
    Path genStats = dir.resolve("b/gen.npz");
    Path[] reports = {
      dir.resolve("b/ckpt.json"), dir.resolve("b/npz.json"), dir.resolve("b/folder.json")
    };
    ok(
        concat(
            common,
            "evaluate",
            "--checkpoint",
            run.toString(),
            "--out",
            reports[0].toString(),
            "--save-stats",
            genStats.toString(),
            "--save-reference-stats",
            refStats.toString()));
    ok(concat(common, "evaluate", "--images", npz.toString(), "--out", reports[1].toString()));
    ok(concat(common, "evaluate", "--images", folder.toString(), "--out", reports[2].toString()));
    double ckpt = fd(reports[0]);
    assertThat(ckpt).isPositive();
    assertThat(fd(reports[1])).as("npz vs checkpoint").isCloseTo(ckpt, within(1e-9 * ckpt));
    assertThat(fd(reports[2])).as("folder vs checkpoint").isCloseTo(ckpt, within(1e-9 * ckpt));

    // The statistics files hold what was scored: reading them back gives the same FD.
    FeatureStatistics ref = PytorchFidStatistics.read(refStats);
    FeatureStatistics gen = PytorchFidStatistics.read(genStats);
    assertThat(ref.count()).isEqualTo(64);
    assertThat(FrechetDistance.compute(ref, gen)).isCloseTo(ckpt, within(1e-12));
    try (NpzReader z = NpzReader.open(refStats)) {
      assertThat(z.header("mu").descr()).isEqualTo("<f8");
      assertThat(z.header("sigma").shape()).containsExactly(ref.dimension(), ref.dimension());
    }
    // ... and scoring against the reference statistics file gives the same FD, FD only.
    Path fromStats = dir.resolve("b/stats.json");
    CliTest.Result r =
        ok(
            "evaluate",
            "--images",
            npz.toString(),
            "--reference",
            refStats.toString(),
            "--n",
            "64",
            "--batch",
            "16",
            "--seed",
            "3",
            "--features",
            "classifier:" + classifier,
            "--out",
            fromStats.toString());
    assertThat(fd(fromStats)).isCloseTo(ckpt, within(1e-12));
    assertThat(r.out()).contains("KID skipped");

    // Statistics of another feature network are refused by name.
    CliTest.Result wrong =
        CliTest.run(
            "evaluate",
            "--images",
            npz.toString(),
            "--reference",
            dir.resolve("b/missing.npz").toString(),
            "--features",
            "classifier:" + classifier,
            "--out",
            dir.resolve("b/x.json").toString());
    assertThat(wrong.code()).isNotZero();
    assertThat(wrong.err()).contains("Statistics file not found");
    Path other = Files.copy(classifier, dir.resolve("b/other.zip"));
    CliTest.Result otherNetwork =
        CliTest.run(
            "evaluate",
            "--images",
            npz.toString(),
            "--reference",
            refStats.toString(),
            "--features",
            "classifier:" + other,
            "--out",
            dir.resolve("b/y.json").toString());
    assertThat(otherNetwork.code()).isNotZero();
    assertThat(otherNetwork.err())
        .contains("ref.npz holds statistics of classifier:tiny.zip")
        .contains("--features gives classifier:other.zip");
  }

  static String[] concat(String[] tail, String... head) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  @Test
  void aConditionalModelWritesAFolderPerClassAndLabelsInTheArchive() throws Exception {
    Path cond = dir.resolve("cond");
    ok(
        "train",
        "--dataset",
        "shapes",
        "--model",
        "cdcgan",
        "--steps",
        "1",
        "--batch",
        "8",
        "--out",
        cond.toString());
    Path folder = dir.resolve("c/per-class");
    ok(
        "sample",
        "--checkpoint",
        cond.toString(),
        "--format",
        "png-dir",
        "--per-class",
        "2",
        "--out",
        folder.toString());
    try (Stream<Path> s = Files.list(folder)) {
      List<String> classes = s.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(classes).hasSize(16).startsWith("class_00", "class_01").endsWith("class_15");
    }
    try (Stream<Path> s = Files.list(folder.resolve("class_01"))) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("000002.png", "000003.png");
    }
    Path npz = dir.resolve("c/cond.npz");
    ok(
        "sample",
        "--checkpoint",
        cond.toString(),
        "--format",
        "npz",
        "--n",
        "20",
        "--out",
        npz.toString());
    try (NpzReader z = NpzReader.open(npz)) {
      assertThat(z.keys()).containsExactly("arr_0", "labels");
      long[] labels = z.read("labels").longs();
      assertThat(labels).hasSize(20);
      for (int i = 0; i < 20; i++) {
        assertThat(labels[i]).isEqualTo(i % 16);
      }
    }
    JsonNode rec = new ObjectMapper().readTree(dir.resolve("c/cond.json").toFile());
    assertThat(rec.get("classes").asText()).isEqualTo("i mod 16");
    assertThat(rec.get("num_classes").asInt()).isEqualTo(16);
  }
}
