package io.ptlake.spark.report;

import java.util.List;
import java.util.Map;

/** Colours of the charts: one per negotiated type, the same in every chart; one per payer. */
final class Palette {
  /** Tableau 10: distinct for most colour vision, readable on white. */
  private static final List<String> SERIES = List.of("#4e79a7", "#f28e2b", "#59a14f", "#e15759",
      "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac");

  /** The negotiated types of the schema (negotiated_type), each its own colour. */
  private static final Map<String, String> TYPES = Map.of(
      "negotiated", "#4e79a7",
      "fee schedule", "#59a14f",
      "derived", "#b07aa1",
      "percentage", "#f28e2b",
      "per diem", "#e15759");

  private Palette() {}

  /** A negotiated type's colour; a type outside the schema gets one by its place in {@code all}. */
  static String type(String type, List<String> all) {
    String known = TYPES.get(type);
    return known != null ? known : series(5 + all.indexOf(type));
  }

  static String series(int index) {
    return SERIES.get(Math.floorMod(index, SERIES.size()));
  }
}
