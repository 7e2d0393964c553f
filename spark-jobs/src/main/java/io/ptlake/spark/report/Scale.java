package io.ptlake.spark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Maps values to pixels along one axis of a chart, and says where its ticks go. */
abstract sealed class Scale permits Scale.Linear, Scale.Log {
  final double from;
  final double to;

  private Scale(double from, double to) {
    this.from = from;
    this.to = to;
  }

  abstract double at(double value);

  abstract List<Double> ticks();

  /**
   * A linear scale from 0 (or {@code min}) to a round number at or above {@code max}, for counts.
   */
  static Linear linear(double min, double max, double from, double to) {
    double step = niceStep((max - min) / 5);
    double top = Math.max(step, Math.ceil(max / step) * step);
    return new Linear(min, top, step, from, to);
  }

  /**
   * A logarithmic scale over [min, max] widened to the 1-2-5 ticks around them, for prices:
   * rates of one code often span two orders of magnitude, and an outlier ten times the median
   * would flatten a linear axis. Values at or below zero sit at its left end.
   */
  static Log log(double min, double max, double from, double to) {
    double low = min > 0 ? min : Math.max(max, 1) / 100;
    double high = Math.max(max, low * 1.01);
    return new Log(niceBelow(low), niceAbove(high), from, to);
  }

  static final class Linear extends Scale {
    final double min;
    final double max;
    final double step;

    private Linear(double min, double max, double step, double from, double to) {
      super(from, to);
      this.min = min;
      this.max = max;
      this.step = step;
    }

    @Override
    double at(double value) {
      return from + (value - min) / (max - min) * (to - from);
    }

    @Override
    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      for (double tick = min; tick <= max + step / 2; tick += step) {
        ticks.add(tick);
      }
      return ticks;
    }
  }

  static final class Log extends Scale {
    final double min;
    final double max;

    private Log(double min, double max, double from, double to) {
      super(from, to);
      this.min = min;
      this.max = max;
    }

    @Override
    double at(double value) {
      double clamped = Math.min(Math.max(value, min), max);
      return from + Math.log(clamped / min) / Math.log(max / min) * (to - from);
    }

    /** 1, 2, 5 of each power of ten in range; the ends too, so an axis is never bare. */
    @Override
    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      for (double decade = Math.pow(10, Math.floor(Math.log10(min))); decade <= max;
          decade *= 10) {
        for (double multiple : new double[] {1, 2, 5}) {
          double tick = multiple * decade;
          if (tick >= min * 0.999 && tick <= max * 1.001) {
            ticks.add(tick);
          }
        }
      }
      return ticks;
    }
  }

  /** The 1-2-5 number at or below {@code value}. */
  static double niceBelow(double value) {
    double decade = Math.pow(10, Math.floor(Math.log10(value)));
    for (double multiple : new double[] {5, 2, 1}) {
      if (multiple * decade <= value * 1.000001) {
        return multiple * decade;
      }
    }
    return decade;
  }

  /** The 1-2-5 number at or above {@code value}. */
  static double niceAbove(double value) {
    double decade = Math.pow(10, Math.floor(Math.log10(value)));
    for (double multiple : new double[] {1, 2, 5, 10}) {
      if (multiple * decade >= value * 0.999999) {
        return multiple * decade;
      }
    }
    return 10 * decade;
  }

  private static double niceStep(double rough) {
    return rough <= 0 ? 1 : Math.max(1, niceAbove(rough));
  }

  /** An axis label: 1,500 / 20 / 2.5 / 0.05 without a trailing ".0". */
  static String label(double value) {
    if (value >= 1000) {
      return Figures.count(Math.round(value));
    }
    String text = String.format(Locale.US, "%.2f", value);
    return text.replaceAll("\\.?0+$", "");
  }
}
