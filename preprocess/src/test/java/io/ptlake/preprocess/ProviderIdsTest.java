package io.ptlake.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderIdsTest {
  @ParameterizedTest
  @CsvSource({
    "1, 1",
    "1.0, 1",
    "1e0, 1",
    "1E+2, 100",
    "100, 100",
    "0, 0",
    "-0, 0",
    "-7, -7",
    "0.10, 0.1",
    "40.0000000001, 40.0000000001",
    "010, 10",
    "abc, abc",
    "'', ''",
    "1e999999999, 1e999999999"
  })
  void canonicalFormIsThePlainStrippedDecimal(String text, String canonical) {
    assertThat(ProviderIds.canonical(text)).isEqualTo(canonical);
  }
}
