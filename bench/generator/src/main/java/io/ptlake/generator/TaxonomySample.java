package io.ptlake.generator;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A sample of the NUCC health care provider taxonomy code set in its CSV layout (Code, Grouping,
 * Classification, Specialization, Definition, Notes, Display Name, Section): the codes that
 * {@link NppesFile} gives providers, with short definitions written for this sample (the real code
 * set, with NUCC's definitions, is at nucc.org). One definition spans two lines, as long quoted
 * fields of the real file may.
 */
public final class TaxonomySample {
  private static final List<String> HEADER = List.of("Code", "Grouping", "Classification",
      "Specialization", "Definition", "Notes", "Display Name", "Section");
  private static final String PHYSICIANS = "Allopathic & Osteopathic Physicians";
  private static final String ADVANCED = "Physician Assistants & Advanced Practice Nursing Providers";
  private static final String CLINIC = "Ambulatory Health Care Facilities";

  /** Code, grouping, classification, specialization, display name, section. */
  private static final String[][] CODES = {
    {"207Q00000X", PHYSICIANS, "Family Medicine", "", "Family Medicine Physician", "Individual"},
    {"207R00000X", PHYSICIANS, "Internal Medicine", "", "Internal Medicine Physician",
        "Individual"},
    {"207RC0000X", PHYSICIANS, "Internal Medicine", "Cardiovascular Disease",
        "Cardiovascular Disease Physician", "Individual"},
    {"207X00000X", PHYSICIANS, "Orthopaedic Surgery", "", "Orthopaedic Surgery Physician",
        "Individual"},
    {"2085R0202X", PHYSICIANS, "Radiology", "Diagnostic Radiology",
        "Diagnostic Radiology Physician", "Individual"},
    {"207P00000X", PHYSICIANS, "Emergency Medicine", "", "Emergency Medicine Physician",
        "Individual"},
    {"208600000X", PHYSICIANS, "Surgery", "", "Surgery Physician", "Individual"},
    {"207V00000X", PHYSICIANS, "Obstetrics & Gynecology", "",
        "Obstetrics & Gynecology Physician", "Individual"},
    {"208000000X", PHYSICIANS, "Pediatrics", "", "Pediatrics Physician", "Individual"},
    {"363L00000X", ADVANCED, "Nurse Practitioner", "", "Nurse Practitioner", "Individual"},
    {"363A00000X", ADVANCED, "Physician Assistant", "", "Physician Assistant", "Individual"},
    {"225100000X", "Respiratory, Developmental, Rehabilitative and Restorative Service Providers",
        "Physical Therapist", "", "Physical Therapist", "Individual"},
    {"103T00000X", "Behavioral Health & Social Service Providers", "Psychologist", "",
        "Psychologist", "Individual"},
    {"282N00000X", "Hospitals", "General Acute Care Hospital", "",
        "General Acute Care Hospital", "Non-Individual"},
    {"261QM1300X", CLINIC, "Clinic/Center", "Multi-Specialty", "Multi-Specialty Clinic/Center",
        "Non-Individual"},
    {"261QR0200X", CLINIC, "Clinic/Center", "Radiology", "Radiology Clinic/Center",
        "Non-Individual"},
    {"291U00000X", "Laboratories", "Clinical Medical Laboratory", "",
        "Clinical Medical Laboratory", "Non-Individual"},
    {"3416L0300X", "Transportation Services", "Ambulance", "Land Transport", "Land Ambulance",
        "Non-Individual"},
    {"332B00000X", "Suppliers", "Durable Medical Equipment & Medical Supplies", "",
        "Durable Medical Equipment & Medical Supplies", "Non-Individual"}
  };

  private TaxonomySample() {}

  /** The classification of each code of the sample. */
  public static java.util.Map<String, String> classifications() {
    java.util.Map<String, String> classes = new java.util.TreeMap<>();
    for (String[] code : CODES) {
      classes.put(code[0], code[2]);
    }
    return classes;
  }

  public static void write(Writer out) throws IOException {
    line(out, HEADER);
    for (String[] code : CODES) {
      String definition = code[2].equals("Clinic/Center")
          ? "A facility providing " + code[3].toLowerCase(java.util.Locale.ROOT)
              + " outpatient care.\nSample definition written for ptlake."
          : "Sample definition of " + code[4] + ", written for ptlake.";
      line(out, List.of(code[0], code[1], code[2], code[3], definition, "", code[4], code[5]));
    }
  }

  /** Quoted where a field needs it, as the NUCC file is. */
  private static void line(Writer out, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      String field = fields.get(i);
      boolean quote = field.contains(",") || field.contains("\"") || field.contains("\n");
      out.write(quote ? '"' + field.replace("\"", "\"\"") + '"' : field);
    }
    out.write("\r\n");
  }
}
