package io.ptlake.spark.ingest;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createDecimalType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.ptlake.preprocess.ChunkKind;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas Spark reads the chunk files with (docs/chunk-format.md). Always explicit: inference
 * would read every chunk twice and guess a double for negotiated_rate. Fields the table does not
 * use (bundled_codes, covered_services) are left out, and Spark's JSON reader skips them; an
 * item's negotiated_rates_count sizes the write ({@link WriteTasks}).
 */
public final class ChunkSchemas {
  /** Exact for every rate a payer publishes: JSON number text goes straight into a decimal. */
  public static final DecimalType RATE = createDecimalType(38, 10);

  /** One provider group, inline in a rate or inside a provider_references entry. */
  public static final StructType PROVIDER_GROUP = createStructType(List.of(
      field("npi", createArrayType(LongType)),
      field("tin", createStructType(List.of(
          field("type", StringType),
          field("value", StringType),
          field("business_name", StringType))))));

  public static final ArrayType PROVIDER_GROUPS = createArrayType(PROVIDER_GROUP);

  public static final StructType NEGOTIATED_PRICE = createStructType(List.of(
      field("negotiated_type", StringType),
      field("negotiated_rate", RATE),
      field("expiration_date", DateType),
      field("service_code", createArrayType(StringType)),
      field("billing_class", StringType),
      field("setting", StringType),
      field("billing_code_modifier", createArrayType(StringType)),
      field("additional_information", StringType)));

  /** {@code in_network/}: one negotiated rate, tagged with its item's ordinal. */
  public static final StructType RATES = createStructType(List.of(
      field("item", LongType),
      field("provider_references", createArrayType(StringType)),
      field("provider_groups", PROVIDER_GROUPS),
      field("negotiated_prices", createArrayType(NEGOTIATED_PRICE))));

  /** {@code in_network_items/}: an item's scalar fields. */
  public static final StructType ITEMS = createStructType(List.of(
      field("item", LongType),
      field("negotiation_arrangement", StringType),
      field("name", StringType),
      field("billing_code_type", StringType),
      field("billing_code_type_version", StringType),
      field("billing_code", StringType),
      field("description", StringType),
      field("severity_of_illness", StringType),
      field("negotiated_rates_count", LongType)));

  /** {@code provider_references/}: one entry of the file's provider_references array. */
  public static final StructType PROVIDER_REFERENCES = createStructType(List.of(
      field("provider_group_id", StringType),
      field("network_name", createArrayType(StringType)),
      field("provider_groups", PROVIDER_GROUPS)));

  /** A payment's provider: its billed charge and NPIs (allowed-amounts files). */
  public static final StructType PROVIDER = createStructType(List.of(
      field("billed_charge", RATE),
      field("npi", createArrayType(LongType))));

  /** One payment of an allowed_amounts entry. */
  public static final StructType PAYMENT = createStructType(List.of(
      field("allowed_amount", RATE),
      field("billing_code_modifier", createArrayType(StringType)),
      field("providers", createArrayType(PROVIDER))));

  /** {@code out_of_network/}: one allowed_amounts entry, tagged with its item's ordinal. */
  public static final StructType ALLOWED_AMOUNTS = createStructType(List.of(
      field("item", LongType),
      field("tin", createStructType(List.of(
          field("type", StringType),
          field("value", StringType)))),
      field("service_code", createArrayType(StringType)),
      field("billing_class", StringType),
      field("setting", StringType),
      field("payments", createArrayType(PAYMENT))));

  /** {@code out_of_network_items/}: an out_of_network item's scalar fields. */
  public static final StructType OUT_OF_NETWORK_ITEMS = createStructType(List.of(
      field("item", LongType),
      field("name", StringType),
      field("billing_code_type", StringType),
      field("billing_code_type_version", StringType),
      field("billing_code", StringType),
      field("description", StringType),
      field("allowed_amounts_count", LongType)));

  /**
   * Where Spark's PERMISSIVE JSON reader puts the text of a line it cannot read with the schema
   * (not JSON, or a value of the wrong JSON type such as an object where an array belongs).
   */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  private ChunkSchemas() {}

  /** The typed schema of a chunk set: what the explode works on. */
  public static StructType of(ChunkKind kind) {
    return switch (kind) {
      case RATES -> RATES;
      case ITEMS -> ITEMS;
      case PROVIDER_REFERENCES -> PROVIDER_REFERENCES;
      case ALLOWED_AMOUNTS -> ALLOWED_AMOUNTS;
      case OUT_OF_NETWORK_ITEMS -> OUT_OF_NETWORK_ITEMS;
    };
  }

  /**
   * The schema the chunks are read with: {@link #of} with npi and the decimals (negotiated_rate,
   * allowed_amount, billed_charge) as strings (JSON
   * number text as it is, or a quoted value), so a bad value is found, named and rejected with its
   * record instead of failing the read; plus {@link #CORRUPT_RECORD}. Casting a checked record
   * to {@link #of} is then exact.
   */
  public static StructType lenient(ChunkKind kind) {
    StructType typed = of(kind);
    StructType lenient = (StructType) loosen(typed);
    return lenient.add(CORRUPT_RECORD, StringType, true);
  }

  private static DataType loosen(DataType type) {
    if (type instanceof StructType struct) {
      return createStructType(java.util.Arrays.stream(struct.fields())
          .map(f -> field(f.name(), f.name().equals("npi") ? createArrayType(StringType)
              : f.dataType() instanceof DecimalType ? StringType : loosen(f.dataType())))
          .toList());
    }
    if (type instanceof ArrayType array) {
      return createArrayType(loosen(array.elementType()));
    }
    return type;
  }

  private static StructField field(String name, DataType type) {
    return createStructField(name, type, true);
  }
}
