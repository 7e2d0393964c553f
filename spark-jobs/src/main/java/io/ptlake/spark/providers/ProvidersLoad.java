package io.ptlake.spark.providers;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.ptlake.spark.ingest.IngestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the NPPES "full replacement monthly" NPI file into {@code providers}, and the NUCC
 * taxonomy code set into {@code taxonomies}, each replacing its table whole ({@link
 * ReplacedTable}). Spark's CSV reader reads them with an explicit schema: every column of the
 * file's own header as a string (no inference pass over 9 GB), the needed ones found by name,
 * so a column CMS adds or moves does not shift the others; a missing one is named in the error.
 */
public final class ProvidersLoad {
  private static final Logger LOG = LoggerFactory.getLogger(ProvidersLoad.class);

  /** The NPI file of the monthly ZIP; not its {@code _fileheader.csv}, nor the other files. */
  static final Pattern NPPES_ENTRY = Pattern.compile("(?i)npidata_pfile_.*(?<!fileheader)\\.csv");
  private static final Pattern ANY_CSV = Pattern.compile("(?i).*\\.csv");
  /** NPPES's taxonomy slots: Healthcare Provider Taxonomy Code_1 .. _15. */
  static final int TAXONOMY_SLOTS = 15;
  private static final String NPPES_DATE = "MM/dd/yyyy";

  private final SparkSession spark;
  private final String database;

  public ProvidersLoad(SparkSession spark, String database) {
    this.spark = spark;
    this.database = database;
  }

  /**
   * What one load wrote.
   *
   * @param table the table replaced
   * @param sourceFile the file loaded
   * @param location the table's new version folder
   * @param rowsRead data rows of the file
   * @param rowsWritten rows of the new version, counted from its Parquet footers
   * @param rowsWithoutKey rows left out: an NPI that is not a 10-digit number, or a blank code
   * @param counts more counts of what was loaded (organizations, deactivated, …)
   */
  public record LoadReport(String table, String sourceFile, String location, long rowsRead,
      long rowsWritten, long rowsWithoutKey, Map<String, Long> counts, Duration elapsed) {
    public LoadReport {
      counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }
  }

  /** Loads an NPPES file (plain CSV, gzip, or the monthly ZIP) into {@code providers}. */
  public LoadReport loadProviders(String file) {
    return load(file, ProviderTables.PROVIDERS, NPPES_ENTRY,
        (rows, header) -> providers(rows, header), "NPI",
        header -> header.value("NPI").rlike("^[0-9]{10}$"));
  }

  /** Loads the NUCC taxonomy code set (CSV, or a ZIP holding it) into {@code taxonomies}. */
  public LoadReport loadTaxonomies(String file) {
    return load(file, ProviderTables.TAXONOMIES, ANY_CSV,
        (rows, header) -> taxonomies(rows, header), "Code",
        header -> header.value("Code").isNotNull());
  }

  /** How a file's string columns become a table's rows. */
  private interface Shape {
    Dataset<Row> rows(Dataset<Row> strings, Columns header);
  }

