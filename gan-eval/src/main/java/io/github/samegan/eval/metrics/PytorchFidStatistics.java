package io.github.samegan.eval.metrics;

import io.github.samegan.data.npy.NpyArray;
import io.github.samegan.data.npy.NpyDtype;
import io.github.samegan.data.npy.NpyFormatException;
import io.github.samegan.data.npy.NpzReader;
import io.github.samegan.data.npy.NpzWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@link FeatureStatistics} in pytorch-fid's {@code .npz} layout, the reference-statistics format
 * of pytorch-fid ({@code --save-stats}), clean-fid ({@code make_custom_stats}) and TTUR's {@code
 * fid.py}: a numpy archive with {@code mu}, the mean (float64 [D]), and {@code sigma}, the unbiased
 * covariance (float64 [D, D]). Published reference statistics (e.g. {@code
 * fid_stats_cifar10_train.npz}) can be scored against, and statistics SameGAN computes can be
 * published for those tools.
 *
 * <p>The layout records neither N nor the feature network. The published files hold {@code pool_3}
 * features of the 2015 FID Inception network (D = 2048) computed by TensorFlow (TTUR) or by
 * pytorch-fid's port of it, each with its own resizing. SameGAN therefore writes four extra entries
 * that those tools ignore: {@code samegan_n} (int64 scalar) and the {@link StatisticsKey} as UTF-8
 * bytes ({@code |u1} arrays {@code samegan_dataset}, {@code samegan_split}, {@code
 * samegan_feature_network}, {@code samegan_preprocessing}; in numpy: {@code
 * bytes(f['samegan_split']).decode()}). A file without them (one written by another tool) is read
 * with N = 0 (unknown) and the key's feature network and preprocessing set to {@link
 * #NOT_RECORDED}: its feature space cannot be checked, only its dimension ({@link #read(Path,
 * int)}), and a caller comparing with it must say so.
 */
public final class PytorchFidStatistics {
  /** The dimension of the published statistics: {@code pool_3} of the FID Inception network. */
  public static final int INCEPTION_POOL3_DIMENSION = 2048;

  /** The feature network and preprocessing of a file that does not record them. */
  public static final String NOT_RECORDED = "not recorded in the file (pytorch-fid layout)";

  static final String MU = "mu";
  static final String SIGMA = "sigma";
  static final String N = "samegan_n";
  static final String DATASET = "samegan_dataset";
  static final String SPLIT = "samegan_split";
  static final String NETWORK = "samegan_feature_network";
  static final String PREPROCESSING = "samegan_preprocessing";

  private PytorchFidStatistics() {}

