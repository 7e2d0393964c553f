package io.ptlake.preprocess;

import java.util.Map;

/** What a completed split knows for the manifest. */
interface SplitResult {
  /** Every top-level scalar of the source, in source order, as text. */
  Map<String, String> header();

  /** The manifest's counts, under the {@link Manifest} count names. */
  Map<String, Long> counts();

  /** The contract's expected_rows. */
  long expectedRows();
}
