package io.github.samegan.data.download;

import java.util.List;

/**
 * The official download locations and published MD5 checksums of the data sets that {@code samegan
 * data download} fetches. Each leaves exactly the folder its loader expects in the data directory.
 *
 * <p>Which data set names download which source is recorded in the data set registry: {@link
 * io.github.samegan.data.registry.DatasetRegistry#source(String)} finds the source of a name.
 */
public final class DatasetSources {

  /**
   * CIFAR-10, binary version (Krizhevsky 2009), from <a
   * href="https://www.cs.toronto.edu/~kriz/cifar.html">cs.toronto.edu/~kriz/cifar.html</a>:
   * extracts to {@code cifar-10-batches-bin/}.
   */
  public static final DatasetSource CIFAR10 =
      new DatasetSource(
          "cifar10",
          List.of(
              new RemoteFile(
                  "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
                  "cifar-10-binary.tar.gz",
                  "c32a1d4ab5d03f1284b67883e8d87530",
                  -1)),
          Packaging.TAR_GZ,
          "cifar-10-batches-bin",
          List.of(
              "batches.meta.txt",
              "data_batch_1.bin",
              "data_batch_2.bin",
              "data_batch_3.bin",
              "data_batch_4.bin",
              "data_batch_5.bin",
              "test_batch.bin"),
          "");

  /** CIFAR-100, binary version, from the same page: extracts to {@code cifar-100-binary/}. */
  public static final DatasetSource CIFAR100 =
      new DatasetSource(
          "cifar100",
          List.of(
              new RemoteFile(
                  "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz",
                  "cifar-100-binary.tar.gz",
                  "03b5dce01913d631647c71ecec9e9cb8",
                  -1)),
          Packaging.TAR_GZ,
          "cifar-100-binary",
          List.of("train.bin", "test.bin", "fine_label_names.txt", "coarse_label_names.txt"),
          "");

  private static final String FASHION_BASE =
      "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/";

  /**
   * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017), the four gzipped IDX files from the <a
   * href="https://github.com/zalandoresearch/fashion-mnist">zalandoresearch/fashion-mnist</a>
   * repository, stored in {@code fashion-mnist/}.
   */
  public static final DatasetSource FASHION_MNIST =
      new DatasetSource(
          "fashion-mnist",
          List.of(
              new RemoteFile(
                  FASHION_BASE + "train-images-idx3-ubyte.gz",
                  "train-images-idx3-ubyte.gz",
                  "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                  -1),
              new RemoteFile(
                  FASHION_BASE + "train-labels-idx1-ubyte.gz",
                  "train-labels-idx1-ubyte.gz",
                  "25c81989df183df01b3e8a0aad5dffbe",
                  -1),
              new RemoteFile(
                  FASHION_BASE + "t10k-images-idx3-ubyte.gz",
                  "t10k-images-idx3-ubyte.gz",
                  "bef4ecab320f06d8554ea6380940ec79",
                  -1),
              new RemoteFile(
                  FASHION_BASE + "t10k-labels-idx1-ubyte.gz",
                  "t10k-labels-idx1-ubyte.gz",
                  "bb300cfdad3c16e7a12a480ee83cd310",
                  -1)),
          Packaging.FILES,
          "fashion-mnist",
          List.of(
              "train-images-idx3-ubyte.gz",
              "train-labels-idx1-ubyte.gz",
              "t10k-images-idx3-ubyte.gz",
              "t10k-labels-idx1-ubyte.gz"),
          "or, on Debian, apt-get install dataset-fashion-mnist");

  private DatasetSources() {}
}
