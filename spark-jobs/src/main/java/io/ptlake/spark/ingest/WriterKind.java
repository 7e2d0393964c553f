package io.ptlake.spark.ingest;

import java.util.Arrays;
import java.util.Locale;

/** Which Parquet writer writes in_network_rates in the source layout ({@code --writer}). */
public enum WriterKind {
  /**
   * ptlake's own: the explode inside the writer, each column encoded per run of equal values
   * (docs/columnar-writer.md).
   */
  COLUMNAR,
  /**
   * Spark's: the exploded rows through Spark's row-at-a-time Parquet writer; the fallback, and the
   * oracle the columnar writer's files are tested against.
   */
  SPARK;

  /** {@code --writer}'s value. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static WriterKind fromOptionValue(String value) {
    for (WriterKind kind : values()) {
      if (kind.optionValue().equals(value.toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException("Unknown writer '" + value + "': expected one of "
        + Arrays.stream(values()).map(WriterKind::optionValue).toList());
  }
}
