package io.github.samegan.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * Images a GAN generates for scoring: {@code count} images, image {@code i} from the latent vector
 * {@link DistributedEvaluation#latents}({@code seed}, i), so they do not depend on the
 * partitioning.
 *
 * @param source the name the images are reported under (e.g. a sweep run's id)
 * @param gan the GAN
 * @param count how many images, at least 1
 * @param seed the latent seed
 */
public record GeneratedImages(String source, GanSpec gan, long count, long seed)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validates. */
  public GeneratedImages {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(gan, "gan");
    if (count < 1) {
      throw new IllegalArgumentException(
          "count of generated images for '" + source + "' must be at least 1, found " + count);
    }
  }
}
