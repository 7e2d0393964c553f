package io.ptlake.generator;

import java.util.Locale;
import java.util.Random;

/**
 * How the generator draws a count (rates per item, NPIs per group, …): uniform over a range
 * ({@link IntRange}, the default of every knob) or heavy-tailed ({@link HeavyTail}), as real
 * files are, where most provider groups hold a few NPIs and a few hold thousands.
 */
public sealed interface Count permits IntRange, Count.HeavyTail {

  int min();

  int max();

  int draw(Random rng);

  /**
   * Parses the CLI's forms: {@code MIN..MAX} or {@code N} (uniform), or {@code
   * pareto:MIN..MAX[,alpha=A]} (a Pareto law of index A, default 1, cut at MAX).
   */
  static Count parse(String text) {
    String trimmed = text.trim();
    if (!trimmed.startsWith(HeavyTail.PREFIX)) {
      return IntRange.parse(trimmed);
    }
    String body = trimmed.substring(HeavyTail.PREFIX.length());
    double alpha = HeavyTail.DEFAULT_ALPHA;
    int comma = body.indexOf(',');
    if (comma >= 0) {
      String option = body.substring(comma + 1).trim();
      if (!option.startsWith("alpha=")) {
        throw new IllegalArgumentException(
            "Cannot parse '" + text + "': expected pareto:MIN..MAX[,alpha=A]");
      }
      try {
        alpha = Double.parseDouble(option.substring("alpha=".length()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Cannot parse the alpha of '" + text + "'", e);
      }
      body = body.substring(0, comma);
    }
    IntRange range = IntRange.parse(body);
    return new HeavyTail(range.min(), range.max(), alpha);
  }

  /**
   * A bounded Pareto law: P(X ≥ x) falls as x^-alpha from MIN, cut at MAX. With alpha near 1
   * most draws sit near MIN while the few large ones hold much of the total, the shape of real
   * provider groups (a solo practice, a hospital system with thousands of NPIs).
   */
  record HeavyTail(int min, int max, double alpha) implements Count {
    static final String PREFIX = "pareto:";
    static final double DEFAULT_ALPHA = 1.0;

    public HeavyTail {
      if (min < 1 || max < min) {
        throw new IllegalArgumentException(
            "Cannot use pareto:" + min + ".." + max + " because it needs 1 <= min <= max");
      }
      if (!(alpha > 0 && alpha <= 10)) {
        throw new IllegalArgumentException(
            "Cannot use alpha " + alpha + " because it must be in (0, 10]");
      }
    }

    /** Inverse transform of one uniform draw, so a draw costs the stream one double. */
    @Override
    public int draw(Random rng) {
      double u = rng.nextDouble();
      double cut = Math.pow((double) min / (max + 1), alpha);
      double x = min / Math.pow(1 - u * (1 - cut), 1 / alpha);
      return (int) Math.min(max, Math.floor(x));
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s%d..%d,alpha=%s", PREFIX, min, max, alpha);
    }
  }
}
