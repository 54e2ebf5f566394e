package io.github.samegan.data.registry;

import io.github.samegan.data.DatasetFormatException;
import io.github.samegan.data.DatasetNotFoundException;
import io.github.samegan.data.ImageDataset;

/** Loads one split (training or test images) of a registered data set. */
@FunctionalInterface
public interface SplitLoader {

  /**
   * Loads the images.
   *
   * @param request the data folder, the argument of a parameterised name and the image size
   * @return the images, in the same order on every call
   * @throws DatasetNotFoundException if the data set's files are not in {@code request.dataDir()}
   * @throws DatasetFormatException if they are present but malformed
   */
  ImageDataset load(LoadRequest request);
}
