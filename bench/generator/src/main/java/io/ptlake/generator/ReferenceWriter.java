package io.ptlake.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes the top-level provider_references array from a {@link ReferenceModel}. */
final class ReferenceWriter {

  private final GeneratorSpec spec;
  private final ReferenceModel model;
  private final Header header;

  ReferenceWriter(GeneratorSpec spec, ReferenceModel model, Header header) {
    this.spec = spec;
    this.model = model;
    this.header = header;
  }

  /** Writes the field and its array, counting entries in {@code tally}. */
  void write(JsonGenerator gen, Tally tally) throws IOException {
    gen.writeArrayFieldStart("provider_references");
    for (int id = 1; id <= model.definedIds(); id++) {
      writeEntry(gen, model.entry(id, 0), tally);
    }
    // Second definitions go last, far from the first, as when files are concatenated.
    for (int id = 1; id <= model.definedIds(); id++) {
      if (model.copies(id) > 1) {
        writeEntry(gen, model.entry(id, 1), tally);
      }
    }
    gen.writeEndArray();
  }

  private void writeEntry(JsonGenerator gen, ReferenceModel.Entry entry, Tally tally)
      throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("provider_group_id", entry.id());
    if (entry.location() != null) {
      gen.writeStringField("location", entry.location());
    } else {
      if (spec.version() == GeneratorSpec.Version.V2) {
        gen.writeArrayFieldStart("network_name");
        gen.writeString(header.networkName(entry.content()));
        gen.writeEndArray();
      }
      ProviderGroups.write(gen, entry.shape(), entry.content(), spec.version());
    }
    gen.writeEndObject();
    tally.referenceEntries++;
    tally.remoteReferences += entry.location() != null ? 1 : 0;
  }
}
