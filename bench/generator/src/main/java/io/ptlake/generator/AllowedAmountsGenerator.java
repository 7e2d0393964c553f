package io.ptlake.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic allowed-amounts (out-of-network) file for an {@link AllowedAmountsSpec} and
 * returns what it contains, counted from the same draws that make the bytes. Items are streamed
 * as they are drawn, each from its own random stream: memory is constant in the file size.
 *
 * <p>Each item is a billing code of the in-network twin's sequence (a dozen well-known codes
 * first), each entry a TIN with its place-of-service codes and billing class, each payment an
 * allowed amount near the code's usual price, and each provider a billed charge above it with the
 * NPIs of the same pool as the in-network files'. Empty payments, providers and npi arrays occur
 * at the spec's fractions: every case of the row rules.
 */
public final class AllowedAmountsGenerator {
  private static final String[][] MODIFIERS = {{"26"}, {"TC"}, {"25"}, {"59"}};
  private static final String[] SETTINGS = {"inpatient", "outpatient"};

  private final AllowedAmountsSpec spec;
  private final JsonGenerator gen;
  private final BillingCodes codes;
  private final Header header;
  private final CountingOutputStream counter;

  private long items;
  private long entries;
  private long payments;
  private long providers;
  private long npis;
  private long rows;
  private final SortedMap<String, Long> rowsByCode = new TreeMap<>();

  private AllowedAmountsGenerator(
      AllowedAmountsSpec spec, JsonGenerator gen, CountingOutputStream counter) {
    this.spec = spec;
    this.gen = gen;
    this.counter = counter;
    GeneratorSpec twin = spec.inNetworkTwin();
    this.codes = new BillingCodes(twin);
    this.header = Header.of(twin);
  }

  /** Writes the file at {@code out} and its counts beside it ({@link ExpectedCounts#sidecarOf}). */
  public static AllowedAmountsCounts writeWithSidecar(AllowedAmountsSpec spec, Path out)
      throws IOException {
    AllowedAmountsCounts counts;
    try (OutputStream file = Files.newOutputStream(out)) {
      counts = write(spec, file);
    }
    Files.writeString(ExpectedCounts.sidecarOf(out), counts.toJson());
    return counts;
  }

