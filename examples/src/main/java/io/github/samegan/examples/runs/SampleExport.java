package io.github.samegan.examples.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.samegan.core.ImageShape;
import io.github.samegan.core.SameGanException;
import io.github.samegan.core.train.Gan;
import io.github.samegan.data.npy.NpyDtype;
import io.github.samegan.data.npy.NpyHeader;
import io.github.samegan.data.npy.NpyWriter;
import io.github.samegan.data.npy.NpzWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongToIntFunction;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes N samples of a generator as individual 8-bit images, the inputs Python's evaluation tools
 * take: a folder of PNG files named by index ({@code 000000.png}, ...; what pytorch-fid, clean-fid
 * and torch-fidelity read) or one {@code .npz} archive holding {@code arr_0}, {@code uint8 [N, H,
 * W, C]} (what {@code np.load(path)["arr_0"]} gives, the layout of OpenAI's guided-diffusion
 * evaluator). Images are drawn from a {@link SampleStream} and written batch by batch, so memory
 * does not grow with N. Beside the output, {@code BASE.json} records how the images were made
 * (seed, N, model, checkpoint and step, the class of each image, how latents are drawn) and, on
 * request, {@code BASE.latents.npy} holds the latent vectors ({@code float32 [N, latentDim]}),
 * where BASE is the output path without {@code .npz}.
 */
public final class SampleExport {
  /** How the images are stored. */
  public enum Format {
    /** PNG files named by index, in one folder or a folder per class. */
    PNG_DIR("png-dir"),
    /** One {@code .npz} archive: {@code arr_0} uint8 [N, H, W, C] (and {@code labels}). */
    NPZ("npz");

    private final String name;

    Format(String name) {
      this.name = name;
    }

    /** The name on the command line. */
    public String cliName() {
      return name;
    }
  }

  /** The array that holds the images in a {@code .npz} archive. */
  public static final String IMAGES_KEY = "arr_0";

  /** The array that holds the classes of a conditional model's images ({@code int64 [N]}). */
  public static final String LABELS_KEY = "labels";

  /** What was written. */
  public record Result(Path images, Path record, Path latents, long count, ImageShape shape) {}

  /**
   * The classes of a conditional model's images.
   *
   * @param classOf the class of image {@code i}
   * @param rule how it is chosen, in words (recorded)
   * @param folders whether a {@link Format#PNG_DIR} export puts each class in its own folder
   */
  public record Classes(LongToIntFunction classOf, String rule, boolean folders) {
    /** Class {@code i mod K}: the classes take turns. */
    public static Classes cycling(int k) {
      return new Classes(i -> (int) (i % k), "i mod " + k, false);
    }

    /** Every image of class {@code c}. */
    public static Classes fixed(int c) {
      return new Classes(i -> c, "all " + c, false);
    }

    /** {@code perClass} images of class 0, then of class 1, ...; a folder per class. */
    public static Classes blocks(int perClass) {
      return new Classes(
          i -> (int) (i / perClass), "i / " + perClass + " (folder per class)", true);
    }
  }

  private final Gan gan;
  private final Format format;
  private final Path out;
  private final long count;
  private final long seed;
  private final int batch;
  private final Classes classes;
  private final boolean saveLatents;
  private final Map<String, Object> provenance;
  private Conditioning conditioning;
  private double[] continuous;

