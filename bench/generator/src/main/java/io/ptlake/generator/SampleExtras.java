package io.ptlake.generator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * The sample-data/ files beside the in-network samples ({@link SampleDataSet}): an allowed-amounts
 * file of one of their payers, a table of contents listing some of them by relative location, an
 * NPPES-shaped ZIP of every NPI the samples hold (a few left out, a few deactivated) and a sample
 * of the NUCC taxonomy code set. What {@code ./ptlake demo} loads beside the rates.
 */
public final class SampleExtras {
  /** An allowed-amounts file of the payer of {@link SampleDataSet#V2_REFS_FIRST}. */
  public static final String ALLOWED_AMOUNTS = "v2-allowed-amounts.json";
  /** The table of contents, in its own folder: its locations are relative to it. */
  public static final String TOC = "toc/table-of-contents.json";
  public static final String NPPES = "nppes/NPPES_Data_Dissemination_sample.zip";
  public static final String TAXONOMIES = "nppes/nucc_taxonomy_sample.csv";
  /** Seed of the NPPES sample: which NPIs are left out and deactivated. */
  public static final long NPPES_SEED = 7;

  private SampleExtras() {}

  /** The allowed-amounts sample: the header and opening codes of its in-network twin. */
  public static AllowedAmountsSpec allowedAmountsSpec() {
    GeneratorSpec twin = SampleDataSet.V2_REFS_FIRST.spec();
    return AllowedAmountsSpec.builder()
        .seed(twin.seed())
        .version(twin.version())
        .reportingEntityName(twin.reportingEntityName())
        .items(30)
        .emptyPaymentsFraction(0.03)
        .emptyProvidersFraction(0.05)
        .emptyNpiFraction(0.05)
        .build();
  }

  /**
   * The sample ToC: structures of that payer listing its two 2.x in-network files and its
   * allowed-amounts file; the first plan is the one the first file's header names.
   */
  public static TocSpec tocSpec() {
    GeneratorSpec twin = SampleDataSet.V2_REFS_FIRST.spec();
    Map<String, String> header = Header.of(twin).fields();
    Map<String, String> plan = new LinkedHashMap<>();
    for (String field : List.of("plan_name", "plan_id_type", "plan_id", "issuer_name",
        "plan_sponsor_name", "plan_market_type")) {
      plan.put(field, header.get(field));
    }
    return TocSpec.builder()
        .seed(twin.seed())
        .reportingEntityName(twin.reportingEntityName())
        .lastUpdatedOn(header.get("last_updated_on"))
        .structures(4)
        .plansPerStructure(IntRange.of(1, 3))
        .inNetworkPerStructure(IntRange.of(1, 2))
        .inNetworkFiles(List.of("../" + SampleDataSet.V2_REFS_FIRST.fileName(),
            "../" + SampleDataSet.V2_PRETTY.fileName()))
        .allowedAmountFiles(List.of("../" + ALLOWED_AMOUNTS))
        .firstPlan(plan)
        .pretty(true)
        .build();
  }

  /**
   * Writes the extras into {@code dir}, which already holds the {@link SampleDataSet} files: the
   * NPPES sample takes its NPIs from them and the allowed-amounts file.
   */
  public static void writeTo(Path dir) throws IOException {
    AllowedAmountsGenerator.writeWithSidecar(allowedAmountsSpec(), dir.resolve(ALLOWED_AMOUNTS));
    Files.createDirectories(dir.resolve(TOC).getParent());
    TocGenerator.writeWithSidecar(tocSpec(), dir.resolve(TOC));
    Files.createDirectories(dir.resolve(NPPES).getParent());
    List<Path> sources = new ArrayList<>();
    for (SampleDataSet sample : SampleDataSet.values()) {
      sources.add(dir.resolve(sample.fileName()));
    }
    sources.add(dir.resolve(ALLOWED_AMOUNTS));
    try (OutputStream out = Files.newOutputStream(dir.resolve(NPPES))) {
      NppesFile.writeZip(npis(sources), NPPES_SEED, out);
    }
    try (Writer out = Files.newBufferedWriter(dir.resolve(TAXONOMIES), StandardCharsets.UTF_8)) {
      TaxonomySample.write(out);
    }
  }

  /** Every NPI of the files' {@code npi} arrays, sorted and distinct; npi 0 (a TIN) left out. */
  public static List<Long> npis(List<Path> files) throws IOException {
    TreeSet<Long> npis = new TreeSet<>();
    for (Path file : files) {
      try (InputStream raw = Files.newInputStream(file);
          InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
          JsonParser p = Json.FACTORY.createParser(in)) {
        for (JsonToken token = p.nextToken(); token != null; token = p.nextToken()) {
          if (token == JsonToken.FIELD_NAME && p.currentName().equals("npi")
              && p.nextToken() == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
              npis.add(p.getLongValue());
            }
          }
        }
      }
    }
    npis.remove(0L);
    return List.copyOf(npis);
  }
}
