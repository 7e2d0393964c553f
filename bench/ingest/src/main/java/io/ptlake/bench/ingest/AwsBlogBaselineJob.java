package io.ptlake.bench.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import io.ptlake.spark.SparkSessionFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The anchor of the ingest benchmark: the Spark logic of the AWS blog's Glue job for price
 * transparency files, on the chunks {@link BlogChunkSplitter} writes. Kept as the blog wrote it,
 * including what it gets wrong, because the point is to measure that design:
 *
 * <ol>
 *   <li>{@code spark.read.json} with schema inference (one extra pass over all chunks);
 *   <li>{@code crossJoin} of the one-row header onto every item;
 *   <li>{@code explode(negotiated_rates)}, {@code explode(provider_references)};
 *   <li>FULL OUTER join with provider_references on provider_group_id;
 *   <li>{@code explode(provider_groups)}, {@code explode(npi)}, {@code explode(negotiated_prices)};
 *   <li>{@code repartition("billing_code")}, {@code partitionBy("billing_code")
 *       .bucketBy(2, "npi").saveAsTable}.
 * </ol>
 *
 * The plain explodes drop rows: a rate with inline provider_groups and no references (explode of
 * a null array), a group with an empty npi list, and, since the explodes after the join reject
 * nulls from both sides, Spark rewrites the FULL OUTER join as an inner one, so the prices of ids
 * no entry defines (and of entries without groups) are gone too. ptlake keeps them all.
 *
 * <p>The session is ptlake's own local one ({@link SparkSessionFactory#localBuilder}): same
 * NioLocalFileSystem (no forked chmod per file), shuffle partitions and AQE, so only the job's
 * logic differs between the two sides of the benchmark.
 */
@Command(name = "aws-blog-baseline", mixinStandardHelpOptions = true,
    description = "The AWS blog's Glue job logic, on its own JSON-array chunks.")
public final class AwsBlogBaselineJob implements Callable<Integer> {
  /** The table the blog's job writes, in the benchmark's warehouse. */
  public static final String TABLE = "baseline.in_network_rates";

  /** Item fields the blog's flattened table keeps (the nested code lists are left out). */
  private static final List<String> ITEM_FIELDS = List.of("negotiation_arrangement", "name",
      "billing_code_type", "billing_code_type_version", "billing_code", "description");

  @Parameters(arity = "1..*", paramLabel = "CHUNK_DIR",
      description = "Directories written by the split command, one per source file.")
  private List<Path> chunkDirs;

  @Option(names = "--warehouse", required = true, description = "Warehouse folder.")
  private Path warehouse;

  @Option(names = "--master", defaultValue = "local[*]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  private String master;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AwsBlogBaselineJob()).execute(args));
  }

  @Override
  public Integer call() {
    SparkSession spark = SparkSessionFactory.localBuilder(warehouse, master)
        .appName("aws-blog-baseline").getOrCreate();
    try {
      run(spark, chunkDirs);
      return 0;
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs the job once per source directory, as the blog runs one Glue job per file: the first
   * replaces the table, the others append to it.
   */
  public static void run(SparkSession spark, List<Path> chunkDirs) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + TABLE.substring(0, TABLE.indexOf('.')));
    SaveMode mode = SaveMode.Overwrite;
    for (Path dir : chunkDirs) {
      rows(spark, dir)
          .repartition(col("billing_code"))
          .write()
          .mode(mode)
          .format("parquet")
          .partitionBy("billing_code")
          .bucketBy(2, "npi")
          .saveAsTable(TABLE);
      mode = SaveMode.Append;
    }
  }

  /** The blog's explode chain over one source's chunks. */
  static Dataset<Row> rows(SparkSession spark, Path dir) {
    Dataset<Row> header = spark.read().json(dir.resolve(BlogChunkSplitter.HEADER_DIR).toString());
    Dataset<Row> inNetwork =
        spark.read().json(dir.resolve(BlogChunkSplitter.IN_NETWORK_DIR).toString());
    Dataset<Row> references =
        spark.read().json(dir.resolve(BlogChunkSplitter.REFERENCES_DIR).toString());

    List<String> itemFields = new ArrayList<>(List.of(header.columns()));
    Set<String> present = Set.of(inNetwork.columns());
    ITEM_FIELDS.stream().filter(present::contains).forEach(itemFields::add);

    Dataset<Row> rates = inNetwork.crossJoin(header)
        .select(concat(itemFields, explode(col("negotiated_rates")).as("negotiated_rate")));
    Dataset<Row> byReference = rates.select(concat(itemFields,
        explode(col("negotiated_rate.provider_references")).as("provider_reference"),
        col("negotiated_rate.negotiated_prices").as("negotiated_prices")));
    Dataset<Row> joined = byReference.join(
        references.select(col("provider_group_id"), col("provider_groups")),
        byReference.col("provider_reference").equalTo(references.col("provider_group_id")),
        "fullouter");

    List<String> kept = new ArrayList<>(itemFields);
    kept.add("provider_group_id");
    Dataset<Row> groups = joined.select(concat(kept,
        col("negotiated_prices"), explode(col("provider_groups")).as("provider_group")));
    StructType groupType = (StructType) groups.schema().apply("provider_group").dataType();
    StructType tinType = (StructType) groupType.apply("tin").dataType();
    List<Column> tin = new ArrayList<>();
    List<String> withProvider = new ArrayList<>(kept);
    for (StructField field : tinType.fields()) {
      tin.add(col("provider_group.tin." + field.name()).as("tin_" + field.name()));
      withProvider.add("tin_" + field.name());
    }
    tin.add(col("negotiated_prices"));
    tin.add(explode(col("provider_group.npi")).as("npi"));
    Dataset<Row> npis = groups.select(concat(kept, tin.toArray(Column[]::new)));
    List<String> perNpi = new ArrayList<>(withProvider);
    perNpi.add("npi");
    return npis
        .select(concat(perNpi, explode(col("negotiated_prices")).as("negotiated_price")))
        .select(concat(perNpi, col("negotiated_price.*")));
  }

  private static Column[] concat(List<String> columns, Column... more) {
    List<Column> all = new ArrayList<>();
    columns.forEach(name -> all.add(col(name)));
    all.addAll(List.of(more));
    return all.toArray(Column[]::new);
  }
}
