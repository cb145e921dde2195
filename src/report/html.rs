//! The audit report as one self-contained HTML page (`-f html`): styles and the chart are
//! inline, nothing is loaded from anywhere, so it opens in an air-gapped network, archives as one
//! file and prints to PDF from a browser (print styles: A4, repeated table headers, colours
//! kept). Same content as the Markdown report (see `document`), rendered by
//! `templates/report.html.j2` with HTML escaping on.

use super::document::Document;
use super::{ReportContext, Reporter};
use minijinja::value::Serde;
use minijinja::Value;
use std::io::{self, Write};

pub struct HtmlReporter;

const TEMPLATE: &str = include_str!("templates/report.html.j2");

impl Reporter for HtmlReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let document = Document::build(ctx);
        let t = document.t;
        let chart = super::chart::svg(&document.summary, t.chart_title, t.by_severity, t.by_family)?;
        let context = minijinja::context! {
            chart => Value::from_safe_string(chart),
            ..Value::from(Serde(&document))
        };
        let html = super::markdown::render(TEMPLATE, "report.html.j2", context)?;
        out.write_all(html.as_bytes())
    }
}
