package io.github.samegan.eval.classify;

import io.github.samegan.core.ImageShape;
import java.util.Locale;
import java.util.Objects;

/** Rebuilds a {@link ClassifierNetwork} from its {@link ClassifierNetwork#spec()}. */
public final class ClassifierNetworks {

  /** The architectures {@link #fromSpec} knows, for help texts. */
  public static final String KNOWN =
      "resnet[:widths=a,b,c;blocks=n] (default resnet:widths=32,64,128;blocks=1)";

  private ClassifierNetworks() {}

  /**
   * The network a spec describes.
   *
   * @param spec e.g. {@code "resnet"} or {@code "resnet:widths=16,32,64;blocks=2"}
   * @param inputShape image shape
   * @param numClasses K
   * @throws IllegalArgumentException for an unknown architecture or bad parameters
   */
  public static ClassifierNetwork fromSpec(String spec, ImageShape inputShape, int numClasses) {
    Objects.requireNonNull(spec, "spec");
    int colon = spec.indexOf(':');
    String name = (colon < 0 ? spec : spec.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    String params = colon < 0 ? "" : spec.substring(colon + 1);
    if (name.equals("resnet")) {
      return ResNetClassifier.fromParameters(params, inputShape, numClasses);
    }
    throw new IllegalArgumentException(
        "Unknown classifier architecture '" + spec + "'; known: " + KNOWN);
  }
}
