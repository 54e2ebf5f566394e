package io.github.samegan.data.loaders;

/** Which part of a data set with a fixed train/test division to load. */
public enum Split {
  /** The training images. */
  TRAIN,
  /** The held-out test images. */
  TEST;

  String lower() {
    return name().toLowerCase();
  }
}
