package io.github.samegan.examples.runs;

import io.github.samegan.losses.InfoGanContinuousCodes;
import io.github.samegan.models.ModelRegistry;
import java.util.Locale;
import java.util.Map;

/**
 * What a run's generator is conditioned on, and the word the command line and the server use for
 * it: a data set's <b>class</b> (a class-conditional model, e.g. {@code cdcgan}), InfoGAN's latent
 * <b>code</b> (the {@code infogan} model: values that the trainer draws and Q recovers, which mean
 * whatever the model came to use them for, not a data label), or nothing. An InfoGAN may also have
 * continuous codes, the first entries of z ({@code --info-continuous n}).
 *
 * @param kind the kind of condition
 * @param values the number of classes or categorical code values (0 for none)
 * @param continuous the number of continuous InfoGAN codes (the first entries of z)
 */
public record Conditioning(Kind kind, int values, int continuous) {

  /** The kind of condition. */
  public enum Kind {
    /** Unconditional. */
    NONE("class", "classes"),
    /** A data set's classes. */
    CLASS("class", "classes"),
    /** InfoGAN's categorical latent code. */
    CODE("code", "codes");

    private final String word;
    private final String plural;

    Kind(String word, String plural) {
      this.word = word;
      this.plural = plural;
    }

    /** "class" or "code". */
    public String word() {
      return word;
    }

    /** "classes" or "codes". */
    public String plural() {
      return plural;
    }
  }

  /**
   * The conditioning of a run's GAN: its {@code numClasses} values are a code when the registered
   * model is not class-conditional (its discriminator's second head is InfoGAN's Q), else classes.
   *
   * @param model the registered model name (an unknown name is taken as class-conditional)
   * @param numClasses the GAN's number of classes or code values
   * @param continuous the run's continuous InfoGAN codes ({@code --info-continuous})
   */
  public static Conditioning of(String model, int numClasses, int continuous) {
    boolean labelled = true;
    try {
      labelled = ModelRegistry.standard().entry(model).isConditional();
    } catch (IllegalArgumentException unknown) {
      // a model this registry does not know: call its condition a class, as before
    }
    Kind kind = numClasses == 0 ? Kind.NONE : labelled ? Kind.CLASS : Kind.CODE;
    return new Conditioning(kind, numClasses, continuous);
  }

  /** The conditioning of a run loaded with {@link RunConfig#load}. */
  public static Conditioning of(RunConfig.LoadedRun run) {
    return of(
        run.config().model(),
        run.gan().numClasses(),
        run.config().lossOptions().get(InfoGanContinuousCodes.CODES));
  }

  /** The conditioning described by checkpoint metadata (as {@code samegan train} writes it). */
  public static Conditioning of(Map<String, String> metadata, int numClasses) {
    String text = metadata.get(RunConfig.LOSS_PREFIX + InfoGanContinuousCodes.CODES.key());
    int continuous = 0;
    if (text != null) {
      try {
        continuous = Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        continuous = 0;
      }
    }
    return of(metadata.getOrDefault("model", ""), numClasses, continuous);
  }

  /** True for InfoGAN's codes. */
  public boolean codes() {
    return kind == Kind.CODE;
  }

  /**
   * Refuses a class asked of a model that has none (an InfoGAN, whose condition is a code, or an
   * unconditional model) and a code asked of a model that is not an InfoGAN, naming what to use
   * instead. The caller names its options with their separator, e.g. {@code "--class "} and {@code
   * "--code "} on the command line, {@code "class="} and {@code "code="} in a URL.
   *
   * @param model the model's name, for the messages
   * @param classOption how the caller spells a class choice
   * @param classValue the class asked for as given, or {@code null}
   * @param codeOption how the caller spells a code choice
   * @param codeValue the code asked for as given, or {@code null}
   * @throws IllegalArgumentException naming the option, the model and what to use instead
   */
  public void checkChoice(
      String model, String classOption, String classValue, String codeOption, String codeValue) {
    if (classValue != null && kind != Kind.CLASS) {
      throw new IllegalArgumentException(
          classOption
              + classValue
              + " given, but model '"
              + model
              + (kind == Kind.CODE
                  ? "' is conditioned on InfoGAN's latent code, not on classes of the data: use "
                      + codeOption
                      + classValue
                  : "' is unconditional: it cannot generate a chosen class (train a"
                      + " class-conditional model such as cdcgan, or leave the class out)"));
    }
    if (codeValue != null && kind != Kind.CODE) {
      throw new IllegalArgumentException(
          codeOption
              + codeValue
              + " chooses InfoGAN's latent code, but model '"
              + model
              + (kind == Kind.CLASS
                  ? "' is class-conditional: use " + classOption + codeValue
                  : "' has none (leave the code out)"));
    }
  }

  /**
   * Parses values for the continuous codes, e.g. {@code "0.5,-1"}: exactly {@link #continuous()}
   * finite numbers.
   *
   * @param option the option or parameter named in errors (e.g. {@code --continuous})
   * @throws IllegalArgumentException for a model without continuous codes, a wrong count or a value
   *     that is not a finite number
   */
  public double[] parseContinuous(String option, String text) {
    if (continuous == 0) {
      throw new IllegalArgumentException(
          option
              + " sets InfoGAN's continuous codes, but this model has none (train infogan with"
              + " --info-continuous n to have n)");
    }
    String[] parts = text.split(",", -1);
    if (parts.length != continuous) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s needs %d comma-separated values (one per continuous code), found %d in '%s'",
              option,
              continuous,
              parts.length,
              text));
    }
    double[] v = new double[continuous];
    for (int i = 0; i < continuous; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        v[i] = Double.NaN;
      }
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(
            option + " values must be finite numbers, found '" + parts[i].trim() + "'");
      }
    }
    return v;
  }
}
