package io.ptlake.preprocess;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/** The one JsonFactory of the module, with explicit read limits. */
final class TicJson {

  /**
   * The in-network schema nests about 8 levels (root, in_network, item, negotiated_rates, rate,
   * provider_groups, group, tin); 256 leaves room for vendor extensions while bounding the
   * context stack of a hostile file. No code here recurses on depth.
   */
  static final int MAX_NESTING_DEPTH = 256;

  /**
   * TiC strings are codes, names, dates and descriptions (KBs at most), but a few payers stuff
   * whole documents into additional_information. 50 M chars (up to ~100 MB of char[] while the
   * token is current) is 2.5x jackson's 20 M default yet still bounds one token's heap use.
   */
  static final int MAX_STRING_LENGTH = 50_000_000;

  /** Rates and ids are short; 1000 digits is jackson's default and far above any real value. */
  static final int MAX_NUMBER_LENGTH = 1000;

  /**
   * Chunk lines are separated by '\n' written by ChunkWriter, so no root separator; the source
   * stream is not named in locations since errors name the file themselves.
   */
  static final JsonFactory FACTORY =
      new JsonFactoryBuilder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxStringLength(MAX_STRING_LENGTH)
                  .maxNumberLength(MAX_NUMBER_LENGTH)
                  .build())
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .rootValueSeparator((String) null)
          .build();

  /**
   * " (the read limit X = N, set in TicJson)" for a jackson limit error, naming the setting that
   * was reached: jackson 2.15's messages give the numbers but not the setting.
   */
  static String limitName(String message) {
    String setting;
    int value;
    if (message.contains("nesting depth")) {
      setting = "maxNestingDepth";
      value = MAX_NESTING_DEPTH;
    } else if (message.startsWith("String length")) {
      setting = "maxStringLength";
      value = MAX_STRING_LENGTH;
    } else if (message.startsWith("Number length")) {
      setting = "maxNumberLength";
      value = MAX_NUMBER_LENGTH;
    } else {
      return "";
    }
    return " (the read limit StreamReadConstraints." + setting + " = " + value
        + ", set in io.ptlake.preprocess.TicJson)";
  }

  private TicJson() {}
}
