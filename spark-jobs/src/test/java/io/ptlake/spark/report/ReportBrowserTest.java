package io.ptlake.spark.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/**
 * The report in a real browser: headless Chromium opens the page, every chart has a box and
 * drawn marks, nothing reaches the console as an error (a blocked load would), and a screenshot
 * is kept. Skips, saying so on stdout, where no Chromium is installed ({@code apt-get install
 * chromium}; .ci/run installs it). {@code -Dptlake.report.page=FILE} checks that page instead of
 * the sample report, {@code -Dptlake.report.screenshot=PNG} and
 * {@code -Dptlake.report.screenshot.height=N} say where the screenshot goes and how much of the
 * page it shows (bench/report-check.sh sets them).
 */
class ReportBrowserTest {
  private static final int WIDTH = 1280;

  @Test
  void everyChartIsDrawnAndTheConsoleStaysClean() throws Exception {
    Optional<Path> chromium = HeadlessChromium.find();
    if (chromium.isEmpty()) {
      System.out.println("ReportBrowserTest: SKIPPED, no Chromium on this machine"
          + " (apt-get install chromium, or set PTLAKE_CHROMIUM): the report was not checked in"
          + " a browser");
    }
    assumeTrue(chromium.isPresent(), "no Chromium on this machine (apt-get install chromium)");
    Path page = page();
    Path screenshot = Path.of(System.getProperty("ptlake.report.screenshot",
        "target/report-browser/report.png")).toAbsolutePath();
    int maxHeight = Integer.getInteger("ptlake.report.screenshot.height", 20_000);
    int charts = Jsoup.parse(Files.readString(page)).select("svg.chart").size();

    HeadlessChromium.PageCheck check;
    try (HeadlessChromium browser = HeadlessChromium.start(chromium.get())) {
      check = browser.check(page.toUri(), WIDTH, maxHeight, screenshot);
    }

    assertThat(check.errors()).isEmpty();
    assertThat(charts).isPositive();
    assertThat(check.charts()).hasSize(charts);
    for (HeadlessChromium.Chart chart : check.charts()) {
      assertThat(chart.width()).as(chart.name()).isGreaterThan(100);
      assertThat(chart.height()).as(chart.name()).isGreaterThan(50);
      assertThat(chart.contentWidth()).as(chart.name()).isGreaterThan(100);
      assertThat(chart.contentHeight()).as(chart.name()).isGreaterThan(50);
      assertThat(chart.marks()).as(chart.name()).isPositive();
      assertThat(chart.drawnMarks()).as(chart.name()).isEqualTo(chart.marks());
    }
    byte[] png = Files.readAllBytes(screenshot);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    assertThat(png.length).isGreaterThan(20_000);
    System.out.printf("ReportBrowserTest: %d charts drawn in Chromium, page %.0f px high,"
        + " screenshot %s%n", check.charts().size(), check.pageHeight(), screenshot);
  }

  private static Path page() throws Exception {
    String given = System.getProperty("ptlake.report.page");
    if (given != null && !given.isBlank()) {
      return Path.of(given).toAbsolutePath();
    }
    Path page = Path.of("target/report-browser/report.html").toAbsolutePath();
    Files.createDirectories(page.getParent());
    Files.writeString(page, ReportFixture.page(), StandardCharsets.UTF_8);
    return page;
  }
}
