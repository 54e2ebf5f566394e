package io.github.samegan.eval.metrics;

import io.github.samegan.core.io.TemporaryFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mean vector and covariance matrix of N feature vectors, the sufficient statistics of the Fréchet
 * distance, together with the {@link StatisticsKey} saying which images and which feature network
 * they describe.
 *
 * <p>The covariance is the unbiased sample covariance {@code Σ = 1/(N−1) Σ_n (x_n − μ)(x_n − μ)ᵀ},
 * as {@code numpy.cov(features, rowvar=False)} in pytorch-fid. It is accumulated batch by batch
 * with an {@link Accumulator} (Chan, Golub and LeVeque's pairwise update of centred sums), so
 * 10k–50k samples never need to be held at once: memory is one D×D matrix of doubles (32 MB for D =
 * 2048).
 *
 * <p>Instances are immutable; accessors return copies. {@link #save(Path)} writes a small binary
 * file (header with the key, N and D, then the mean and the upper triangle of Σ, then a CRC-32),
 * and {@link #load(Path, StatisticsKey)} refuses a file made for another key.
 */
public final class FeatureStatistics {
  private static final int MAGIC = 0x53474653; // "SGFS"
  private static final int VERSION = 1;

  private final StatisticsKey key;
  private final long count;
  private final double[] mean;
  private final double[] covariance; // D×D, row-major, exactly symmetric

  private FeatureStatistics(StatisticsKey key, long count, double[] mean, double[] covariance) {
    this.key = Objects.requireNonNull(key, "key");
    this.count = count;
    this.mean = mean;
    this.covariance = covariance;
  }

  /**
   * Statistics from explicit values (e.g. computed elsewhere).
   *
   * @param key what the statistics describe
   * @param count number of samples N, at least 2
   * @param mean mean vector μ of length D
   * @param covariance symmetric D×D covariance Σ (unbiased, divided by N−1)
   * @throws IllegalArgumentException on wrong shapes, non-finite values or an asymmetric Σ
   */
  public static FeatureStatistics of(
      StatisticsKey key, long count, double[] mean, double[][] covariance) {
    Objects.requireNonNull(mean, "mean");
    if (count < 2) {
      throw new IllegalArgumentException("count must be at least 2, found " + count);
    }
    int d = mean.length;
    if (d == 0) {
      throw new IllegalArgumentException("mean must have at least one element, found 0");
    }
    int cd = Matrices.requireMatrix(covariance, "covariance");
    if (cd != d || covariance.length != d) {
      throw new IllegalArgumentException(
          "covariance must be "
              + d
              + "x"
              + d
              + " to match the mean, found "
              + covariance.length
              + "x"
              + cd);
    }
    for (int i = 0; i < d; i++) {
      if (!Double.isFinite(mean[i])) {
        throw new IllegalArgumentException("mean[" + i + "] must be finite, found " + mean[i]);
      }
    }
    double[] flat = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double a = covariance[i][j];
        double b = covariance[j][i];
        double tol = 1e-9 * (Math.abs(a) + Math.abs(b)) + 1e-300;
        if (Math.abs(a - b) > tol) {
          throw new IllegalArgumentException(
              "covariance must be symmetric: ["
                  + i
                  + "]["
                  + j
                  + "] = "
                  + a
                  + " but ["
                  + j
                  + "]["
                  + i
                  + "] = "
                  + b);
        }
        flat[i * d + j] = 0.5 * (a + b);
      }
    }
    return new FeatureStatistics(key, count, mean.clone(), flat);
  }

  /** Statistics of all rows of {@code features} [N, D] (N ≥ 2), in one batch. */
  public static FeatureStatistics of(StatisticsKey key, double[][] features) {
    Accumulator acc = accumulator(Matrices.requireMatrix(features, "features"));
    acc.add(features);
    return acc.build(key);
  }

  /** Statistics of all rows of {@code features} [N, D] (N ≥ 2; any floating type), in one batch. */
  public static FeatureStatistics of(StatisticsKey key, INDArray features) {
    Objects.requireNonNull(features, "features");
    if (features.rank() != 2) {
      throw new IllegalArgumentException(
          "features must be a matrix [N, D], found shape "
              + java.util.Arrays.toString(features.shape()));
    }
    Accumulator acc = accumulator((int) features.size(1));
    acc.add(features);
    return acc.build(key);
  }

  /** A streaming accumulator for D-dimensional features. */
  public static Accumulator accumulator(int dimension) {
    return new Accumulator(dimension);
  }

  /** What these statistics describe. */
  public StatisticsKey key() {
    return key;
  }

  /**
   * Number of samples N; 0 when unknown (statistics read from another tool's pytorch-fid file,
   * which does not record N, see {@link PytorchFidStatistics}).
   */
  public long count() {
    return count;
  }

  /** Feature dimension D. */
  public int dimension() {
    return mean.length;
  }

  /** A copy of the mean vector μ. */
  public double[] mean() {
    return mean.clone();
  }

  /** A copy of the covariance matrix Σ (D×D, unbiased). */
  public double[][] covariance() {
    int d = mean.length;
    double[][] out = new double[d][];
    for (int i = 0; i < d; i++) {
      out[i] = java.util.Arrays.copyOfRange(covariance, i * d, (i + 1) * d);
    }
    return out;
  }

  /** Tr(Σ). */
  public double covarianceTrace() {
    int d = mean.length;
    double t = 0;
    for (int i = 0; i < d; i++) {
      t += covariance[i * d + i];
    }
    return t;
  }

  /** The same statistics under another key (e.g. after renaming a data set). */
  public FeatureStatistics withKey(StatisticsKey newKey) {
    return new FeatureStatistics(newKey, count, mean, covariance);
  }

  /**
   * Statistics read from a file: {@code count} may be 0 (unknown), {@code covariance} is D×D
   * row-major and already exactly symmetric; neither array is copied.
   */
  static FeatureStatistics fromFile(
      StatisticsKey key, long count, double[] mean, double[] covariance) {
    if (count < 0 || covariance.length != (long) mean.length * mean.length) {
      throw new IllegalArgumentException(
          "count " + count + " or covariance length " + covariance.length + " is invalid");
    }
    return new FeatureStatistics(key, count, mean, covariance);
  }

  double[] meanUnsafe() {
    return mean;
  }

  double[] covarianceUnsafe() {
    return covariance;
  }

  // ------------------------------------------------------------------------------------- file

  /**
   * Writes the statistics to {@code file} (through a temporary file and a rename, so a reader never
   * sees half a file). Layout, big-endian: magic {@code "SGFS"}, version, the four key strings
   * (modified UTF-8), N (long), D (int), μ (D doubles), the upper triangle of Σ row by row
   * (D(D+1)/2 doubles), CRC-32 of everything before it.
   *
   * @throws StatisticsFileException if the file cannot be written
   * @throws IllegalStateException if N is unknown (0), which this format cannot record
   */
  public void save(Path file) {
    Objects.requireNonNull(file, "file");
    if (count < 2) {
      throw new IllegalStateException(
          "these statistics have N = "
              + count
              + " (unknown); a .fstats file records N >= 2, save them with"
              + " PytorchFidStatistics.write instead");
    }
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      if (dir != null) {
        Files.createDirectories(dir);
      }
      tmp = TemporaryFiles.createIn(dir, file.getFileName().toString(), ".tmp");
      CRC32 crc = new CRC32();
      try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
          CheckedOutputStream checked = new CheckedOutputStream(raw, crc);
          DataOutputStream out = new DataOutputStream(checked)) {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(key.dataset());
        out.writeUTF(key.split());
        out.writeUTF(key.featureNetwork());
        out.writeUTF(key.preprocessing());
        out.writeLong(count);
        int d = mean.length;
        out.writeInt(d);
        for (double v : mean) {
          out.writeDouble(v);
        }
        for (int i = 0; i < d; i++) {
          for (int j = i; j < d; j++) {
            out.writeDouble(covariance[i * d + j]);
          }
        }
        out.flush();
        new DataOutputStream(raw).writeLong(crc.getValue());
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new StatisticsFileException(
          "Cannot write feature statistics to " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  /**
   * Reads statistics written by {@link #save(Path)}, whatever their key.
   *
   * @throws StatisticsFileException if the file is missing, not a statistics file, of an unknown
   *     version, truncated or corrupt (CRC mismatch)
   */
  public static FeatureStatistics load(Path file) {
    Objects.requireNonNull(file, "file");
    CRC32 crc = new CRC32();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        CheckedInputStream checked = new CheckedInputStream(raw, crc);
        DataInputStream in = new DataInputStream(checked)) {
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new StatisticsFileException(
            file
                + " is not a SameGAN feature-statistics file (magic 0x"
                + Integer.toHexString(magic)
                + ", expected 0x"
                + Integer.toHexString(MAGIC)
                + ")");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new StatisticsFileException(
            file
                + " has feature-statistics format version "
                + version
                + "; this build reads "
                + VERSION);
      }
      StatisticsKey key;
      try {
        key = new StatisticsKey(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF());
      } catch (IllegalArgumentException e) {
        throw new StatisticsFileException(file + " has an invalid key: " + e.getMessage(), e);
      }
      long count = in.readLong();
      int d = in.readInt();
      if (count < 2 || d < 1 || d > 65536) {
        throw new StatisticsFileException(
            file + " is corrupt: N = " + count + ", D = " + d + " (need N >= 2, 1 <= D <= 65536)");
      }
      double[] mean = new double[d];
      for (int i = 0; i < d; i++) {
        mean[i] = in.readDouble();
      }
      double[] cov = new double[d * d];
      for (int i = 0; i < d; i++) {
        for (int j = i; j < d; j++) {
          double v = in.readDouble();
          cov[i * d + j] = v;
          cov[j * d + i] = v;
        }
      }
      long expected = crc.getValue();
      long stored = new DataInputStream(raw).readLong();
      if (stored != expected) {
        throw new StatisticsFileException(
            file
                + " is corrupt: CRC-32 0x"
                + Long.toHexString(stored)
                + " stored, 0x"
                + Long.toHexString(expected)
                + " computed");
      }
      if (raw.read() != -1) {
        throw new StatisticsFileException(file + " is corrupt: trailing bytes after the CRC");
      }
      return new FeatureStatistics(key, count, mean, cov);
    } catch (NoSuchFileException e) {
      throw new StatisticsFileException("Feature statistics file " + file + " does not exist", e);
    } catch (EOFException e) {
      throw new StatisticsFileException(file + " is truncated", e);
    } catch (IOException e) {
      throw new StatisticsFileException(
          "Cannot read feature statistics from " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads statistics and checks that they were made for {@code expected}.
   *
   * @throws StatisticsMismatchException if the stored key differs from {@code expected}
   * @throws StatisticsFileException if the file is missing, unreadable or corrupt
   */
  public static FeatureStatistics load(Path file, StatisticsKey expected) {
    Objects.requireNonNull(expected, "expected");
    FeatureStatistics s = load(file);
    if (!s.key.equals(expected)) {
      throw new StatisticsMismatchException(
          file
              + " holds statistics for "
              + s.key
              + " but "
              + expected
              + " was expected; recompute the statistics with this feature network and"
              + " preprocessing (or delete the file)");
    }
    return s;
  }

  /**
   * Reads statistics, checking the key and the feature dimension.
   *
   * @throws StatisticsMismatchException if the key or the dimension differs
   */
  public static FeatureStatistics load(Path file, StatisticsKey expected, int dimension) {
    FeatureStatistics s = load(file, expected);
    if (s.dimension() != dimension) {
      throw new StatisticsMismatchException(
          file
              + " holds "
              + s.dimension()
              + "-dimensional statistics but the feature extractor"
              + " gives "
              + dimension
              + " dimensions");
    }
    return s;
  }

  @Override
  public String toString() {
    return "FeatureStatistics[" + key + ", N=" + count + ", D=" + mean.length + "]";
  }

  // ------------------------------------------------------------------------------ accumulator

  /**
   * Accumulates mean and covariance over batches of feature rows without keeping the rows.
   *
   * <p>Each batch B is reduced exactly (two passes: its mean {@code m_B}, then its centred scatter
   * {@code S_B = Σ (x − m_B)(x − m_B)ᵀ} by one double-precision matrix product); batches are merged
   * with Chan et al.'s update (1979, "Updating formulae and a pairwise algorithm for computing
   * sample variances"): with {@code δ = m_B − m_A} and {@code n = n_A + n_B}, {@code m = m_A + δ
   * n_B / n} and {@code S = S_A + S_B + δδᵀ n_A n_B / n}. Unlike the naive {@code E[xxᵀ] − μμᵀ}
   * this loses no precision when features have large means. Not thread-safe; {@link
   * #merge(Accumulator)} combines accumulators filled in parallel.
   */
  public static final class Accumulator {
    private final int d;
    private long n;
    private final double[] mean;
    private final double[] scatter; // D×D centred sum of outer products
    private INDArray product; // reused D×D output of the batch scatter product
    private double[] productValues;

    private Accumulator(int dimension) {
      if (dimension < 1) {
        throw new IllegalArgumentException("dimension must be at least 1, found " + dimension);
      }
      this.d = dimension;
      this.mean = new double[dimension];
      this.scatter = new double[dimension * dimension];
    }

    /** Feature dimension D. */
    public int dimension() {
      return d;
    }

    /** Number of rows added so far. */
    public long count() {
      return n;
    }

    /**
     * Adds the rows of a batch [B, D] (any floating type; computed in double).
     *
     * @throws IllegalArgumentException on a wrong shape or a non-finite value
     */
    public Accumulator add(INDArray batch) {
      Objects.requireNonNull(batch, "batch");
      if (batch.rank() != 2 || batch.size(1) != d) {
        throw new IllegalArgumentException(
            "batch must be [B, "
                + d
                + "], found shape "
                + java.util.Arrays.toString(batch.shape()));
      }
      int b = (int) batch.size(0);
      if (b == 0) {
        return this;
      }
      INDArray x = batch.castTo(DataType.DOUBLE);
      if (x == batch) {
        x = batch.dup('c');
      }
      double[] flat = Matrices.flatC(x);
      double[] bm = new double[d];
      for (int r = 0; r < b; r++) {
        int off = r * d;
        for (int j = 0; j < d; j++) {
          double v = flat[off + j];
          if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(
                "features must be finite: row "
                    + r
                    + " of this batch has "
                    + v
                    + " at column "
                    + j);
          }
          bm[j] += v;
        }
      }
      for (int j = 0; j < d; j++) {
        bm[j] /= b;
      }
      INDArray centred = x.subiRowVector(Nd4j.createFromArray(bm));
      if (product == null) {
        product = Nd4j.create(DataType.DOUBLE, new long[] {d, d}, 'c');
        productValues = new double[d * d];
      }
      Nd4j.gemm(centred, centred, product, true, false, 1.0, 0.0); // Xcᵀ Xc
      product.data().asNioDouble().get(productValues, 0, d * d);
      mergeMoments(b, bm, productValues);
      return this;
    }

    /** Adds the rows of a batch {@code double[B][D]}. */
    public Accumulator add(double[][] batch) {
      int cols = Matrices.requireMatrix(batch, "batch");
      if (cols != d) {
        throw new IllegalArgumentException(
            "batch must have " + d + " features per row, found " + cols);
      }
      return add(Matrices.toNd(batch));
    }

    /** Adds everything another accumulator of the same dimension has seen. */
    public Accumulator merge(Accumulator other) {
      Objects.requireNonNull(other, "other");
      if (other.d != d) {
        throw new IllegalArgumentException(
            "cannot merge a "
                + other.d
                + "-dimensional accumulator into a "
                + d
                + "-dimensional one");
      }
      if (other.n > 0) {
        mergeMoments(other.n, other.mean.clone(), other.scatter.clone());
      }
      return this;
    }

    private void mergeMoments(long nb, double[] meanB, double[] scatterB) {
      if (n == 0) {
        System.arraycopy(meanB, 0, mean, 0, d);
        System.arraycopy(scatterB, 0, scatter, 0, d * d);
        n = nb;
        return;
      }
      long total = n + nb;
      double[] delta = new double[d];
      for (int j = 0; j < d; j++) {
        delta[j] = meanB[j] - mean[j];
      }
      double w = (double) n * (double) nb / (double) total;
      double f = (double) nb / (double) total;
      for (int i = 0; i < d; i++) {
        double di = delta[i] * w;
        int off = i * d;
        for (int j = 0; j < d; j++) {
          scatter[off + j] += scatterB[off + j] + di * delta[j];
        }
      }
      for (int j = 0; j < d; j++) {
        mean[j] += delta[j] * f;
      }
      n = total;
    }

    /**
     * The statistics of everything added so far.
     *
     * @throws IllegalStateException if fewer than 2 rows were added
     */
    public FeatureStatistics build(StatisticsKey key) {
      Objects.requireNonNull(key, "key");
      if (n < 2) {
        throw new IllegalStateException(
            "need at least 2 feature rows for a covariance, found " + n);
      }
      double[] cov = new double[d * d];
      double denom = n - 1;
      for (int i = 0; i < d; i++) {
        for (int j = i; j < d; j++) {
          double v = 0.5 * (scatter[i * d + j] + scatter[j * d + i]) / denom;
          cov[i * d + j] = v;
          cov[j * d + i] = v;
        }
      }
      return new FeatureStatistics(key, n, mean.clone(), cov);
    }
  }
}
