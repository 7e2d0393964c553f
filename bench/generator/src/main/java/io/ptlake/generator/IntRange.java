package io.ptlake.generator;

import java.util.Random;

/** An inclusive range of counts such as "1..20", drawn uniformly: the default {@link Count}. */
public record IntRange(int min, int max) implements Count {

  public IntRange {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException(
          "Cannot use range " + min + ".." + max + " because it needs 0 <= min <= max");
    }
  }

  public static IntRange of(int min, int max) {
    return new IntRange(min, max);
  }

  /** Parses "MIN..MAX" or a single "N" (meaning N..N), the form the CLI accepts. */
  public static IntRange parse(String text) {
    int dots = text.indexOf("..");
    try {
      return dots < 0
          ? of(Integer.parseInt(text.trim()), Integer.parseInt(text.trim()))
          : of(
              Integer.parseInt(text.substring(0, dots).trim()),
              Integer.parseInt(text.substring(dots + 2).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Cannot parse range '" + text + "': expected MIN..MAX or N", e);
    }
  }

  @Override
  public int draw(Random rng) {
    return min == max ? min : min + rng.nextInt(max - min + 1);
  }

  @Override
  public String toString() {
    return min + ".." + max;
  }
}
