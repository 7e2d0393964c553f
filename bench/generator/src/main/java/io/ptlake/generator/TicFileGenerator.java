package io.ptlake.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic TiC in-network file for a {@link GeneratorSpec} and returns what it contains.
 * Memory is constant in the file size: items are streamed as they are drawn and references are
 * re-derived from the seed, so only one weight per reference id is kept.
 */
public final class TicFileGenerator {

  static final int BUFFER_BYTES = 1 << 16;

  private final GeneratorSpec spec;
  private final JsonGenerator gen;
  private final CountingOutputStream counter;
  private final Tally tally = new Tally();
  private final ReferenceModel references;
  private final Header header;

  private TicFileGenerator(
      GeneratorSpec spec, JsonGenerator gen, CountingOutputStream counter, ReferenceModel refs) {
    this.spec = spec;
    this.gen = gen;
    this.counter = counter;
    this.references = refs;
    this.header = Header.of(spec);
  }

  /** Writes the file at {@code out}, replacing it; gzip is the spec's choice, whatever the name. */
  public static ExpectedCounts write(GeneratorSpec spec, Path out) throws IOException {
    try (OutputStream file = Files.newOutputStream(out)) {
      return write(spec, file);
    }
  }

  /**
   * Writes the file at {@code out} and its counts beside it ({@link ExpectedCounts#sidecarOf}), so
   * a test or benchmark can pick both up later.
   */
  public static ExpectedCounts writeWithSidecar(GeneratorSpec spec, Path out) throws IOException {
    ExpectedCounts counts = write(spec, out);
    Files.writeString(ExpectedCounts.sidecarOf(out), counts.toJson());
    return counts;
  }

  /** Writes the file to {@code out}, which is flushed but left open. */
  public static ExpectedCounts write(GeneratorSpec spec, OutputStream out) throws IOException {
    BufferedOutputStream buffered = new BufferedOutputStream(out, BUFFER_BYTES);
    GZIPOutputStream gzip = spec.gzip() ? gzip(buffered, spec.gzipLevel()) : null;
    CountingOutputStream counter = new CountingOutputStream(gzip != null ? gzip : buffered);
    ReferenceModel references = ReferenceModel.of(spec);
    TicFileGenerator generator;
    try (JsonGenerator gen = Json.generator(counter, spec.pretty())) {
      generator = new TicFileGenerator(spec, gen, counter, references);
      generator.writeRoot();
    }
    if (gzip != null) {
      gzip.finish();
    }
    buffered.flush();
    return generator.tally.toCounts(references.undefinedIdsUsed(), counter.count());
  }

  /** A gzip stream at {@code level}; shared with {@link AllowedAmountsGenerator}. */
  static GZIPOutputStream gzip(OutputStream out, int level) throws IOException {
    return new GZIPOutputStream(out, BUFFER_BYTES) {
      {
        // Set before the first byte: a level change mid-stream would flush a deflate block.
        def.setLevel(level);
      }
    };
  }

  private void writeRoot() throws IOException {
    gen.writeStartObject();
    if (spec.headerPlacement() == GeneratorSpec.HeaderPlacement.START) {
      header.write(gen);
    }
    if (spec.referencesPlacement() == GeneratorSpec.ReferencesPlacement.FIRST) {
      new ReferenceWriter(spec, references, header).write(gen, tally);
    }
    writeInNetwork();
    writeTrailer(gen, tally);
    gen.writeEndObject();
  }

  /** What follows in_network: the references when last, then the header when at the end. */
  private void writeTrailer(JsonGenerator target, Tally counts) throws IOException {
    if (spec.referencesPlacement() == GeneratorSpec.ReferencesPlacement.LAST) {
      new ReferenceWriter(spec, references, header).write(target, counts);
    }
    if (spec.headerPlacement() == GeneratorSpec.HeaderPlacement.END) {
      header.write(target);
    }
  }

  private void writeInNetwork() throws IOException {
    gen.writeArrayFieldStart("in_network");
    ItemSchedule schedule =
        spec.targetBytes() > 0
            ? ItemSchedule.bySize(
                spec.giantItemCount(),
                spec.giantItemBytes(),
                position(),
                spec.targetBytes() - trailerBytes())
            : ItemSchedule.byCount(spec.itemCount(), spec.giantItemCount());
    ItemWriter items = new ItemWriter(gen, spec, references, tally, this::position);
    long ordinal = 0;
    for (ItemSchedule.Kind kind = schedule.next(position());
        kind != null;
        kind = schedule.next(position())) {
      items.write(ordinal++, kind == ItemSchedule.Kind.GIANT);
    }
    gen.writeEndArray();
  }

  /**
   * Bytes the trailer will take, found by writing it to nowhere: with references last they can be a
   * large part of a small file, and the size target is for the whole file.
   */
  private long trailerBytes() throws IOException {
    CountingOutputStream sink = new CountingOutputStream(OutputStream.nullOutputStream());
    try (JsonGenerator dry = Json.generator(sink, spec.pretty())) {
      dry.writeStartObject();
      writeTrailer(dry, new Tally());
      dry.writeEndObject();
    }
    return sink.count();
  }

  /** Uncompressed bytes so far, including those still in the generator's buffer. */
  private long position() {
    return counter.count() + gen.getOutputBuffered();
  }
}
