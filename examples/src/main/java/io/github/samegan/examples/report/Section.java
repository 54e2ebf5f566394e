package io.github.samegan.examples.report;

import java.util.List;

/**
 * One section of the report: a heading, an optional introduction (HTML) and its charts.
 *
 * @param id the anchor
 * @param title the heading
 * @param intro HTML shown above the charts, or null
 * @param charts the charts (a section without charts is left out of the page)
 */
record Section(String id, String title, String intro, List<Chart> charts) {

  /**
   * One drawn chart.
   *
   * @param id its name in the page and in {@code plots/ID.png}
   * @param title the title
   * @param help the caption
   * @param png the image
   */
  record Chart(String id, String title, String help, byte[] png) {

    /** Draws a chart with an automatic y axis. */
    static Chart draw(
        String id,
        String title,
        String yTitle,
        String help,
        List<Charts.Series> series,
        List<Charts.Reference> refs,
        boolean logY) {
      return draw(id, title, yTitle, help, series, refs, logY, Charts.YAxis.AUTO);
    }

    /** Draws a chart; the caption says how many non-finite values were left out. */
    static Chart draw(
        String id,
        String title,
        String yTitle,
        String help,
        List<Charts.Series> series,
        List<Charts.Reference> refs,
        boolean logY,
        Charts.YAxis axis) {
      int bad = 0;
      for (Charts.Series s : series) {
        for (double v : s.y()) {
          bad += Double.isFinite(v) ? 0 : 1;
        }
      }
      String h = help;
      if (bad > 0) {
        h +=
            " "
                + bad
                + " non-finite value"
                + (bad == 1 ? " is" : "s are")
                + " not drawn (NaN or ∞: training may "
                + "have diverged; see docs/troubleshooting.md).";
      }
      return new Chart(
          id.replaceAll("[^A-Za-z0-9_-]", "_"),
          title,
          h,
          Charts.draw(title, yTitle, series, refs, logY, axis));
    }
  }
}