  /** Writes the file to {@code out}, which is flushed but left open. */
  public static AllowedAmountsCounts write(AllowedAmountsSpec spec, OutputStream out)
      throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(out, TicFileGenerator.BUFFER_BYTES);
    GZIPOutputStream gzip =
        spec.gzip() ? TicFileGenerator.gzip(buffered, spec.gzipLevel()) : null;
    CountingOutputStream counter = new CountingOutputStream(gzip != null ? gzip : buffered);
    AllowedAmountsGenerator generator;
    try (JsonGenerator gen = Json.generator(counter, spec.pretty())) {
      generator = new AllowedAmountsGenerator(spec, gen, counter);
      generator.writeRoot();
    }
    if (gzip != null) {
      gzip.finish();
    }
    buffered.flush();
    return generator.counts(counter.count());
  }

  private AllowedAmountsCounts counts(long uncompressedBytes) {
    return new AllowedAmountsCounts(items, entries, payments, providers, npis, rows,
        items > Tally.ROWS_BY_CODE_LIMIT ? new TreeMap<>() : rowsByCode, uncompressedBytes);
  }

  private void writeRoot() throws IOException {
    gen.writeStartObject();
    boolean headerFirst = spec.headerPlacement() == GeneratorSpec.HeaderPlacement.START;
    if (headerFirst) {
      header.write(gen);
    }
    gen.writeArrayFieldStart("out_of_network");
    ItemSchedule schedule = spec.targetBytes() > 0
        ? ItemSchedule.bySize(0, 0, position(), spec.targetBytes() - trailerBytes(headerFirst))
        : ItemSchedule.byCount(spec.itemCount(), 0);
    for (long ordinal = 0; schedule.next(position()) != null; ordinal++) {
      writeItem(ordinal);
    }
    gen.writeEndArray();
    if (!headerFirst) {
      header.write(gen);
    }
    gen.writeEndObject();
  }

  /** Bytes after the last item: the array's end, the header when it closes the file, the end. */
  private long trailerBytes(boolean headerFirst) throws IOException {
    CountingOutputStream sink = new CountingOutputStream(OutputStream.nullOutputStream());
    try (JsonGenerator dry = Json.generator(sink, spec.pretty())) {
      dry.writeStartObject();
      if (!headerFirst) {
        header.write(dry);
      }
      dry.writeEndObject();
    }
    return sink.count() + 1;
  }

  private void writeItem(long ordinal) throws IOException {
    Random rng = Seeds.random(spec.seed(), Seeds.OUT_OF_NETWORK, ordinal);
    BillingCodes.Code code = codes.next(rng);
    boolean scalarsAfter = rng.nextDouble() < spec.scalarsAfterFraction();
    gen.writeStartObject();
    if (!scalarsAfter) {
      writeCodeFields(code);
    }
    gen.writeArrayFieldStart("allowed_amounts");
    long itemRows = 0;
    for (int n = spec.entriesPerItem().draw(rng); n > 0; n--) {
      itemRows += writeEntry(rng, code);
    }
    gen.writeEndArray();
    if (scalarsAfter) {
      writeCodeFields(code);
    }
    gen.writeEndObject();
    items++;
    rows += itemRows;
    if (items > Tally.ROWS_BY_CODE_LIMIT) {
      rowsByCode.clear();
    } else {
      rowsByCode.merge(code.code(), itemRows, Long::sum);
    }
  }

  private void writeCodeFields(BillingCodes.Code code) throws IOException {
    gen.writeStringField("name", code.name());
    gen.writeStringField("billing_code_type", code.type());
    gen.writeStringField("billing_code_type_version", "2025");
    gen.writeStringField("billing_code", code.code());
    gen.writeStringField("description", code.description());
  }

  /** One allowed_amounts entry; returns its rows. */
  private long writeEntry(Random rng, BillingCodes.Code code) throws IOException {
    entries++;
    gen.writeStartObject();
    gen.writeObjectFieldStart("tin");
    if (rng.nextInt(10) == 0) {
      // A sole practitioner reports an NPI in place of an SSN.
      gen.writeStringField("type", "npi");
      gen.writeStringField("value", Long.toString(ProviderGroups.npi(rng.nextInt(ProviderGroups.NPI_POOL))));
    } else {
      gen.writeStringField("type", "ein");
      gen.writeStringField("value", ProviderGroups.ein(rng.nextInt(ProviderGroups.TIN_POOL)));
    }
    gen.writeEndObject();
    boolean professional = rng.nextInt(10) < 7;
    if (professional) {
      gen.writeArrayFieldStart("service_code");
      int first = rng.nextInt(ItemWriter.PLACE_OF_SERVICE_TABLE.length - 3);
      for (int i = 0, n = 1 + rng.nextInt(3); i < n; i++) {
        gen.writeString(ItemWriter.PLACE_OF_SERVICE_TABLE[first + i]);
      }
      gen.writeEndArray();
    }
    gen.writeStringField("billing_class", professional ? "professional" : "institutional");
    if (spec.version() == GeneratorSpec.Version.V2) {
      gen.writeStringField("setting", SETTINGS[rng.nextInt(SETTINGS.length)]);
    }
    gen.writeArrayFieldStart("payments");
    long entryRows = 0;
    if (rng.nextDouble() >= spec.emptyPaymentsFraction()) {
      for (int n = spec.paymentsPerEntry().draw(rng); n > 0; n--) {
        entryRows += writePayment(rng, code);
      }
    }
    gen.writeEndArray();
    gen.writeEndObject();
    return entryRows;
  }

  /** One payment; returns max(1, Σ over its providers of max(1, |npi|)). */
  private long writePayment(Random rng, BillingCodes.Code code) throws IOException {
    payments++;
    // What a plan allows an out-of-network provider: around the code's in-network price.
    long allowed = Math.max(1, Math.round(code.baseCents() * (0.8 + 1.7 * rng.nextDouble())));
    gen.writeStartObject();
    gen.writeFieldName("allowed_amount");
    gen.writeNumber(cents(allowed));
    if (rng.nextInt(8) == 0) {
      gen.writeArrayFieldStart("billing_code_modifier");
      for (String modifier : MODIFIERS[rng.nextInt(MODIFIERS.length)]) {
        gen.writeString(modifier);
      }
      gen.writeEndArray();
    }
    gen.writeArrayFieldStart("providers");
    long weight = 0;
    if (rng.nextDouble() >= spec.emptyProvidersFraction()) {
      for (int n = spec.providersPerPayment().draw(rng); n > 0; n--) {
        weight += Math.max(1, writeProvider(rng, allowed));
      }
    }
    gen.writeEndArray();
    gen.writeEndObject();
    return Math.max(1, weight);
  }

  /** One provider; returns its NPIs. */
  private int writeProvider(Random rng, long allowedCents) throws IOException {
    providers++;
    gen.writeStartObject();
    gen.writeFieldName("billed_charge");
    gen.writeNumber(cents(Math.round(allowedCents * (1.2 + 2.0 * rng.nextDouble()))));
    gen.writeArrayFieldStart("npi");
    int n = rng.nextDouble() < spec.emptyNpiFraction() ? 0 : spec.npisPerProvider().draw(rng);
    for (int i = 0; i < n; i++) {
      gen.writeNumber(ProviderGroups.npi(rng.nextInt(ProviderGroups.NPI_POOL)));
    }
    gen.writeEndArray();
    gen.writeEndObject();
    npis += n;
    return n;
  }

  /** Exact decimal text with two decimals: the pipeline must keep it as written. */
  private static String cents(long cents) {
    return cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100;
  }

  /** Uncompressed bytes so far, including those still in the generator's buffer. */
  private long position() {
    return counter.count() + gen.getOutputBuffered();
  }
}
