package io.github.samegan.examples.runs;

/**
 * The checks shared by {@code samegan train}'s periodic extras ({@code --eval-every N
 * --eval-features F}, {@code --detect-every N --detector D}): N = 0 turns the extra off, and then
 * its companion option must be absent; N ≥ 1 needs the companion.
 */
final class PeriodicOption {
  private PeriodicOption() {}

  /**
   * Whether the extra is on.
   *
   * @param everyFlag e.g. {@code --eval-every}
   * @param every its value
   * @param withFlag the companion option, e.g. {@code --eval-features}
   * @param with the companion's value, null if not given
   * @param withHelp what the companion takes, for the message
   * @throws IllegalArgumentException if {@code every} is negative or the two options disagree
   */
  static boolean enabled(
      String everyFlag, int every, String withFlag, Object with, String withHelp) {
    if (every < 0) {
      throw new IllegalArgumentException(everyFlag + " must be >= 0, found " + every);
    }
    if (every == 0) {
      if (with != null) {
        throw new IllegalArgumentException(withFlag + " needs " + everyFlag + " N (N >= 1)");
      }
      return false;
    }
    if (with == null) {
      throw new IllegalArgumentException(everyFlag + " needs " + withFlag + " " + withHelp);
    }
    return true;
  }
}