  /**
   * @param keyColumn the column a row is identified by
   * @param hasKey whether a row's key is valid; rows without are counted and left out
   */
  private LoadReport load(String file, String name, Pattern entry, Shape shape, String keyColumn,
      Function<Columns, Column> hasKey) {
    long start = System.nanoTime();
    String table = database + "." + name;
    try (CsvInput input = CsvInput.open(spark, file, n -> entry.matcher(n).matches(), name)) {
      Columns header = new Columns(input.header(), file);
      LongAccumulator read = spark.sparkContext().longAccumulator("ptlake rows of " + file);
      LongAccumulator keyless = spark.sparkContext().longAccumulator("ptlake rows without key");
      Dataset<Row> strings = spark.read()
          .schema(header.schema())
          .option("header", true)
          .option("multiLine", !name.equals(ProviderTables.PROVIDERS))
          .option("mode", "PERMISSIVE")
          .csv(input.path());
      // Counted in the write's one pass: every row read, and those left out for their key.
      Dataset<Row> counted = strings.where(counter(read).apply(lit(1))
          .and(coalesce(hasKey.apply(header), lit(false))
              .or(counter(keyless).apply(lit(1)).and(lit(false)))));
      Dataset<Row> rows = shape.rows(counted, header);
      Path version = new ReplacedTable(spark, table).replace(rows);
      long written = spark.read().parquet(version.toString()).count();
      Map<String, Long> counts = counts(table, name);
      LoadReport report = new LoadReport(table, file, version.toString(), read.value(), written,
          keyless.value(), counts, Duration.ofNanos(System.nanoTime() - start));
      if (written != read.value() - keyless.value()) {
        throw new IngestException("Cannot trust the load of " + file + " into " + table + ": it"
            + " read " + read.value() + " rows, left out " + keyless.value() + " without "
            + keyColumn + ", and " + version + " holds " + written);
      }
      LOG.info("Loaded {} rows of {} into {}", written, file, table);
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load " + file + " into " + table, e);
    }
  }

  /** True, counting each row it is called for: the read's own tally, in the write's one pass. */
  private static UserDefinedFunction counter(LongAccumulator accumulator) {
    return udf((UDF1<Integer, Boolean>) one -> {
      accumulator.add(1);
      return true;
    }, DataTypes.BooleanType).asNondeterministic();
  }

  /** The NPPES columns as the providers table's (docs/providers.md has the rules). */
  private static Dataset<Row> providers(Dataset<Row> rows, Columns h) {
    List<String> needed = new ArrayList<>(List.of("NPI", "Entity Type Code",
        "Provider Organization Name (Legal Business Name)", "Provider Last Name (Legal Name)",
        "Provider First Name", "Provider Credential Text",
        "Provider Business Practice Location Address City Name",
        "Provider Business Practice Location Address State Name",
        "Provider Business Practice Location Address Postal Code", "NPI Deactivation Date",
        "NPI Reactivation Date"));
    for (int slot = 1; slot <= TAXONOMY_SLOTS; slot++) {
      needed.add("Healthcare Provider Taxonomy Code_" + slot);
      needed.add("Healthcare Provider Primary Taxonomy Switch_" + slot);
    }
    h.require(needed);
    List<Column> codes = new ArrayList<>();
    Column primary = null;
    for (int slot = 1; slot <= TAXONOMY_SLOTS; slot++) {
      Column code = h.value("Healthcare Provider Taxonomy Code_" + slot);
      Column isPrimary = h.value("Healthcare Provider Primary Taxonomy Switch_" + slot)
          .equalTo("Y");
      codes.add(code);
      primary = primary == null ? when(isPrimary, code) : coalesce(primary, when(isPrimary, code));
    }
    Column listed = filter(array(codes.toArray(Column[]::new)), Column::isNotNull);
    Column entity = h.value("Entity Type Code");
    Column organization = entity.equalTo("2");
    return rows.select(
        h.value("NPI").cast(DataTypes.LongType).as("npi"),
        when(entity.equalTo("1"), "individual").when(organization, "organization")
            .as("entity_type"),
        when(organization, h.value("Provider Organization Name (Legal Business Name)"))
            .otherwise(when(h.value("Provider Last Name (Legal Name)").isNotNull(),
                concat_ws(", ", h.value("Provider Last Name (Legal Name)"),
                    h.value("Provider First Name")))).as("name"),
        h.value("Provider Credential Text").as("credential"),
        h.value("Provider Business Practice Location Address City Name").as("city"),
        h.value("Provider Business Practice Location Address State Name").as("state"),
        nullIfEmpty(regexp_extract(
            h.value("Provider Business Practice Location Address Postal Code"), "^(\\d{5})", 1))
            .as("zip5"),
        coalesce(primary, listed.getItem(0)).as("primary_taxonomy_code"),
        listed.as("taxonomy_codes"),
        to_date(h.value("NPI Deactivation Date"), NPPES_DATE).as("deactivation_date"),
        to_date(h.value("NPI Reactivation Date"), NPPES_DATE).as("reactivation_date"));
  }

