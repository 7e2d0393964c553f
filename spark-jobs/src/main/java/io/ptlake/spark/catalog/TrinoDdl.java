package io.ptlake.spark.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * Trino's Hive-connector DDL for a {@link TableDefinition}, the description {@code catalog
 * register} sends to Glue: the same columns, types and partition keys, so a table registered in a
 * Trino catalog (a local Trino, EMR's Trino or Starburst over their own metastore) cannot drift
 * from the one Athena reads.
 *
 * <p>No bucket spec: Trino's Hive connector knows Hive's bucket hash only. It maps Spark's bucket
 * files to buckets by file order, refuses a partition whose file count is not the bucket count
 * ("Hive table is corrupt") and, where the counts happen to match, reads the file Hive's hash
 * names for a {@code billing_code = …} filter, which holds other codes: 0 rows instead of the
 * code's rows (measured on Trino 476; docs/athena-and-trino.md). Without the bucket spec every
 * file is read, and the files' billing_code min/max statistics still let Trino skip the row groups
 * of other codes. No partition projection either: Trino refuses the month unit that the
 * snapshot_month projection needs, so partitions are synced from the folders.
 */
public final class TrinoDdl {
  private TrinoDdl() {}

  /** {@code CREATE SCHEMA IF NOT EXISTS} for the database, at its location when it has one. */
  public static String createSchema(String catalog, TableDefinition table) {
    String schema = identifier(catalog) + "." + identifier(table.database());
    return table.databaseLocation() == null
        ? "CREATE SCHEMA IF NOT EXISTS " + schema
        : "CREATE SCHEMA IF NOT EXISTS " + schema + " WITH (location = "
            + literal(location(table.databaseLocation())) + ")";
  }

  /**
   * {@code CREATE TABLE IF NOT EXISTS} over the table's folder ({@code external_location}, which
   * Trino never deletes): the data columns, then the partition keys, which Trino wants last.
   */
  public static String createTable(String catalog, TableDefinition table) {
    List<String> properties = new ArrayList<>();
    properties.add("external_location = " + literal(location(table.location())));
    properties.add("format = 'PARQUET'");
    if (!table.partitionKeys().isEmpty()) {
      properties.add("partitioned_by = ARRAY[" + table.partitionKeys().stream()
          .map(key -> literal(key.name())).collect(Collectors.joining(", ")) + "]");
    }
    String columns = Stream.concat(table.columns().stream(), table.partitionKeys().stream())
        .map(TrinoDdl::column)
        .collect(Collectors.joining(",\n  ", "(\n  ", "\n)"));
    return "CREATE TABLE IF NOT EXISTS " + qualifiedName(catalog, table) + " " + columns
        + (table.description() == null ? "" : "\nCOMMENT " + literal(table.description()))
        + "\nWITH (\n  " + String.join(",\n  ", properties) + "\n)";
  }

  /**
   * The call that registers the partitions found under the table's folder and drops those whose
   * folder is gone (Trino's MSCK REPAIR); empty for an unpartitioned table.
   */
  public static Optional<String> syncPartitions(String catalog, TableDefinition table) {
    if (table.partitionKeys().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("CALL " + identifier(catalog) + ".system.sync_partition_metadata("
        + literal(table.database()) + ", " + literal(table.table()) + ", 'FULL')");
  }

  /**
   * A catalog location as Trino names it: S3 as it is; a local folder ({@code file:/…}) as a
   * {@code local:///…} URI, which Trino's native local file system reads (with
   * {@code fs.native-local.enabled=true} and {@code local.location=/}); Trino 476's Hive
   * connector lists no file under a {@code file:} location, and says nothing.
   */
  static String location(String location) {
    return location.startsWith("file:")
        ? "local:///" + location.substring("file:".length()).replaceFirst("^/+", "")
        : location;
  }

  public static String qualifiedName(String catalog, TableDefinition table) {
    return identifier(catalog) + "." + identifier(table.database()) + "."
        + identifier(table.table());
  }

  /**
   * The Trino type of a Hive type as the catalog writes it ({@code string},
   * {@code decimal(38,10)}, {@code array<struct<a:string>>}, {@code map<string,bigint>}).
   * Timestamps are Trino's {@code timestamp(3)}, the precision Athena reads too.
   */
  public static String type(String hiveType) {
    HiveTypeParser parser = new HiveTypeParser(hiveType);
    String type = parser.type();
    parser.expectEnd();
    return type;
  }

  private static String column(Column column) {
    return identifier(column.name()) + " " + type(column.type())
        + (column.comment() == null ? "" : " COMMENT " + literal(column.comment()));
  }

  /** Quoted always: Trino reserves words that are fine column names in Hive. */
  static String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** Recursive descent over Hive's type grammar, the subset Glue column types use. */
  private static final class HiveTypeParser {
    private final String text;
    private int pos;

    HiveTypeParser(String text) {
      this.text = text;
    }

    String type() {
      String name = word().toLowerCase(Locale.ROOT);
      switch (name) {
        case "string":
          return "varchar";
        case "varchar":
        case "char":
          return name + lengthArguments();
        case "int":
        case "integer":
          return "integer";
        case "tinyint":
        case "smallint":
        case "bigint":
        case "boolean":
        case "double":
        case "date":
          return name;
        case "float":
          return "real";
        case "binary":
          return "varbinary";
        case "timestamp":
          return "timestamp(3)";
        case "decimal":
          return "decimal" + lengthArguments();
        case "array":
          expect('<');
          String element = type();
          expect('>');
          return "array(" + element + ")";
        case "map":
          expect('<');
          String key = type();
          expect(',');
          String value = type();
          expect('>');
          return "map(" + key + ", " + value + ")";
        case "struct":
          expect('<');
          List<String> fields = new ArrayList<>();
          do {
            String field = word();
            expect(':');
            fields.add(identifier(field) + " " + type());
          } while (accept(','));
          expect('>');
          return "row(" + String.join(", ", fields) + ")";
        default:
          throw error("a Hive type", "'" + name + "'");
      }
    }

    void expectEnd() {
      skipSpaces();
      if (pos != text.length()) {
        throw error("the end of the type", "'" + text.charAt(pos) + "'");
      }
    }

    /** {@code (p,s)} or {@code (n)} kept as Trino writes them, or nothing. */
    private String lengthArguments() {
      skipSpaces();
      if (pos >= text.length() || text.charAt(pos) != '(') {
        return "";
      }
      int close = text.indexOf(')', pos);
      if (close < 0) {
        throw error("')'", "the end of the type");
      }
      String arguments = text.substring(pos + 1, close).replace(" ", "");
      if (!arguments.matches("\\d+(,\\d+)?")) {
        throw error("digits", "'" + arguments + "'");
      }
      pos = close + 1;
      return "(" + arguments + ")";
    }

    private String word() {
      skipSpaces();
      int start = pos;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      if (start == pos) {
        throw error("a name", pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end");
      }
      return text.substring(start, pos);
    }

    private boolean accept(char c) {
      skipSpaces();
      if (pos < text.length() && text.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!accept(c)) {
        throw error("'" + c + "'",
            pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end");
      }
    }

    private void skipSpaces() {
      while (pos < text.length() && text.charAt(pos) == ' ') {
        pos++;
      }
    }

    private IllegalArgumentException error(String expected, String found) {
      return new IllegalArgumentException("Cannot translate the Hive type '" + text
          + "' to Trino: expected " + expected + " at offset " + pos + ", found " + found);
    }
  }
}