  /**
   * An export.
   *
   * @param classes the classes of a conditional model ({@code null}: {@link Classes#cycling}); must
   *     be {@code null} for an unconditional one
   * @param provenance extra fields for the record (model, checkpoint, step, ...), in order
   */
  public SampleExport(
      Gan gan,
      Format format,
      Path out,
      long count,
      long seed,
      int batch,
      Classes classes,
      boolean saveLatents,
      Map<String, Object> provenance) {
    this.gan = Objects.requireNonNull(gan, "gan");
    this.format = Objects.requireNonNull(format, "format");
    this.out = Objects.requireNonNull(out, "out");
    if (count < 1 || count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "the number of images must be in [1, " + Integer.MAX_VALUE + "], found " + count);
    }
    if (batch < 1 || batch > 4096) {
      throw new IllegalArgumentException("batch must be in [1, 4096], found " + batch);
    }
    int k = gan.numClasses();
    if (classes != null && k == 0) {
      throw new IllegalArgumentException(
          "classes were given but the model is unconditional (it has no classes)");
    }
    this.classes = classes == null && k > 0 ? Classes.cycling(k) : classes;
    this.count = count;
    this.seed = seed;
    this.batch = batch;
    this.saveLatents = saveLatents;
    this.provenance = new LinkedHashMap<>(provenance == null ? Map.of() : provenance);
    if (format == Format.NPZ
        && !out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
      throw new IllegalArgumentException(
          "--format npz writes one .npz archive: give --out a name ending in .npz, found " + out);
    }
  }

  /**
   * Names the model's condition in folder names and the record as what it is: an InfoGAN's
   * categorical code writes {@code code_3/} folders and {@code codes}/{@code num_codes} in the
   * record (a class-conditional model keeps {@code class_3/}, {@code classes}/{@code num_classes}),
   * and fixes its continuous codes, the first entries of z, to {@code continuous} ({@code null}:
   * drawn with the rest of z).
   *
   * @return this export
   */
  public SampleExport conditionedOn(Conditioning conditioning, double[] continuous) {
    this.conditioning = Objects.requireNonNull(conditioning, "conditioning");
    this.continuous = continuous == null ? null : continuous.clone();
    return this;
  }

  private boolean codes() {
    return conditioning != null && conditioning.codes();
  }

  /** The path everything beside the output is named after: the output without {@code .npz}. */
  public static Path base(Path out) {
    String name = out.getFileName().toString();
    if (name.toLowerCase(Locale.ROOT).endsWith(".npz")) {
      name = name.substring(0, name.length() - 4);
    }
    return out.resolveSibling(name);
  }

  /** The record written beside the output: {@code BASE.json}. */
  public static Path recordOf(Path out) {
    return base(out).resolveSibling(base(out).getFileName() + ".json");
  }

  /** The latent vectors written beside the output on request: {@code BASE.latents.npy}. */
  public static Path latentsOf(Path out) {
    return base(out).resolveSibling(base(out).getFileName() + ".latents.npy");
  }

  /** The file name of image {@code i} of {@code n} in a PNG folder: at least six digits. */
  public static String fileName(long i, long n) {
    int digits = Math.max(6, Long.toString(Math.max(n - 1, 0)).length());
    return String.format(Locale.ROOT, "%0" + digits + "d.png", i);
  }

  /** The folder of class {@code c} of {@code k} in a per-class PNG export. */
  public static String classFolder(int c, int k) {
    return labelFolder("class", c, k);
  }

  /** The folder of value {@code c} of {@code k} of a {@code word} ("class", "code"). */
  static String labelFolder(String word, int c, int k) {
    int digits = Long.toString(Math.max(k - 1, 0)).length();
    return String.format(Locale.ROOT, "%s_%0" + digits + "d", word, c);
  }

  /**
   * Generates and writes the images.
   *
   * @throws SameGanException if a PNG folder already holds image files (an export never mixes with
   *     older images)
   */
  public Result write() throws IOException {
    if (format == Format.PNG_DIR) {
      checkFolder(); // before anything is written
    }
    ImageShape shape;
    SampleStream stream =
        classes == null
            ? new SampleStream(gan, seed, batch, count, (Integer) null)
            : new SampleStream(gan, seed, batch, count, classes.classOf());
    stream.fixFirstLatents(continuous);
    Path latentsFile = saveLatents ? latentsOf(out) : null;
    long latentDim = gan.generator().latentDim();
    try (NpyWriter latents =
        saveLatents
            ? NpyWriter.create(latentsFile, NpyHeader.of(NpyDtype.FLOAT32, count, latentDim))
            : null) {
      if (format == Format.PNG_DIR) {
        shape = writeFolder(stream, latents);
      } else {
        shape = writeArchive(stream, latents);
      }
    }
    Path record = recordOf(out);
    writeRecord(record, shape, latentsFile);
    return new Result(out, record, latentsFile, count, shape);
  }

  /** Refuses a PNG folder that already holds images, or a file where the folder should be. */
  private void checkFolder() throws IOException {
    if (Files.isDirectory(out)) {
      try (Stream<Path> s = Files.walk(out)) {
        List<Path> images =
            s.filter(Files::isRegularFile)
                .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                .limit(1)
                .toList();
        if (!images.isEmpty()) {
          throw new SameGanException(
              "The output folder "
                  + out
                  + " already holds images (e.g. "
                  + images.get(0)
                  + "); give --out a new or empty folder so that old and new samples do not mix");
        }
      }
    } else if (Files.exists(out)) {
      throw new SameGanException(
          "--format png-dir writes a folder but " + out + " is a file; give --out a folder");
    }
  }

  private ImageShape writeFolder(SampleStream stream, NpyWriter latents) throws IOException {
    Files.createDirectories(out);
    boolean folders = classes != null && classes.folders();
    ImageShape shape = null;
    while (stream.hasNext()) {
      long first = stream.produced();
      INDArray images = stream.next();
      shape = shapeOf(images);
      byte[] hwc = ImageBytes.toHwc(images);
      int b = (int) images.size(0);
      int per = shape.channels() * shape.height() * shape.width();
      for (int j = 0; j < b; j++) {
        long i = first + j;
        Path dir = out;
        if (folders) {
          dir =
              out.resolve(
                  labelFolder(codes() ? "code" : "class", stream.classOf(i), gan.numClasses()));
          Files.createDirectories(dir);
        }
        BufferedImage img = toImage(hwc, j * per, shape);
        Path file = dir.resolve(fileName(i, count));
        if (!ImageIO.write(img, "png", file.toFile())) {
          throw new IOException("No PNG writer available to write " + file);
        }
      }
      writeLatents(latents, stream);
    }
    return shape;
  }

  private ImageShape writeArchive(SampleStream stream, NpyWriter latents) throws IOException {
    INDArray first = stream.next(); // the header needs the image shape before any data
    ImageShape shape = shapeOf(first);
    try (NpzWriter npz = NpzWriter.create(out)) {
      NpyHeader header =
          NpyHeader.of(NpyDtype.UINT8, count, shape.height(), shape.width(), shape.channels());
      try (NpyWriter images = npz.entry(IMAGES_KEY, header)) {
        for (INDArray batchImages = first; batchImages != null; ) {
          byte[] hwc = ImageBytes.toHwc(batchImages);
          images.writeBytes(hwc, 0, hwc.length);
          writeLatents(latents, stream);
          batchImages = stream.hasNext() ? stream.next() : null;
        }
      }
      if (classes != null) {
        try (NpyWriter labels = npz.entry(LABELS_KEY, NpyHeader.of(NpyDtype.INT64, count))) {
          long[] chunk = new long[4096];
          for (long i = 0; i < count; ) {
            int m = (int) Math.min(chunk.length, count - i);
            for (int j = 0; j < m; j++) {
              chunk[j] = stream.classOf(i + j);
            }
            labels.writeLongs(chunk, 0, m);
            i += m;
          }
        }
      }
    }
    return shape;
  }

  private static void writeLatents(NpyWriter latents, SampleStream stream) throws IOException {
    if (latents != null) {
      float[] z = stream.lastLatents().castTo(DataType.FLOAT).dup('c').data().asFloat();
      latents.writeFloats(z, 0, z.length);
    }
  }

  private static ImageShape shapeOf(INDArray images) {
    return new ImageShape((int) images.size(1), (int) images.size(2), (int) images.size(3));
  }

  /** One image from bytes {@code [H, W, C]} at {@code off}: gray for C = 1, else RGB. */
  static BufferedImage toImage(byte[] hwc, int off, ImageShape shape) {
    int h = shape.height();
    int w = shape.width();
    if (shape.channels() == 1) {
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      img.getRaster()
          .setDataElements(0, 0, w, h, java.util.Arrays.copyOfRange(hwc, off, off + h * w));
      return img;
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] rgb = new int[h * w];
    for (int p = 0; p < h * w; p++) {
      int q = off + 3 * p;
      rgb[p] = (hwc[q] & 0xFF) << 16 | (hwc[q + 1] & 0xFF) << 8 | (hwc[q + 2] & 0xFF);
    }
    img.setRGB(0, 0, w, h, rgb, 0, w);
    return img;
  }

  private void writeRecord(Path record, ImageShape shape, Path latentsFile) throws IOException {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("format", format.cliName());
    r.put("images", out.getFileName().toString());
    if (format == Format.NPZ) {
      r.put("array", IMAGES_KEY);
      r.put("dtype", "uint8");
      r.put("layout", "N, H, W, C (channels last, C order)");
      if (classes != null) {
        r.put("labels_array", LABELS_KEY);
      }
    } else {
      r.put("file_names", fileName(0, count) + " ... " + fileName(count - 1, count));
    }
    r.put("n", count);
    r.put("height", shape.height());
    r.put("width", shape.width());
    r.put("channels", shape.channels());
    r.put("seed", seed);
    r.put("batch", batch);
    r.putAll(provenance);
    r.put(
        "latents",
        "image i is generated from row i of one Rng(seed) stream of standard normals, "
            + gan.generator().latentDim()
            + " per image in image order (independent of the batch size)");
    r.put("latents_file", latentsFile == null ? null : latentsFile.getFileName().toString());
    if (codes()) {
      // InfoGAN: the labels are values of its latent code, not classes of the data
      r.put("codes", classes == null ? null : classes.rule().replace("class", "code"));
      r.put("num_codes", gan.numClasses());
      r.put("continuous_codes", conditioning.continuous());
      r.put(
          "continuous_values",
          continuous == null ? "drawn with z (its first entries)" : continuous);
    } else {
      r.put("classes", classes == null ? null : classes.rule());
      r.put("num_classes", gan.numClasses());
    }
    r.put("pixels", "byte = round((x + 1) * 127.5) clipped to 0..255, x the generator's output");
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Path tmp = record.resolveSibling("." + record.getFileName() + ".tmp");
    Files.writeString(tmp, json.writeValueAsString(r) + "\n");
    Files.move(
        tmp,
        record,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
