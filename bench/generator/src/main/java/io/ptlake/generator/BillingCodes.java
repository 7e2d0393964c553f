package io.ptlake.generator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The billing codes of a file, one per item unless codes repeat by choice. A file opens with a
 * seed-chosen dozen of well-known codes, so files from different payers share codes worth
 * comparing, then walks a seed-dependent permutation of the 5-character CPT/HCPCS space, then (past
 * 250,000 items) 11-digit NDC codes. A code's name, description and base price depend on the code
 * alone, so the same code reads the same in every file.
 */
final class BillingCodes {

  /** One billing code with what an item says about it; {@code baseCents} centres its prices. */
  record Code(String type, String code, String name, String description, long baseCents) {}

  static final List<Code> WELL_KNOWN =
      List.of(
          cpt(
              "99213",
              "Office visit, established patient",
              "Office or other outpatient visit for an established patient, low medical decision"
                  + " making",
              9_500),
          cpt(
              "99214",
              "Office visit, established patient, moderate",
              "Office or other outpatient visit for an established patient, moderate medical"
                  + " decision making",
              13_500),
          cpt(
              "99203",
              "Office visit, new patient",
              "Office or other outpatient visit for a new patient, low medical decision making",
              11_000),
          cpt(
              "99283",
              "Emergency department visit",
              "Emergency department visit, moderate medical decision making",
              18_000),
          cpt(
              "27447",
              "Knee Replacement",
              "Arthroplasty, knee condyle and plateau, medial and lateral compartments",
              150_000),
          cpt(
              "29881",
              "Knee arthroscopy",
              "Arthroscopy, knee, surgical, with meniscectomy, medial or lateral",
              80_000),
          cpt("45378", "Colonoscopy", "Colonoscopy, flexible, diagnostic", 45_000),
          cpt(
              "70551",
              "MRI brain",
              "Magnetic resonance imaging, brain, without contrast material",
              45_000),
          cpt(
              "72148",
              "MRI lumbar spine",
              "Magnetic resonance imaging, spinal canal, lumbar, without contrast material",
              42_000),
          cpt("71046", "Chest x-ray", "Radiologic examination, chest, 2 views", 4_000),
          cpt(
              "74177",
              "CT abdomen and pelvis",
              "Computed tomography, abdomen and pelvis, with contrast material",
              60_000),
          cpt("80053", "Metabolic panel", "Comprehensive metabolic panel", 1_500),
          cpt(
              "85025",
              "Complete blood count",
              "Blood count, complete, automated, with differential",
              1_100),
          cpt("36415", "Blood draw", "Collection of venous blood by venipuncture", 400),
          cpt(
              "93000",
              "Electrocardiogram",
              "Electrocardiogram, routine, with at least 12 leads, with interpretation and report",
              2_500),
          cpt("97110", "Therapeutic exercise", "Therapeutic exercises, each 15 minutes", 3_500),
          cpt(
              "90834",
              "Psychotherapy, 45 minutes",
              "Psychotherapy, 45 minutes with patient",
              11_000),
          cpt(
              "59400",
              "Vaginal delivery, routine care",
              "Routine obstetric care including antepartum care, vaginal delivery and postpartum"
                  + " care",
              300_000),
          cpt(
              "66984",
              "Cataract surgery",
              "Extracapsular cataract removal with insertion of intraocular lens prosthesis",
              90_000),
          cpt(
              "43239",
              "Upper GI endoscopy with biopsy",
              "Esophagogastroduodenoscopy, flexible, transoral, with biopsy",
              40_000),
          hcpcs(
              "G0121",
              "Colorectal cancer screening",
              "Colorectal cancer screening; colonoscopy on individual not meeting criteria for high"
                  + " risk",
              45_000),
          hcpcs(
              "J1885", "Ketorolac injection", "Injection, ketorolac tromethamine, per 15 mg", 300),
          hcpcs(
              "A0427",
              "Ambulance, advanced life support",
              "Ambulance service, advanced life support, emergency transport, level 1",
              50_000),
          hcpcs(
              "E0601", "CPAP device", "Continuous positive airway pressure (CPAP) device", 9_000));

