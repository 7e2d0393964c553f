package io.ptlake.preprocess;

import java.util.List;
import java.util.Map;

/** What a completed split knows for the manifest. */
interface SplitResult {
  /** Every top-level scalar of the source, in source order, as text. */
  Map<String, String> header();

  /** The manifest's counts, under the {@link Manifest} count names. */
  Map<String, Long> counts();

  /** The contract's expected_rows; complete once remote entries have defined their ids. */
  default long expectedRows() {
    return rows().expectedRows();
  }

  /** The counter behind {@link #expectedRows}: remote entries define their ids after the split. */
  ExpectedRowCounter rows();

  /** The remote provider_references entries, in source order, held back from the chunks. */
  List<ReferenceStage.RemoteEntry> remoteEntries();
}
