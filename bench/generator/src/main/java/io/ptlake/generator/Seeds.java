package io.ptlake.generator;

import java.util.Random;

/**
 * Derives independent random streams from the spec's seed. Each item and each reference entry gets
 * its own stream, so a reference can be drawn again (for its weight, then for its bytes) and items
 * never depend on how much an earlier one drew.
 */
final class Seeds {

  /** Stream families; distinct salts keep, say, item 7 and reference 7 unrelated. */
  static final long ITEM = 0x49544d;

  static final long REFERENCE = 0x524546;
  static final long DUPLICATE = 0x445550;
  static final long CODES = 0x434f44;
  static final long HEADER = 0x484452;
  static final long OUT_OF_NETWORK = 0x4f4f4e;
  static final long TOC = 0x544f43;
  static final long NPPES = 0x4e5050;

  private Seeds() {}

  static Random random(long seed, long salt, long index) {
    return new Random(mix(seed, salt, index));
  }

  /** A uniform double in [0, 1) fixed by its inputs, for yes/no decisions about an id. */
  static double unit(long seed, long salt, long index) {
    return (mix(seed, salt, index) >>> 11) * 0x1.0p-53;
  }

  /** A hash of a string that does not change between JVMs (unlike identity hashes). */
  static long of(String text) {
    long h = 1125899906842597L;
    for (int i = 0; i < text.length(); i++) {
      h = 31 * h + text.charAt(i);
    }
    return finish(h);
  }

  static long mix(long seed, long salt, long index) {
    return finish(finish(seed ^ salt * 0x9E3779B97F4A7C15L) + index);
  }

  /** SplitMix64's finaliser: every input bit affects every output bit. */
  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
