package io.ptlake.spark.report;

import java.util.HashMap;
import java.util.Map;

/**
 * Who the NPIs on the page are, from the NPPES {@code providers} table when the catalog has one:
 * names and places instead of bare numbers.
 *
 * @param byNpi what the table says of each NPI it holds
 * @param lookup the query that found them; null when there was nothing to look up
 * @param note why NPIs stay bare (no table, missing columns), or null when names were looked up
 */
public record ProviderNames(Map<Long, Name> byNpi, QueryResult lookup, String note) {
  /** One NPPES entry, as the page shows it. */
  public record Name(long npi, String entityType, String name, String credential, String city,
      String state) {
    /** "City, ST" or whichever of the two is known; empty when neither is. */
    public String place() {
      boolean hasCity = city != null && !city.isBlank();
      boolean hasState = state != null && !state.isBlank();
      return hasCity && hasState ? city + ", " + state : hasCity ? city : hasState ? state : "";
    }
  }

  public ProviderNames {
    byNpi = Map.copyOf(byNpi);
  }

  static ProviderNames bare(String note) {
    return new ProviderNames(Map.of(), null, note);
  }

  static ProviderNames of(QueryResult lookup) {
    Map<Long, Name> names = new HashMap<>();
    for (int row = 0; row < lookup.size(); row++) {
      Object npi = lookup.value(row, "npi");
      if (npi != null) {
        long key = ((Number) npi).longValue();
        names.putIfAbsent(key, new Name(key, lookup.text(row, "entity_type"),
            lookup.text(row, "name"), lookup.text(row, "credential"), lookup.text(row, "city"),
            lookup.text(row, "state")));
      }
    }
    return new ProviderNames(names, lookup, null);
  }

  public Name get(Long npi) {
    return npi == null ? null : byNpi.get(npi);
  }
}
