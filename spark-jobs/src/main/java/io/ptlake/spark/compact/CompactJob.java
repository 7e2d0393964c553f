package io.ptlake.spark.compact;

import io.ptlake.spark.compact.CompactReport.TableReport;
import io.ptlake.spark.ingest.TableFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code compact} job: merges the small files that monthly loads leave in each partition
 * (every load adds at least one file per partition it writes) into files near a target size, for
 * the tables of {@link CompactConfig#tables}. Writes nothing with {@code dryRun}.
 */
public final class CompactJob {
  private static final Logger LOG = LoggerFactory.getLogger(CompactJob.class);

  private CompactJob() {}

  public static CompactReport run(SparkSession spark, CompactConfig config) {
    long started = System.nanoTime();
    List<TableReport> reports = new ArrayList<>();
    List<String> tables = config.tables();
    boolean all = config.table().equals(CompactConfig.ALL_TABLES);
    for (String table : tables) {
      // Only in_network_rates (or the one table named) is written as Iceberg by the ingest.
      boolean iceberg = config.format() == TableFormat.ICEBERG && table.equals(tables.get(0));
      String name = iceberg ? IcebergCompactor.CATALOG + "." + table : table;
      if (all && !spark.catalog().tableExists(name)) {
        LOG.info("Skipping {}: the warehouse has no such table", name);
        continue;
      }
      if (!iceberg && !spark.catalog().tableExists(table)) {
        throw new CompactException("Cannot compact " + table + " because the catalog has no such"
            + " table (is --warehouse the ingest's, and --database and --table its names?)");
      }
      reports.add(iceberg ? new IcebergCompactor(spark, config).compact(table)
          : new TableCompactor(spark, config).compact(table));
    }
    if (reports.isEmpty()) {
      throw new CompactException("Cannot compact because the database " + config.database()
          + " holds none of the tables " + tables);
    }
    return new CompactReport(config.dryRun(), reports, (System.nanoTime() - started) / 1e9);
  }
}
