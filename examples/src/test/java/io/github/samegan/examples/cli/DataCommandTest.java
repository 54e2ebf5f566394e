package io.github.samegan.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.samegan.data.ImageInfo;
import io.github.samegan.data.InMemoryImageDataset;
import io.github.samegan.data.loaders.Cifar10Dataset;
import io.github.samegan.data.loaders.DatasetWriter;
import io.github.samegan.data.loaders.ImageFolderDataset;
import io.github.samegan.data.loaders.Split;
import io.github.samegan.data.synthetic.ShapesDataset;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code samegan data download} and {@code samegan data augment}, run in-process. */
class DataCommandTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SameGan.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  private static long countFiles(Path root, String suffix) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(suffix)).count();
    }
  }

  @Test
  void downloadOfflineSaysInOneLineWhatToFetchAndWhereToPutIt(@TempDir Path dir) throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String mirror = "http://127.0.0.1:" + closed + "/kriz/";
    Result r = run("data", "download", "cifar10", "--dir", dir.toString(), "--mirror", mirror);
    assertThat(r.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(r.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("samegan: cannot reach 127.0.0.1")
        .contains(
            "download " + mirror + "cifar-10-binary.tar.gz (MD5 c32a1d4ab5d03f1284b67883e8d87530)")
        .contains("place it at " + dir.resolve("cifar-10-binary.tar.gz"));
  }

  @Test
  void downloadRejectsAFileWithTheWrongChecksumAndDeletesIt(@TempDir Path dir) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] fake = "not the real CIFAR-100 archive".getBytes();
    server.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(200, fake.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(fake);
          }
        });
    server.start();
    try {
      String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      Result r = run("data", "download", "cifar100", "--dir", dir.toString(), "--mirror", mirror);
      assertThat(r.code()).isEqualTo(SameGan.EXIT_USAGE);
      assertThat(r.err())
          .startsWith("samegan: checksum mismatch for cifar-100-binary.tar.gz")
          .contains("expected 03b5dce01913d631647c71ecec9e9cb8")
          .contains("deleted the partial file")
          .doesNotContain("\tat ");
      try (Stream<Path> s = Files.list(dir)) {
        assertThat(s).isEmpty();
      }
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aMirrorMustBeAnHttpOrHttpsAddressAndTheMessageSaysSo(@TempDir Path dir) {
    for (String mirror :
        List.of("ftp://example.org/cifar/", "example.org/cifar/", "file:///tmp/")) {
      Result r = run("data", "download", "cifar10", "--dir", dir.toString(), "--mirror", mirror);
      assertThat(r.code()).as(mirror).isEqualTo(SameGan.EXIT_USAGE);
      assertThat(r.err().strip())
          .as(mirror)
          .isEqualTo(
              "samegan: --mirror must be an https:// or http:// folder address (https"
                  + " recommended; every file is checked against its published MD5 either way),"
                  + " found '"
                  + mirror
                  + "'");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new io.github.samegan.data.download.RemoteFile(
                    "ftp://example.org/a.bin", "a.bin", "0".repeat(32), -1))
        .hasMessageContaining("must be an https:// (or http://) address");
  }

  @Test
  void downloadOfADataSetAlreadyInPlaceDoesNothing(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("cifar-10-batches-bin");
    Files.createDirectories(folder);
    for (String f :
        List.of(
            "batches.meta.txt",
            "data_batch_1.bin",
            "data_batch_2.bin",
            "data_batch_3.bin",
            "data_batch_4.bin",
            "data_batch_5.bin",
            "test_batch.bin")) {
      Files.writeString(folder.resolve(f), "x");
    }
    Result r = run("data", "download", "cifar10", "--dir", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("nothing to do")
        .contains("already present")
        .contains("samegan train --dataset cifar10 --data-dir " + dir);

    Result unknown = run("data", "download", "imagenet");
    assertThat(unknown.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(unknown.err()).contains("'imagenet'").contains("cifar100, cifar10, fashion-mnist");
    assertThat(unknown.err().lines().count()).isEqualTo(1);
  }

  @Test
  void augmentWritesPngFoldersThatTrainWithAugmentReads(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("shapes-x3");
    Result r =
        run(
            "data",
            "augment",
            "--dataset",
            "shapes",
            "--limit",
            "40",
            "--factor",
            "3",
            "--augment",
            "hflip,crop:2,jitter:0.2,blur:0.1-1.0@0.5,jpeg:30-100@0.5",
            "--out",
            out.toString(),
            "--seed",
            "7");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Writing 120 images")
        .contains("(100%)")
        .contains("samegan train --dataset folder:" + out);
    assertThat(countFiles(out, ".png")).isEqualTo(120);
    assertThat(out.resolve("samegan-augment.txt"))
        .content()
        .contains("factor=3")
        .contains("seed=7");
    InMemoryImageDataset back = ImageFolderDataset.load(out, ImageInfo.rgb(32));
    assertThat(back.size()).isEqualTo(120);
    assertThat(back.numClasses()).isEqualTo(ShapesDataset.numClasses());

    // The same command writes the same files.
    Path again = dir.resolve("again");
    run(
        "data",
        "augment",
        "--dataset",
        "shapes",
        "--limit",
        "40",
        "--factor",
        "3",
        "--augment",
        "hflip,crop:2,jitter:0.2,blur:0.1-1.0@0.5,jpeg:30-100@0.5",
        "--out",
        again.toString(),
        "--seed",
        "7");
    InMemoryImageDataset back2 = ImageFolderDataset.load(again, ImageInfo.rgb(32));
    byte[] a = new byte[3072];
    byte[] b = new byte[3072];
    for (int i = 0; i < back.size(); i++) {
      back.copyPixels(i, a, 0);
      back2.copyPixels(i, b, 0);
      assertThat(b).containsExactly(a);
    }

    Result train =
        run(
            "train",
            "--dataset",
            "folder:" + out,
            "--model",
            "mlp",
            "--steps",
            "2",
            "--batch",
            "8",
            "--augment",
            "hflip,translate:0.125@0.5",
            "--out",
            dir.resolve("run").toString(),
            "--sample-every",
            "2",
            "--checkpoint-every",
            "2",
            "--progress-every",
            "1");
    assertThat(train.code()).as(train.err()).isZero();
    assertThat(train.out()).contains("step 2/2");

    Result badSpec =
        run(
            "train",
            "--dataset",
            "shapes",
            "--model",
            "mlp",
            "--steps",
            "1",
            "--augment",
            "hflip,blurr:2",
            "--out",
            dir.resolve("bad").toString());
    assertThat(badSpec.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(badSpec.err()).contains("'blurr:2'").contains("unknown operation");
  }

  @Test
  void augmentWritesCifarBinaryThatTheCifar10LoaderReads(@TempDir Path dir) throws Exception {
    // A 3-class folder data set of 3x32x32 images to enlarge.
    Path in = dir.resolve("in");
    InMemoryImageDataset shapes = ShapesDataset.generate(300, 3);
    int[] pick =
        java.util.stream.IntStream.range(0, 300)
            .filter(i -> shapes.label(i) < 3)
            .limit(12)
            .toArray();
    byte[] pixels = new byte[pick.length * 3072];
    int[] labels = new int[pick.length];
    for (int i = 0; i < pick.length; i++) {
      shapes.copyPixels(pick[i], pixels, i * 3072);
      labels[i] = shapes.label(pick[i]);
    }
    DatasetWriter.writePngFolder(
        InMemoryImageDataset.labelled(
            "few", ImageInfo.rgb(32), pixels, labels, shapes.classNames().subList(0, 3)),
        in,
        null);
    Path out = dir.resolve("cifar-x2");
    Result r =
        run(
            "data",
            "augment",
            "--dataset",
            "folder:" + in,
            "--factor",
            "2",
            "--format",
            "cifar",
            "--augment",
            "hflip,crop:4",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("samegan train --dataset cifar10 --data-dir " + out);
    InMemoryImageDataset back = Cifar10Dataset.load(out, Split.TRAIN);
    assertThat(back.size()).isEqualTo(24);
    InMemoryImageDataset source = ImageFolderDataset.load(in, ImageInfo.rgb(32));
    assertThat(back.classNames().subList(0, source.numClasses())).isEqualTo(source.classNames());
    byte[] a = new byte[3072];
    byte[] b = new byte[3072];
    for (int i = 0; i < 12; i++) {
      source.copyPixels(i, a, 0);
      back.copyPixels(i, b, 0);
      assertThat(b).containsExactly(a); // the originals come first, unchanged
      assertThat(back.label(i)).isEqualTo(source.label(i)).isEqualTo(back.label(12 + i));
    }
  }

  @Test
  void augmentMistakesGiveOneClearLine(@TempDir Path dir) throws Exception {
    Result badToken =
        run(
            "data",
            "augment",
            "--dataset",
            "shapes",
            "--augment",
            "hflip,jpeg:0-100",
            "--out",
            dir.resolve("a").toString());
    assertThat(badToken.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(badToken.err()).contains("'jpeg:0-100'").doesNotContain("\tat ");

    Result norm =
        run(
            "data",
            "augment",
            "--dataset",
            "shapes",
            "--augment",
            "hflip,norm:0.5:0.5",
            "--out",
            dir.resolve("b").toString());
    assertThat(norm.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(norm.err()).contains("norm").contains("8-bit");

    Path full = dir.resolve("full");
    Files.createDirectories(full);
    Files.writeString(full.resolve("keep.txt"), "mine");
    Result notEmpty = run("data", "augment", "--dataset", "shapes", "--out", full.toString());
    assertThat(notEmpty.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(notEmpty.err()).contains("not empty");

    Result cifarShapes =
        run(
            "data",
            "augment",
            "--dataset",
            "shapes",
            "--limit",
            "10",
            "--format",
            "cifar",
            "--out",
            dir.resolve("c").toString());
    assertThat(cifarShapes.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(cifarShapes.err()).contains("at most 10 classes").contains("PNG");

    Result noCommand = run("data");
    assertThat(noCommand.code()).isEqualTo(SameGan.EXIT_USAGE);
    assertThat(noCommand.err()).contains("data download").contains("data augment");
  }
}