  /**
   * Writes {@code mu}, {@code sigma} and SameGAN's key entries to a {@code .npz} file (through a
   * temporary file and a rename).
   *
   * @throws StatisticsFileException if the file cannot be written
   */
  public static void write(FeatureStatistics statistics, Path file) {
    Objects.requireNonNull(statistics, "statistics");
    Objects.requireNonNull(file, "file");
    int d = statistics.dimension();
    StatisticsKey key = statistics.key();
    try (NpzWriter npz = NpzWriter.create(file)) {
      npz.write(MU, NpyArray.ofFloat64(statistics.meanUnsafe(), d));
      npz.write(SIGMA, NpyArray.ofFloat64(statistics.covarianceUnsafe(), d, d));
      npz.write(N, NpyArray.ofInt64(new long[] {statistics.count()}));
      npz.write(DATASET, text(key.dataset()));
      npz.write(SPLIT, text(key.split()));
      npz.write(NETWORK, text(key.featureNetwork()));
      npz.write(PREPROCESSING, text(key.preprocessing()));
    } catch (IOException | NpyFormatException e) {
      throw new StatisticsFileException(
          "Cannot write FID statistics to " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads statistics in pytorch-fid's layout. {@code mu} and {@code sigma} may be float64 or
   * float32 (clean-fid's {@code mu} is float32); {@code sigma} must be symmetric to rounding.
   *
   * @throws StatisticsFileException if the file is missing, not a {@code .npz} archive, holds no
   *     {@code mu}/{@code sigma} of matching shapes, or holds non-finite values
   */
  public static FeatureStatistics read(Path file) {
    Objects.requireNonNull(file, "file");
    try (NpzReader npz = NpzReader.open(file)) {
      if (!npz.contains(MU) || !npz.contains(SIGMA)) {
        throw new StatisticsFileException(
            file
                + " is not a FID statistics file: it holds "
                + npz.keys()
                + " but pytorch-fid's layout is 'mu' (mean, [D]) and 'sigma' (covariance, [D, D])");
      }
      NpyArray mu = npz.read(MU);
      if (mu.shape().length != 1 || mu.shape()[0] < 1 || !mu.dtype().isFloating()) {
        throw corrupt(file, "'mu' must be a float vector [D], found " + mu.header());
      }
      int d = (int) mu.shape()[0];
      if ((long) d * d * NpyDtype.FLOAT64.size() > NpyArray.DEFAULT_MAX_BYTES) {
        throw corrupt(file, "D = " + d + " is too large for a covariance held in memory");
      }
      NpyArray sigma = npz.read(SIGMA);
      if (!Arrays.equals(sigma.shape(), new long[] {d, d}) || !sigma.dtype().isFloating()) {
        throw corrupt(
            file, "'sigma' must be a float matrix [" + d + ", " + d + "], found " + sigma.header());
      }
      double[] mean = mu.toDoubles();
      double[] cov = sigma.toDoubles();
      for (int i = 0; i < d; i++) {
        if (!Double.isFinite(mean[i])) {
          throw corrupt(file, "mu[" + i + "] = " + mean[i]);
        }
      }
      double tolerance = sigma.dtype() == NpyDtype.FLOAT32 ? 1e-6 : 1e-9;
      for (int i = 0; i < d; i++) {
        for (int j = i; j < d; j++) {
          double a = cov[i * d + j];
          double b = cov[j * d + i];
          if (!Double.isFinite(a) || !Double.isFinite(b)) {
            throw corrupt(file, "sigma[" + i + ", " + j + "] is not finite");
          }
          if (Math.abs(a - b) > tolerance * (Math.abs(a) + Math.abs(b)) + 1e-300) {
            throw corrupt(
                file,
                "'sigma' is not symmetric: ["
                    + i
                    + ", "
                    + j
                    + "] = "
                    + a
                    + " but ["
                    + j
                    + ", "
                    + i
                    + "] = "
                    + b);
          }
          double v = 0.5 * (a + b);
          cov[i * d + j] = v;
          cov[j * d + i] = v;
        }
      }
      long count = 0;
      StatisticsKey key;
      boolean recorded =
          npz.contains(N)
              && npz.contains(DATASET)
              && npz.contains(SPLIT)
              && npz.contains(NETWORK)
              && npz.contains(PREPROCESSING);
      if (recorded) {
        long[] n = npz.read(N, 64).longs();
        if (n.length != 1 || n[0] < 0) {
          throw corrupt(file, "'" + N + "' must be one non-negative int64");
        }
        count = n[0];
        try {
          key =
              new StatisticsKey(
                  string(npz, DATASET),
                  string(npz, SPLIT),
                  string(npz, NETWORK),
                  string(npz, PREPROCESSING));
        } catch (IllegalArgumentException e) {
          throw corrupt(file, "its SameGAN key is invalid: " + e.getMessage());
        }
      } else {
        key =
            new StatisticsKey(
                file.getFileName().toString(),
                "pytorch-fid statistics",
                NOT_RECORDED,
                NOT_RECORDED);
      }
      return FeatureStatistics.fromFile(key, count, mean, cov);
    } catch (NpyFormatException e) {
      throw new StatisticsFileException(e.getMessage(), e);
    } catch (IOException e) {
      throw new StatisticsFileException(
          "Cannot read FID statistics from " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads statistics and checks their dimension against the feature network's.
   *
   * @throws StatisticsMismatchException if the file's D differs from {@code dimension}
   */
  public static FeatureStatistics read(Path file, int dimension) {
    FeatureStatistics s = read(file);
    if (s.dimension() != dimension) {
      throw new StatisticsMismatchException(
          file
              + " holds "
              + s.dimension()
              + "-dimensional statistics but the feature network gives "
              + dimension
              + "-dimensional features"
              + (s.dimension() == INCEPTION_POOL3_DIMENSION
                  ? "; published pytorch-fid/clean-fid/TTUR statistics are Inception pool_3"
                      + " features (D = 2048): score against them with --features"
                      + " inception:classify_image_graph_def.pb"
                  : "")
              + (recordsKey(s)
                  ? " (the file was made with " + s.key().featureNetwork() + ")"
                  : ""));
    }
    return s;
  }

  /** Whether the statistics came with SameGAN's key, rather than from another tool's file. */
  public static boolean recordsKey(FeatureStatistics statistics) {
    return !NOT_RECORDED.equals(statistics.key().featureNetwork());
  }

  private static NpyArray text(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return NpyArray.ofUint8(b, b.length);
  }

  private static String string(NpzReader npz, String key) throws IOException {
    NpyArray a = npz.read(key, 1 << 16);
    if (a.dtype() != NpyDtype.UINT8 || a.shape().length != 1) {
      throw new NpyFormatException(
          npz.file() + ": '" + key + "' must be UTF-8 bytes (|u1 [n]), found " + a.header());
    }
    return new String(a.bytes(), StandardCharsets.UTF_8);
  }

  private static StatisticsFileException corrupt(Path file, String why) {
    return new StatisticsFileException(file + " is not a valid FID statistics file: " + why);
  }
}
