package io.github.samegan.data.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link SplitLoader} is asked to load: where downloaded data sets live, the argument of a
 * parameterised name and the image size wanted by data sets that resize.
 *
 * @param name the name as the user wrote it (e.g. {@code cifar10} or {@code folder:/photos}), for
 *     messages
 * @param argument the text after the {@code :} of a parameterised name (the {@code PATH} of {@code
 *     folder:PATH}), or empty for a plain name
 * @param dataDir the folder holding downloaded data sets, e.g. {@code ~/.samegan/data}
 * @param imageSize height and width for data sets that resize their images (image folders); data
 *     sets of a fixed shape ignore it
 */
public record LoadRequest(String name, String argument, Path dataDir, int imageSize) {

  /**
   * Validates the request.
   *
   * @param name the name as written
   * @param argument the argument of a parameterised name, or empty
   * @param dataDir the data folder
   * @param imageSize image size for resizing data sets
   * @throws IllegalArgumentException if {@code imageSize} is not positive
   */
  public LoadRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(argument, "argument");
    Objects.requireNonNull(dataDir, "dataDir");
    if (imageSize < 1) {
      throw new IllegalArgumentException("imageSize must be at least 1, found " + imageSize);
    }
  }

  /**
   * A request for a plain (not parameterised) name.
   *
   * @param name the data set name
   * @param dataDir the data folder
   * @param imageSize image size for resizing data sets
   * @return the request, with an empty argument
   */
  public static LoadRequest of(String name, Path dataDir, int imageSize) {
    return new LoadRequest(name, "", dataDir, imageSize);
  }
}
