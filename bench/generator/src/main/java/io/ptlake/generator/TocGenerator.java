package io.ptlake.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Writes a synthetic table-of-contents file (CMS schema v2.0: reporting_structure entries of
 * reporting_plans, in_network_files and an allowed_amount_file) and returns what it lists. Each
 * structure comes from its own random stream and is written as it is drawn: memory is the set of
 * distinct files only.
 */
public final class TocGenerator {
  private static final String[] TIERS = {"PPO", "HMO", "EPO", "POS", "HDHP"};
  private static final String[] SPONSORS = {
    "Riverside Manufacturing Inc.", "Golden State Logistics LLC", "Lakeshore School District",
    "Pioneer Software Corp.", "Harbor City Hospitality Group"
  };

  private final TocSpec spec;
  private final JsonGenerator gen;
  private final CountingOutputStream counter;
  private final Set<String> files = new HashSet<>();
  private long structures;
  private long plans;
  private long links;

  private TocGenerator(TocSpec spec, JsonGenerator gen, CountingOutputStream counter) {
    this.spec = spec;
    this.gen = gen;
    this.counter = counter;
  }

  /** Writes the ToC at {@code out} and its counts beside it ({@link ExpectedCounts#sidecarOf}). */
  public static TocCounts writeWithSidecar(TocSpec spec, Path out) throws IOException {
    TocCounts counts;
    try (OutputStream file = Files.newOutputStream(out)) {
      counts = write(spec, file);
    }
    Files.writeString(ExpectedCounts.sidecarOf(out), counts.toJson());
    return counts;
  }

  /** Writes the ToC to {@code out}, which is flushed but left open. */
  public static TocCounts write(TocSpec spec, OutputStream out) throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(out, TicFileGenerator.BUFFER_BYTES);
    CountingOutputStream counter = new CountingOutputStream(buffered);
    TocGenerator generator;
    try (JsonGenerator gen = Json.generator(counter, spec.pretty())) {
      generator = new TocGenerator(spec, gen, counter);
      generator.writeRoot();
    }
    buffered.flush();
    return new TocCounts(generator.structures, generator.plans, generator.files.size(),
        generator.links, counter.count());
  }

  private void writeRoot() throws IOException {
    gen.writeStartObject();
    gen.writeStringField("reporting_entity_name", spec.reportingEntityName());
    gen.writeStringField("reporting_entity_type", "health insurance issuer");
    gen.writeStringField("last_updated_on", spec.lastUpdatedOn());
    gen.writeStringField("version", "2.0.0");
    gen.writeArrayFieldStart("reporting_structure");
    // Two bytes close the array and the object.
    ItemSchedule schedule = spec.targetBytes() > 0
        ? ItemSchedule.bySize(0, 0, position(), spec.targetBytes() - 2)
        : ItemSchedule.byCount(spec.structures(), 0);
    while (schedule.next(position()) != null) {
      writeStructure(Seeds.random(spec.seed(), Seeds.TOC, structures));
    }
    gen.writeEndArray();
    gen.writeEndObject();
  }

  private void writeStructure(Random rng) throws IOException {
    gen.writeStartObject();
    gen.writeArrayFieldStart("reporting_plans");
    int planCount = spec.plansPerStructure().draw(rng);
    for (int i = 0; i < planCount; i++) {
      if (plans == 0 && spec.firstPlan() != null) {
        writePlan(spec.firstPlan());
      } else {
        writeDrawnPlan(rng);
      }
      plans++;
    }
    gen.writeEndArray();
    List<String> listed = pick(rng, spec.inNetworkFiles(), spec.inNetworkPerStructure().draw(rng));
    gen.writeArrayFieldStart("in_network_files");
    for (String location : listed) {
      writeFile("in-network file of " + spec.reportingEntityName(), location);
    }
    gen.writeEndArray();
    List<String> allowed = spec.allowedAmountFiles();
    if (!allowed.isEmpty()) {
      String location = allowed.get((int) (structures % allowed.size()));
      gen.writeFieldName("allowed_amount_file");
      writeFile("allowed amounts file", location);
      listed = new ArrayList<>(listed);
      listed.add(location);
    }
    gen.writeEndObject();
    files.addAll(listed);
    links += (long) planCount * listed.size();
    structures++;
  }

  /** A plan no other structure lists: its id is its ordinal's. */
  private void writeDrawnPlan(Random rng) throws IOException {
    boolean hios = rng.nextBoolean();
    String brand = spec.reportingEntityName().split(" ", 2)[0];
    gen.writeStartObject();
    gen.writeStringField("plan_name",
        brand + " " + TIERS[rng.nextInt(TIERS.length)] + " " + (plans + 1));
    gen.writeStringField("plan_id_type", hios ? "hios" : "ein");
    gen.writeStringField("plan_id", hios
        ? Long.toString(1_000_000_000L + plans) : ProviderGroups.ein((int) plans));
    if (!hios) {
      gen.writeStringField("plan_sponsor_name", SPONSORS[rng.nextInt(SPONSORS.length)]);
    }
    gen.writeStringField("issuer_name", spec.reportingEntityName());
    gen.writeStringField("plan_market_type", hios ? "individual" : "group");
    gen.writeEndObject();
  }

  private void writePlan(Map<String, String> fields) throws IOException {
    gen.writeStartObject();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      gen.writeStringField(field.getKey(), field.getValue());
    }
    gen.writeEndObject();
  }

  private void writeFile(String description, String location) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("description", description);
    gen.writeStringField("location", location);
    gen.writeEndObject();
  }

  /** {@code n} distinct locations of {@code pool}, in pool order. */
  private static List<String> pick(Random rng, List<String> pool, int n) {
    List<String> picked = new ArrayList<>();
    int left = n;
    for (int i = 0; i < pool.size() && left > 0; i++) {
      if (rng.nextInt(pool.size() - i) < left) {
        picked.add(pool.get(i));
        left--;
      }
    }
    return picked;
  }

  private long position() {
    return counter.count() + gen.getOutputBuffered();
  }
}
