package io.ptlake.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptlake.generator.GeneratorSpec.Version;
import org.junit.jupiter.api.Test;

class GeneratorSpecTest {

  @Test
  void versionOneOnlyKnobsDefaultToZeroInVersionTwo() {
    GeneratorSpec v1 = GeneratorSpec.builder().build();
    GeneratorSpec v2 = GeneratorSpec.builder().version(Version.V2).build();

    assertThat(v1.inlineGroupFraction()).isEqualTo(0.3);
    assertThat(v1.remoteReferenceFraction()).isEqualTo(0.01);
    assertThat(v2.inlineGroupFraction()).isZero();
    assertThat(v2.remoteReferenceFraction()).isZero();
  }

  @Test
  void versionTwoRejectsInlineGroups() {
    GeneratorSpec.Builder spec =
        GeneratorSpec.builder().version(Version.V2).inlineGroupFraction(0.5);

    assertThatThrownBy(spec::build)
        .hasMessage(
            "Cannot use inlineGroupFraction 0.5 with V2 because 2.x files have no such element");
  }

  @Test
  void knobsAreCheckedWhenSet() {
    assertThatThrownBy(() -> GeneratorSpec.builder().undefinedReferenceFraction(1.5))
        .hasMessage("Cannot use undefinedReferenceFraction 1.5: must be a fraction in [0, 1]");
    assertThatThrownBy(() -> GeneratorSpec.builder().referencesPerRate(IntRange.of(0, 2)).build())
        .hasMessageContaining("referencesPerRate 0..2");
    assertThatThrownBy(() -> GeneratorSpec.builder().items(1).giantItems(2, 10).build())
        .hasMessageContaining("Cannot write 2 giant items because itemCount is 1");
  }

  @Test
  void lastAmountWins() {
    GeneratorSpec bySize = GeneratorSpec.builder().items(5).targetBytes(100).build();
    GeneratorSpec byCount = GeneratorSpec.builder().targetBytes(100).items(5).build();

    assertThat(bySize.targetBytes()).isEqualTo(100);
    assertThat(byCount.targetBytes()).isZero();
    assertThat(byCount.itemCount()).isEqualTo(5);
  }

  @Test
  void rangesParse() {
    assertThat(IntRange.parse("1..20")).isEqualTo(IntRange.of(1, 20));
    assertThat(IntRange.parse("3")).isEqualTo(IntRange.of(3, 3));
    assertThatThrownBy(() -> IntRange.parse("x..2"))
        .hasMessage("Cannot parse range 'x..2': expected MIN..MAX or N");
    assertThatThrownBy(() -> IntRange.parse("5..2"))
        .hasMessage("Cannot use range 5..2 because it needs 0 <= min <= max");
  }
}
