//! The HTML report's chart: findings by severity, and by rule family stacked by severity, as an
//! inline SVG (no script, no external asset, so it prints and archives as it shows). Written
//! with quick-xml, which escapes the labels.

use super::document::Summary;
use quick_xml::events::BytesText;
use quick_xml::Writer;
use std::io;

/// Fill colours by severity, critical first (the order of `Severity::ALL`).
pub const COLORS: [&str; 5] = ["#7f1d1d", "#dc2626", "#f59e0b", "#3b82f6", "#9ca3af"];

const WIDTH: u32 = 760;
const LABEL: u32 = 170;
const BAR: u32 = 500;
const ROW: u32 = 22;
const GAP: u32 = 6;

struct Bar {
    label: String,
    /// (count, colour) segments.
    segments: Vec<(u64, &'static str)>,
}

fn section<W: io::Write>(
    writer: &mut Writer<W>,
    title: &str,
    bars: &[Bar],
    top: u32,
    scale: u64,
) -> io::Result<u32> {
    let mut y = top;
    writer
        .create_element("text")
        .with_attribute(("x", "0"))
        .with_attribute(("y", (y + 14).to_string().as_str()))
        .with_attribute(("class", "chart-heading"))
        .write_text_content(BytesText::new(title))?;
    y += ROW + GAP;
    for bar in bars {
        writer
            .create_element("text")
            .with_attribute(("x", (LABEL - 8).to_string().as_str()))
            .with_attribute(("y", (y + 15).to_string().as_str()))
            .with_attribute(("text-anchor", "end"))
            .write_text_content(BytesText::new(&bar.label))?;
        let mut x = LABEL;
        let mut total = 0;
        for (count, color) in &bar.segments {
            total += count;
            if *count == 0 {
                continue;
            }
            // Each non-empty segment stays visible, however small its share.
            let width = ((*count as f64 / scale.max(1) as f64) * f64::from(BAR))
                .round()
                .max(2.0) as u32;
            writer
                .create_element("rect")
                .with_attribute(("x", x.to_string().as_str()))
                .with_attribute(("y", y.to_string().as_str()))
                .with_attribute(("width", width.to_string().as_str()))
                .with_attribute(("height", ROW.to_string().as_str()))
                .with_attribute(("fill", *color))
                .write_empty()?;
            x += width;
        }
        writer
            .create_element("text")
            .with_attribute(("x", (x + 6).to_string().as_str()))
            .with_attribute(("y", (y + 15).to_string().as_str()))
            .write_text_content(BytesText::new(&total.to_string()))?;
        y += ROW + GAP;
    }
    Ok(y)
}

/// The chart as an SVG element, sized to its content.
pub fn svg(summary: &Summary, title: &str, by_severity: &str, by_family: &str) -> io::Result<String> {
    let severity_bars: Vec<Bar> = summary
        .by_severity
        .iter()
        .zip(COLORS)
        .map(|(count, color)| Bar {
            label: count.label.clone(),
            segments: vec![(count.count, color)],
        })
        .collect();
    let family_bars: Vec<Bar> = summary
        .by_family
        .iter()
        .map(|family| Bar {
            label: family.label.clone(),
            segments: family.counts.iter().copied().zip(COLORS).collect(),
        })
        .collect();
    let scale = summary
        .by_severity
        .iter()
        .map(|c| c.count)
        .chain(summary.by_family.iter().map(|f| f.total))
        .max()
        .unwrap_or(1);
    let rows = 2 + severity_bars.len() + family_bars.len();
    let height = rows as u32 * (ROW + GAP) + 2 * GAP;
    let mut writer = Writer::new(Vec::new());
    writer
        .create_element("svg")
        .with_attribute(("xmlns", "http://www.w3.org/2000/svg"))
        .with_attribute(("class", "chart"))
        .with_attribute(("role", "img"))
        .with_attribute(("viewBox", format!("0 0 {WIDTH} {height}").as_str()))
        .with_attribute(("width", WIDTH.to_string().as_str()))
        .with_attribute(("height", height.to_string().as_str()))
        .write_inner_content(|writer| {
            writer
                .create_element("title")
                .write_text_content(BytesText::new(title))?;
            let y = section(writer, by_severity, &severity_bars, 0, scale)?;
            section(writer, by_family, &family_bars, y + GAP, scale)?;
            Ok(())
        })?;
    String::from_utf8(writer.into_inner()).map_err(io::Error::other)
}
