package io.ptlake.bench.ingest;

import io.ptlake.preprocess.ChunkKind;
import io.ptlake.preprocess.Manifest;
import io.ptlake.preprocess.ManifestReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The peer a data engineer would try instead of Spark: DuckDB on one machine, reading ptlake's own
 * chunk files with explicit types, applying the same row rules (docs/chunk-format.md: a slot per
 * referenced id or for inline groups, a left join to provider_references, an absent or empty
 * group or npi list kept as one row of nulls, prices exploded) and writing in_network_rates' data
 * columns to one Parquet file per source, sorted by billing_code, snappy, with {@code SET threads}
 * to the cores given.
 *
 * <p>DuckDB's JSON reader parses numbers through a double: rates of at most 15 significant digits
 * (every generated one) come out exact, longer ones do not, and a 38-digit rate fails the read
 * ("Failed to cast value to decimal: 1e28"). ptlake reads them exactly.
 *
 * <p>Usage: {@code DuckDbPeer OUT_DIR THREADS CHUNK_DIR...}; prints the rows written per source and
 * in all as JSON.
 */
public final class DuckDbPeer {
  private static final String GROUP = "STRUCT(npi BIGINT[], tin STRUCT(\"type\" VARCHAR,"
      + " \"value\" VARCHAR, business_name VARCHAR))";
  private static final String PRICE = "STRUCT(negotiated_type VARCHAR,"
      + " negotiated_rate DECIMAL(38,10), expiration_date DATE, service_code VARCHAR[],"
      + " billing_class VARCHAR, setting VARCHAR, billing_code_modifier VARCHAR[],"
      + " additional_information VARCHAR)";
  private static final String RATES = "{item: 'BIGINT', provider_references: 'VARCHAR[]',"
      + " provider_groups: '" + GROUP + "[]', negotiated_prices: '" + PRICE + "[]'}";
  private static final String ITEMS = "{item: 'BIGINT', negotiation_arrangement: 'VARCHAR',"
      + " name: 'VARCHAR', billing_code_type: 'VARCHAR', billing_code_type_version: 'VARCHAR',"
      + " billing_code: 'VARCHAR', description: 'VARCHAR', severity_of_illness: 'VARCHAR'}";
  private static final String REFERENCES = "{provider_group_id: 'VARCHAR',"
      + " network_name: 'VARCHAR[]', provider_groups: '" + GROUP + "[]'}";
  /** The header fields of in_network_rates, in its column order. */
  private static final List<String> HEADER = List.of("reporting_entity_name",
      "reporting_entity_type", "plan_name", "plan_id_type", "plan_id", "plan_market_type",
      "issuer_name", "plan_sponsor_name", "last_updated_on", "version");

  private DuckDbPeer() {}

  public static void main(String[] args) throws Exception {
    List<Path> dirs = java.util.Arrays.stream(args).skip(2).map(Path::of).toList();
    List<Long> rows = write(Path.of(args[0]), Integer.parseInt(args[1]), dirs);
    List<String> perSource = new ArrayList<>();
    for (int i = 0; i < dirs.size(); i++) {
      perSource.add(String.format(Locale.ROOT, "{\"dir\": \"%s\", \"rows\": %d}", dirs.get(i),
          rows.get(i)));
    }
    System.out.printf(Locale.ROOT, "{\"rows\": %d, \"sources\": [%s]}%n",
        rows.stream().mapToLong(Long::longValue).sum(), String.join(", ", perSource));
  }

