package io.ptlake.spark.parquet;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A table's rows as parquet-mr's own record reader gives them (its example Group records, no
 * Spark involved), each as one canonical line: values by the file schema's logical types, then the
 * partition folders' values. Two tables hold the same rows when their multisets are equal.
 */
public final class ParquetRows {
  private ParquetRows() {}

  /** Lines of every Parquet file under {@code location}, with how often each occurs. */
  public static Map<String, Long> multiset(Path location) throws IOException {
    Map<String, Long> lines = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(location)) {
      files = walk.filter(file -> file.getFileName().toString().endsWith(".parquet")).toList();
    }
    Configuration conf = new Configuration();
    for (Path file : files) {
      String partitions = partitions(location, file);
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
          new org.apache.hadoop.fs.Path(file.toUri())).withConf(conf).build()) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          lines.merge(line(row) + partitions, 1L, Long::sum);
        }
      }
    }
    return lines;
  }

  private static String partitions(Path location, Path file) {
    StringBuilder values = new StringBuilder();
    for (Path folder : location.relativize(file.getParent())) {
      values.append('|').append(folder);
    }
    return values.toString();
  }

  private static String line(Group row) {
    List<String> cells = new ArrayList<>();
    GroupType schema = row.getType();
    for (int field = 0; field < schema.getFieldCount(); field++) {
      Type type = schema.getType(field);
      if (row.getFieldRepetitionCount(field) == 0) {
        cells.add("null");
      } else if (type.isPrimitive()) {
        cells.add(value(row, field, type.asPrimitiveType()));
      } else {
        cells.add(list(row.getGroup(field, 0)));
      }
    }
    return String.join("|", cells);
  }

  /** Spark's three-level list: repeated group list { optional element }. */
  private static String list(Group array) {
    List<String> elements = new ArrayList<>();
    int count = array.getFieldRepetitionCount("list");
    for (int i = 0; i < count; i++) {
      Group entry = array.getGroup("list", i);
      elements.add(entry.getFieldRepetitionCount("element") == 0 ? "null"
          : value(entry, 0, entry.getType().getType(0).asPrimitiveType()));
    }
    return elements.toString();
  }

  private static String value(Group row, int field, PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    return switch (type.getPrimitiveTypeName()) {
      case INT32 -> logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
          ? LocalDate.ofEpochDay(row.getInteger(field, 0)).toString()
          : String.valueOf(row.getInteger(field, 0));
      case INT64 -> String.valueOf(row.getLong(field, 0));
      case FIXED_LEN_BYTE_ARRAY, BINARY -> {
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
          yield new BigDecimal(new BigInteger(row.getBinary(field, 0).getBytes()),
              decimal.getScale()).toPlainString();
        }
        yield row.getBinary(field, 0).toStringUsingUTF8();
      }
      default -> throw new IllegalArgumentException("No canonical form for " + type);
    };
  }
}
