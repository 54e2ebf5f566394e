package io.github.samegan.examples.report;

/** The report's style sheet, inlined into every page. */
final class ReportStyle {
  private ReportStyle() {}

  static final String CSS =
      """
      :root { --ink:#1d2330; --muted:#5b6475; --line:#e3e6ec; --accent:#0072b2; }
      * { box-sizing: border-box; }
      body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink);
             background:#f6f7f9; }
      header { background:#fff; border-bottom:1px solid var(--line); padding:18px 32px 10px; }
      h1 { margin:0; font-size:22px; } h1 .run { color:var(--accent); }
      .sub { margin:4px 0 0; color:var(--muted); }
      .status { margin:6px 0 0; font-size:13px; } .status.live { color:#b35900; font-weight:600; }
      nav { position:sticky; top:0; z-index:1; background:#fff; border-bottom:1px solid var(--line);
            padding:8px 32px; display:flex; gap:18px; flex-wrap:wrap; font-size:14px; }
      nav a { color:var(--accent); text-decoration:none; } nav a:hover { text-decoration:underline; }
      main { max-width:1100px; margin:0 auto; padding:8px 32px 32px; }
      section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px 20px; margin:18px 0; }
      h2 { margin:0 0 8px; font-size:18px; }
      .summary { display:flex; gap:20px; align-items:flex-start; flex-wrap:wrap; }
      .cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(170px, 1fr)); gap:10px; flex:1 1 480px; }
      .card { border:1px solid var(--line); border-radius:6px; padding:8px 12px; }
      .card .label { font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
      .card .value { font-size:20px; font-weight:600; font-variant-numeric:tabular-nums; }
      .card .detail { font-size:12px; color:var(--muted); }
      figure { margin:0; }
      .latest img { width:280px; image-rendering:pixelated; border:1px solid var(--line); }
      figcaption { font-size:13px; color:var(--muted); }
      .chart { margin:14px 0 22px; } .chart img { width:100%; max-width:960px; display:block; }
      .chart figcaption { max-width:900px; margin-top:2px; }
      .timeline { display:grid; grid-template-columns:repeat(auto-fill, minmax(200px, 1fr)); gap:14px; }
      .timeline img { width:100%; image-rendering:pixelated; border:1px solid var(--line); display:block; }
      .timeline figcaption { text-align:center; }
      table { border-collapse:collapse; font-size:14px; }
      th, td { text-align:left; padding:4px 14px 4px 0; border-bottom:1px solid var(--line); vertical-align:top; }
      th { color:var(--muted); font-weight:500; white-space:nowrap; }
      code { font:13px ui-monospace, SFMono-Regular, Menlo, monospace; background:#f0f2f5; padding:1px 4px;
             border-radius:3px; }
      .note { background:#fff8e6; border:1px solid #f0d68a; border-radius:6px; padding:8px 12px; }
      footer { max-width:1100px; margin:0 auto; padding:0 32px 32px; color:var(--muted); font-size:13px; }
      """;
}