  /**
   * Writes {@code out/source-<i>.parquet} for each chunk folder with {@code threads} threads;
   * returns the rows of each.
   */
  static List<Long> write(Path out, int threads, List<Path> dirs)
      throws IOException, SQLException {
    Files.createDirectories(out);
    List<Long> rows = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement()) {
      sql.execute("SET threads = " + threads);
      sql.execute("SET preserve_insertion_order = false");
      for (int i = 0; i < dirs.size(); i++) {
        rows.add(writeSource(sql, dirs.get(i), out.resolve("source-" + i + ".parquet")));
      }
    }
    return rows;
  }

  private static long writeSource(Statement sql, Path dir, Path file)
      throws IOException, SQLException {
    Manifest manifest;
    try (InputStream in = Files.newInputStream(dir.resolve("manifest.json"))) {
      manifest = ManifestReader.read(in);
    }
    sql.execute("CREATE OR REPLACE TABLE rates AS SELECT * FROM "
        + read(dir, manifest, ChunkKind.RATES, RATES));
    sql.execute("CREATE OR REPLACE TABLE items AS SELECT * FROM "
        + read(dir, manifest, ChunkKind.ITEMS, ITEMS));
    sql.execute("CREATE OR REPLACE TABLE refs AS SELECT * FROM "
        + read(dir, manifest, ChunkKind.PROVIDER_REFERENCES, REFERENCES));
    String header = HEADER.stream()
        .map(field -> header(manifest, field) + " AS " + field)
        .collect(Collectors.joining(", "));
    sql.execute("COPY (" + """
        WITH slots AS (
          SELECT r.item, r.negotiated_prices, s.slot_id, s.slot_groups
          FROM rates r, UNNEST(
            CASE WHEN coalesce(len(r.provider_references), 0) > 0
                  AND coalesce(len(r.provider_groups), 0) = 0
              THEN list_transform(r.provider_references,
                id -> {'slot_id': id, 'slot_groups': NULL::%1$s[]})
              ELSE list_append(list_transform(coalesce(r.provider_references, []::VARCHAR[]),
                id -> {'slot_id': id, 'slot_groups': NULL::%1$s[]}),
                {'slot_id': NULL::VARCHAR, 'slot_groups': r.provider_groups})
            END) AS t(s)
        ), joined AS (
          SELECT slots.*, e.network_name, coalesce(slots.slot_groups, e.provider_groups) AS grps
          FROM slots LEFT JOIN refs e ON slots.slot_id = e.provider_group_id
        ), grouped AS (
          SELECT joined.*, UNNEST(CASE WHEN len(grps) > 0 THEN grps ELSE [NULL::%1$s] END) AS g
          FROM joined
        ), npis AS (
          SELECT grouped.*, UNNEST(CASE WHEN len(g.npi) > 0 THEN g.npi ELSE [NULL::BIGINT] END)
            AS npi
          FROM grouped
        ), priced AS (
          SELECT npis.*, UNNEST(negotiated_prices) AS p FROM npis
        )
        SELECT %2$s, i.negotiation_arrangement, i.name, i.billing_code_type,
          i.billing_code_type_version, i.description, i.severity_of_illness,
          slot_id AS provider_group_id, network_name, npi, g.tin."type" AS tin_type,
          g.tin."value" AS tin_value, g.tin.business_name AS business_name,
          p.negotiated_type, p.negotiated_rate, p.expiration_date, p.service_code,
          p.billing_class, p.setting, p.billing_code_modifier, p.additional_information,
          %3$s AS source_file, i.billing_code
        FROM priced JOIN items i USING (item)
        ORDER BY i.billing_code
        """.formatted(GROUP, header, literal(manifest.sourceUri()))
        + ") TO " + literal(file.toString()) + " (FORMAT parquet, COMPRESSION snappy)");
    try (ResultSet count = sql.executeQuery(
        "SELECT count(*) FROM read_parquet(" + literal(file.toString()) + ")")) {
      count.next();
      return count.getLong(1);
    }
  }

  private static String read(Path dir, Manifest manifest, ChunkKind kind, String columns) {
    List<String> files = manifest.chunks(kind).stream()
        .map(chunk -> literal(dir.resolve(chunk.path()).toString())).toList();
    if (files.isEmpty()) {
      // The contract writes no file for an empty chunk set: an empty table of the same columns.
      return "(SELECT * FROM read_json(" + literal(dir.resolve("manifest.json").toString())
          + ", format = 'newline_delimited', columns = " + columns + ") LIMIT 0)";
    }
    return "read_json([" + String.join(", ", files) + "], format = 'newline_delimited',"
        + " columns = " + columns + ")";
  }

  private static String header(Manifest manifest, String field) {
    String value = manifest.header().get(field);
    String text = value == null ? "NULL::VARCHAR" : literal(value);
    return field.equals("last_updated_on") ? "TRY_CAST(" + text + " AS DATE)" : text;
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