  private static Dataset<Row> taxonomies(Dataset<Row> rows, Columns h) {
    h.require(List.of("Code", "Grouping", "Classification", "Specialization"));
    return rows.select(
        h.value("Code").as("code"),
        h.value("Grouping").as("taxonomy_group"),
        h.value("Classification").as("classification"),
        h.value("Specialization").as("specialization"),
        h.optional("Display Name").as("display_name"));
  }

  /** Counts an analyst checks a load by. */
  private Map<String, Long> counts(String table, String name) {
    Map<String, Long> counts = new LinkedHashMap<>();
    if (name.equals(ProviderTables.PROVIDERS)) {
      Row row = spark.sql("SELECT count_if(entity_type = 'individual'),"
          + " count_if(entity_type = 'organization'), count_if(deactivation_date IS NOT NULL"
          + " AND (reactivation_date IS NULL OR reactivation_date < deactivation_date)),"
          + " count(*) - count(DISTINCT npi), count_if(primary_taxonomy_code IS NULL)"
          + " FROM " + table).first();
      counts.put("individuals", row.getLong(0));
      counts.put("organizations", row.getLong(1));
      counts.put("deactivated", row.getLong(2));
      counts.put("duplicate_npis", row.getLong(3));
      counts.put("without_taxonomy", row.getLong(4));
    } else {
      counts.put("codes", spark.table(table).count());
    }
    return counts;
  }

  private static Column nullIfEmpty(Column text) {
    return when(text.equalTo(""), lit(null).cast(DataTypes.StringType)).otherwise(text);
  }

  /** The file's columns by name; every one a string, blanks read as null. */
  private static final class Columns {
    private final CsvHeader header;
    private final Map<String, Integer> positions;
    private final String file;
    private final StructType schema;

    Columns(CsvHeader header, String file) {
      this.header = header;
      this.positions = header.positions();
      this.file = file;
      boolean unique = header.names().stream().distinct().count() == header.names().size();
      StructType fields = new StructType();
      for (int i = 0; i < header.names().size(); i++) {
        fields = fields.add(unique ? header.names().get(i) : "_c" + i, DataTypes.StringType, true);
      }
      this.schema = fields;
    }

    /**
     * The file's own names, so that Spark's header check finds what it expects; positional names
     * {@code _c0 … _cN} when two columns share a name, which Spark would refuse.
     */
    StructType schema() {
      return schema;
    }

    /** Fails naming every one of {@code names} the header lacks. */
    void require(List<String> names) {
      List<String> missing = names.stream()
          .filter(name -> !positions.containsKey(CsvHeader.key(name)))
          .map(name -> "'" + name + "'")
          .toList();
      if (!missing.isEmpty()) {
        throw new IngestException("Cannot load " + file + " because its header lacks the columns "
            + String.join(", ", missing) + " (it has " + header.names().size()
            + " columns, starting with "
            + header.names().subList(0, Math.min(5, header.names().size())) + ")");
      }
    }

    /** The trimmed value of the column named {@code name}, null when blank. */
    Column value(String name) {
      Integer position = positions.get(CsvHeader.key(name));
      if (position == null) {
        throw new IngestException("Cannot load " + file + " because its header has no column '"
            + name + "' (it has " + header.names().size() + " columns, starting with "
            + header.names().subList(0, Math.min(5, header.names().size())) + ")");
      }
      String column = schema.fieldNames()[position];
      // Quoted: NPPES names hold spaces, dots and parentheses.
      return nullIfEmpty(trim(col("`" + column.replace("`", "``") + "`")));
    }

    /** As {@link #value}, or null for a file without the column. */
    Column optional(String name) {
      return positions.containsKey(CsvHeader.key(name))
          ? value(name) : lit(null).cast(DataTypes.StringType);
    }
  }
}
