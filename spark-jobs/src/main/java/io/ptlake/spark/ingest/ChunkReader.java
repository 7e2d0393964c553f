package io.ptlake.spark.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import io.ptlake.preprocess.ChunkKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the chunk sets of preprocessed sources, each record tagged with its source file, source
 * id and snapshot month, and checked: a record that does not fit the contract gets a
 * {@link #REJECT_REASON} instead of failing the ingest or becoming a row of nulls.
 *
 * <p>Records are read with the typed schema ({@link ChunkSchemas#of}) in Spark's PERMISSIVE mode.
 * Only the records Spark cannot read that way (rare) are parsed a second time from their text with
 * the lenient schema ({@link ChunkSchemas#lenient}), which reads npi and negotiated_rate as text:
 * a record whose values are all numbers after all (an npi written as {@code "1234567890"}) is
 * kept, the others are rejected with a reason naming the bad value.
 */
final class ChunkReader {
  /** The column that names the source file (its manifest's source uri) on every record. */
  static final String SOURCE_FILE = "source_file";
  static final String SOURCE_ID = "source_id";
  static final String SNAPSHOT_MONTH = "snapshot_month";
  /** Why a record is rejected; null for a record that is read. */
  static final String REJECT_REASON = "_reject_reason";
  /** The record as the chunk holds it; set on rejected records only. */
  static final String RECORD_TEXT = "_record";
  /** The chunk file a rejected record is in; set on rejected records only. */
  static final String CHUNK = "_chunk";

  private static final String LENIENT = "_lenient";
  static final String UNREADABLE =
      "cannot be read with the chunk schema: not JSON, or a value of the wrong JSON type";

  private final SparkSession spark;

  ChunkReader(SparkSession spark) {
    this.spark = spark;
  }

  /** One chunk set of every source, checked, as one Dataset. */
  Dataset<Row> readAll(List<PreprocessedSource> sources, ChunkKind kind) {
    return union(sources, source -> read(source, kind));
  }

  /** Items with their file's header fields, which every row of the table repeats. */
  Dataset<Row> readItemsWithHeader(List<PreprocessedSource> sources) {
    return union(sources, source -> read(source, ChunkKind.ITEMS)
        .withColumns(FileHeader.columns(source.manifest().header())));
  }

  /** One row per source: source_file and the header fields every row of the table repeats. */
  Dataset<Row> headers(List<PreprocessedSource> sources) {
    return union(sources, source -> spark.range(1)
        .select(lit(source.sourceFile()).as(SOURCE_FILE))
        .withColumns(FileHeader.columns(source.manifest().header())));
  }

  /**
   * The files the manifest lists, never a directory listing, so a stray or half-written file is
   * not read. Columns: the typed schema's, then source_file, source_id, snapshot_month,
   * {@link #REJECT_REASON}, {@link #RECORD_TEXT} and {@link #CHUNK}.
   */
  Dataset<Row> read(PreprocessedSource source, ChunkKind kind) {
    List<String> files = source.chunkFiles(kind);
    Dataset<Row> records = files.isEmpty()
        // The contract writes no file for an empty chunk set.
        ? spark.createDataFrame(List.of(), withCorruptRecord(ChunkSchemas.of(kind)))
        : spark.read()
            .schema(withCorruptRecord(ChunkSchemas.of(kind)))
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", ChunkSchemas.CORRUPT_RECORD)
            .json(files.toArray(String[]::new));
    Map<String, Column> tags = new LinkedHashMap<>();
    tags.put(SOURCE_FILE, lit(source.sourceFile()));
    tags.put(SOURCE_ID, lit(source.sourceId()));
    tags.put(SNAPSHOT_MONTH, lit(source.snapshotMonth()).cast(DataTypes.StringType));
    return checked(records, kind).withColumns(tags);
  }

  /** Records that pass the checks, with the typed schema and the tag columns. */
  static Dataset<Row> accepted(Dataset<Row> checked) {
    return checked.where(col(REJECT_REASON).isNull()).drop(REJECT_REASON, RECORD_TEXT, CHUNK);
  }

  /**
   * Records that fail them. Spark's JSON reader parses only the columns a query uses, and only
   * those can make a record unreadable; the explode uses every field, so this names every field
   * too (in a condition that is always true), to reject exactly the records the explode left out.
   */
  static Dataset<Row> rejected(Dataset<Row> checked, ChunkKind kind) {
    Column everyField = size(array(Arrays.stream(ChunkSchemas.of(kind).fieldNames())
        .map(name -> col(name).isNotNull()).toArray(Column[]::new))).geq(0);
    return checked.where(col(REJECT_REASON).isNotNull().and(everyField));
  }

  /**
   * The typed fields, taken from the lenient parse for records Spark could not read typed, and the
   * reason to reject, if any.
   */
  private static Dataset<Row> checked(Dataset<Row> records, ChunkKind kind) {
    Column corrupt = col(ChunkSchemas.CORRUPT_RECORD);
    Column unread = corrupt.isNotNull();
    StructType lenientSchema = ChunkSchemas.lenient(kind);
    Dataset<Row> withLenient = records.withColumn(LENIENT,
        when(unread, from_json(corrupt, lenientSchema,
            Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", ChunkSchemas.CORRUPT_RECORD))));
    List<Column> columns = new ArrayList<>();
    for (StructField field : ChunkSchemas.of(kind).fields()) {
      columns.add(when(unread, col(LENIENT + "." + field.name()).cast(field.dataType()))
          .otherwise(col(field.name())).as(field.name()));
    }
    Column reason = when(unread, reason(kind));
    columns.add(reason.as(REJECT_REASON));
    columns.add(when(unread, corrupt).as(RECORD_TEXT));
    columns.add(when(unread, input_file_name()).as(CHUNK));
    return withLenient.select(columns.toArray(Column[]::new));
  }

  /**
   * Why a record Spark could not read typed is rejected; null when its values are numbers after
   * all (an npi or a rate written as a quoted number), which the typed cast then reads exactly.
   */
  private static Column reason(ChunkKind kind) {
    String lenient = LENIENT;
    StringBuilder sql = new StringBuilder("CASE WHEN ").append(lenient).append('.')
        .append(ChunkSchemas.CORRUPT_RECORD).append(" IS NOT NULL THEN '").append(UNREADABLE)
        .append("' ");
    switch (kind) {
      case RATES -> {
        notADecimal(sql, lenient + ".negotiated_prices", "negotiated_rate");
        notAnInteger(sql, npis(lenient + ".provider_groups"));
      }
      case PROVIDER_REFERENCES -> notAnInteger(sql, npis(lenient + ".provider_groups"));
      case ALLOWED_AMOUNTS -> {
        String providers = "flatten(transform(coalesce(" + lenient + ".payments, array()),"
            + " p -> coalesce(p.providers, array())))";
        notADecimal(sql, lenient + ".payments", "allowed_amount");
        notADecimal(sql, providers, "billed_charge");
        notAnInteger(sql, npis(providers));
      }
      case ITEMS, OUT_OF_NETWORK_ITEMS -> {
        // Scalars only: what the typed read cannot take makes the record unreadable.
      }
    }
    return expr(sql.append("END").toString());
  }

  /** The npi entries of every group (or provider) of the array of structs {@code holders}. */
  private static String npis(String holders) {
    return "flatten(transform(coalesce(" + holders + ", array()), g -> coalesce(g.npi, array())))";
  }

  /** A WHEN naming the first {@code field} of the structs of {@code array} that is no decimal. */
  private static void notADecimal(StringBuilder sql, String array, String field) {
    String bad = "filter(" + array + ", x -> x." + field + " IS NOT NULL AND try_cast(x." + field
        + " AS " + ChunkSchemas.RATE.sql() + ") IS NULL)";
    sql.append("WHEN size(").append(bad).append(") > 0 THEN concat('").append(field)
        .append(" is not a number: ', ").append(bad).append("[0].").append(field).append(") ");
  }

  /** A WHEN naming the first entry of the array {@code npis} that is no integer. */
  private static void notAnInteger(StringBuilder sql, String npis) {
    String bad = "filter(" + npis + ", n -> n IS NOT NULL AND try_cast(n AS BIGINT) IS NULL)";
    sql.append("WHEN size(").append(bad).append(") > 0 THEN concat('npi is not an integer: ', ")
        .append(bad).append("[0]) ");
  }

  private static StructType withCorruptRecord(StructType schema) {
    return schema.add(ChunkSchemas.CORRUPT_RECORD, DataTypes.StringType);
  }

  private static Dataset<Row> union(
      List<PreprocessedSource> sources, Function<PreprocessedSource, Dataset<Row>> read) {
    return sources.stream().map(read).reduce(Dataset::unionByName).orElseThrow();
  }
}