  private static final int WELL_KNOWN_PER_FILE = 12;
  private static final int CPT_SPACE = 90_000;
  private static final String HCPCS_LETTERS = "ABCEGHJKLMPQRSTV";
  private static final int SPACE = CPT_SPACE + HCPCS_LETTERS.length() * 10_000;

  /** Prime, so coprime with SPACE = 2^4·5^6: i → (STRIDE·i + offset) mod SPACE permutes it. */
  private static final long STRIDE = 104_729;

  private static final String[] PROCEDURES = {
    "Repair",
    "Excision",
    "Injection",
    "Imaging",
    "Biopsy",
    "Evaluation",
    "Removal",
    "Reconstruction",
    "Drainage",
    "Insertion",
    "Therapy",
    "Screening"
  };
  private static final String[] SITES = {
    "shoulder",
    "knee",
    "hip",
    "spine",
    "abdomen",
    "chest",
    "skin lesion",
    "eye",
    "ear",
    "heart",
    "kidney",
    "colon",
    "wrist",
    "ankle",
    "thyroid"
  };
  private static final String[] QUALIFIERS = {
    "open approach",
    "percutaneous",
    "with imaging guidance",
    "each additional 15 minutes",
    "without contrast material",
    "with contrast material",
    "bilateral",
    "complex",
    "simple",
    "initial encounter"
  };

  private static final Set<String> WELL_KNOWN_CODES =
      WELL_KNOWN.stream().map(Code::code).collect(Collectors.toSet());

  private final boolean repeat;
  private final List<Code> opening;
  private final long offset;
  private long issued;
  private long walked;

  BillingCodes(GeneratorSpec spec) {
    this.repeat = spec.repeatBillingCodes();
    List<Code> shuffled = new ArrayList<>(WELL_KNOWN);
    Collections.shuffle(shuffled, Seeds.random(spec.seed(), Seeds.CODES, 0));
    this.opening = shuffled.subList(0, WELL_KNOWN_PER_FILE);
    this.offset = Math.floorMod(Seeds.mix(spec.seed(), Seeds.CODES, 1), SPACE);
  }

  /** The next item's code; with repeating codes, drawn from {@code rng}. */
  Code next(Random rng) {
    if (repeat) {
      return WELL_KNOWN.get(rng.nextInt(WELL_KNOWN.size()));
    }
    if (issued < opening.size()) {
      return opening.get((int) issued++);
    }
    while (walked < SPACE) {
      String code = fiveCharacterCode(Math.floorMod(STRIDE * walked++ + offset, SPACE));
      if (!WELL_KNOWN_CODES.contains(code)) {
        return generated(code.charAt(0) <= '9' ? "CPT" : "HCPCS", code);
      }
    }
    long ndc = walked++ - SPACE;
    return generated(
        "NDC",
        pad(ndc / 1_000_000, 5) + '-' + pad(ndc / 100 % 10_000, 4) + '-' + pad(ndc % 100, 2));
  }

  private static String fiveCharacterCode(long index) {
    return index < CPT_SPACE
        ? Long.toString(10_000 + index)
        : HCPCS_LETTERS.charAt((int) (index - CPT_SPACE) / 10_000)
            + pad((index - CPT_SPACE) % 10_000, 4);
  }

  private static Code generated(String type, String code) {
    Random rng = new Random(Seeds.of(code));
    String name =
        PROCEDURES[rng.nextInt(PROCEDURES.length)] + " of " + SITES[rng.nextInt(SITES.length)];
    String description = name + ", " + QUALIFIERS[rng.nextInt(QUALIFIERS.length)];
    // Log-uniform between $15 and $3,000: most services cheap, a long tail of expensive ones.
    long baseCents = Math.round(Math.exp(Math.log(1_500) + rng.nextDouble() * Math.log(200)));
    return new Code(type, code, name, description, baseCents);
  }

  private static String pad(long value, int width) {
    String text = Long.toString(value);
    return "0".repeat(Math.max(0, width - text.length())) + text;
  }

  private static Code cpt(String code, String name, String description, long baseCents) {
    return new Code("CPT", code, name, description, baseCents);
  }

  private static Code hcpcs(String code, String name, String description, long baseCents) {
    return new Code("HCPCS", code, name, description, baseCents);
  }
}
