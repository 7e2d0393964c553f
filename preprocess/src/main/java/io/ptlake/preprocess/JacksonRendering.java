package io.ptlake.preprocess;

import java.io.IOException;

/**
 * How jackson 2.15's UTF8JsonGenerator writes characters inside a string, for the byte scanner
 * to write exactly the bytes the reference splitter's generator writes: escapes it renders its own
 * way, characters outside the BMP as two escaped surrogates.
 */
final class JacksonRendering {

  /** How the generator writes characters below 0x80: 0 raw, else the escape letter or 'u'. */
  private static final byte[] ESCAPE = new byte[128];

  private static final byte[] HEX = JsonByteScanner.ascii("0123456789ABCDEF");

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = 'u';
    }
    ESCAPE['\b'] = 'b';
    ESCAPE['\t'] = 't';
    ESCAPE['\n'] = 'n';
    ESCAPE['\f'] = 'f';
    ESCAPE['\r'] = 'r';
    ESCAPE['"'] = '"';
    ESCAPE['\\'] = '\\';
  }

  private JacksonRendering() {}

  static void checkCodePoint(int n, int cp) throws FastPathUnsupported {
    boolean canonical = switch (n) {
      case 2 -> cp >= 0x80;
      case 3 -> cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
      default -> cp >= 0x10000 && cp <= 0x10FFFF;
    };
    if (!canonical) {
      throw new FastPathUnsupported("UTF-8 the fast path does not reproduce");
    }
  }

  static void renderSupplementary(RecordSink sink, int cp) throws IOException {
    int v = cp - 0x10000;
    render(sink, 0xD800 | (v >> 10));
    render(sink, 0xDC00 | (v & 0x3FF));
  }

  /** One UTF-16 char as jackson 2.15's UTF8JsonGenerator writes it inside a string. */
  static void render(RecordSink sink, int ch) throws IOException {
    if (ch < 0x80) {
      int escape = ESCAPE[ch];
      if (escape == 0) {
        sink.write((byte) ch);
      } else if (escape != 'u') {
        sink.write((byte) '\\');
        sink.write((byte) escape);
      } else {
        hexEscape(sink, ch);
      }
    } else if (ch < 0x800) {
      sink.write((byte) (0xC0 | (ch >> 6)));
      sink.write((byte) (0x80 | (ch & 0x3F)));
    } else if (ch >= 0xD800 && ch <= 0xDFFF) {
      hexEscape(sink, ch);
    } else {
      sink.write((byte) (0xE0 | (ch >> 12)));
      sink.write((byte) (0x80 | ((ch >> 6) & 0x3F)));
      sink.write((byte) (0x80 | (ch & 0x3F)));
    }
  }

  static void hexEscape(RecordSink sink, int ch) throws IOException {
    sink.write((byte) '\\');
    sink.write((byte) 'u');
    sink.write(HEX[(ch >> 12) & 0xF]);
    sink.write(HEX[(ch >> 8) & 0xF]);
    sink.write(HEX[(ch >> 4) & 0xF]);
    sink.write(HEX[ch & 0xF]);
  }
}
