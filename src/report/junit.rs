//! JUnit XML (`-f junit`), the test-report format Jenkins (`junit` step) and GitLab
//! (`artifacts:reports:junit`) render. One `<testsuite>` per rule family; in it one failed
//! `<testcase>` per reported finding, one skipped testcase per suppressed finding, and one
//! passing testcase for each rule that ran and found nothing, so a clean rule shows as a passed
//! check rather than as nothing. Written with quick-xml, which escapes text and attributes.

use super::{ReportContext, Reporter};
use crate::catalogue::Lang;
use crate::catalogue::RuleCode;
use crate::findings::Finding;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub struct JunitReporter;

/// XML 1.0 cannot carry most control characters, even escaped; input files can.
fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// What one finding's testcase says: message, location, evidence, fix.
fn details(finding: &Finding, ctx: &ReportContext<'_>) -> String {
    let zh = ctx.lang == Lang::Zh;
    let label = |en: &'static str, zh_text: &'static str| if zh { zh_text } else { en };
    // Chinese takes a full-width colon and parentheses.
    let (colon, lp, rp) = if zh {
        ("：", "（", "）")
    } else {
        (": ", " (", ")")
    };
    let mut text = format!(
        "{}\n\n{}{colon}{}:{}:{}\n",
        ctx.message(finding),
        label("Location", "位置"),
        finding.path,
        finding.line,
        finding.column
    );
    if let Some(op) = &finding.operation {
        text.push_str(&format!(
            "{}{colon}{} {}{}\n",
            label("Interface", "接口"),
            op.method,
            op.path,
            op.id
                .as_deref()
                .map(|id| format!("{lp}{id}{rp}"))
                .unwrap_or_default()
        ));
    }
    text.push_str(&format!(
        "{}{colon}{}{lp}{}{rp}\n",
        label("Severity", "级别"),
        super::severity_label(finding.severity, ctx.lang),
        super::basis_label(finding.basis, ctx.lang)
    ));
    if let Some(snippet) = &finding.snippet {
        text.push_str(&format!("\n{}{}\n", label("Evidence", "证据"), colon.trim_end()));
        for (index, line) in snippet.text.lines().enumerate() {
            text.push_str(&format!("{:>6} | {line}\n", snippet.line as usize + index));
        }
    }
    let meta = ctx.catalogue.get(finding.rule);
    let fix = finding
        .help
        .as_ref()
        .map(|help| ctx.text(help).to_string())
        .unwrap_or_else(|| meta.docs(ctx.lang).fix.trim().to_string());
    text.push_str(&format!("\n{}{colon}{fix}\n", label("Fix", "修复方法")));
    text.push_str(&format!(
        "{}{colon}{}\n",
        label("Basis", "依据"),
        meta.clause(ctx.lang)
    ));
    text.push_str(&super::rule_doc_url(ctx, finding.rule.as_str()));
    xml_safe(&text)
}

fn case_name(finding: &Finding) -> String {
    let mut name = format!(
        "{} {}:{}:{}",
        finding.rule, finding.path, finding.line, finding.column
    );
    if let Some(op) = &finding.operation {
        name.push_str(&format!(" {} {}", op.method, op.path));
    }
    xml_safe(&name)
}

/// The family of a rule code (its `checks/` directory) with its rank, for grouping.
fn family_key<'a>(ctx: &ReportContext<'a>, code: RuleCode) -> (usize, &'a str) {
    let family = ctx.catalogue.get(code).family.as_str();
    (super::family_order(family), family)
}

impl Reporter for JunitReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let audit = ctx.audit;
        // family -> rule -> (findings, suppressed)
        type Cases<'a> = BTreeMap<&'a str, (Vec<&'a Finding>, Vec<&'a Finding>)>;
        let mut families: BTreeMap<(usize, &str), Cases<'_>> = BTreeMap::new();
        for code in &audit.rules_run {
            let key = family_key(ctx, *code);
            families.entry(key).or_default().entry(code.as_str()).or_default();
        }
        for finding in &audit.findings {
            let key = family_key(ctx, finding.rule);
            let cases = families.entry(key).or_default();
            cases.entry(finding.rule.as_str()).or_default().0.push(finding);
        }
        for finding in &audit.suppressed {
            let key = family_key(ctx, finding.rule);
            let cases = families.entry(key).or_default();
            cases.entry(finding.rule.as_str()).or_default().1.push(finding);
        }

        let count = |cases: &Cases<'_>| {
            let mut tests = 0usize;
            let mut failures = 0usize;
            let mut skipped = 0usize;
            for (found, hidden) in cases.values() {
                failures += found.len();
                skipped += hidden.len();
                tests += (found.len() + hidden.len()).max(1);
            }
            (tests, failures, skipped)
        };
        let (mut tests, mut failures, mut skipped) = (0, 0, 0);
        if let Some(comparison) = &audit.comparison {
            tests += comparison.fixed_findings.len().max(1);
        }
        if audit.review.is_some() {
            tests += 1;
        }
        for cases in families.values() {
            let (t, f, s) = count(cases);
            tests += t;
            failures += f;
            skipped += s;
        }

        let mut writer = Writer::new_with_indent(out, b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        writer
            .create_element("testsuites")
            .with_attribute(("name", "apiaudit"))
            .with_attribute(("tests", tests.to_string().as_str()))
            .with_attribute(("failures", failures.to_string().as_str()))
            .with_attribute(("errors", "0"))
            .with_attribute(("skipped", skipped.to_string().as_str()))
            .write_inner_content(|writer| {
                for ((_, family), cases) in &families {
                    let (t, f, s) = count(cases);
                    let suite = format!("{} ({family})", super::family_label(family, ctx.lang));
                    writer
                        .create_element("testsuite")
                        .with_attribute(("name", suite.as_str()))
                        .with_attribute(("tests", t.to_string().as_str()))
                        .with_attribute(("failures", f.to_string().as_str()))
                        .with_attribute(("errors", "0"))
                        .with_attribute(("skipped", s.to_string().as_str()))
                        .write_inner_content(|writer| {
                            for (code, (found, hidden)) in cases {
                                write_rule(writer, ctx, family, code, found, hidden)?;
                            }
                            Ok(())
                        })?;
                }
                if let Some(comparison) = &audit.comparison {
                    write_comparison(writer, ctx, comparison)?;
                }
                if let Some(review) = &audit.review {
                    write_changelog(writer, ctx, review)?;
                }
                Ok(())
            })?;
        writeln!(writer.get_mut())
    }
}

/// Rectification (`--compare`): a suite whose properties give the counts per rule, with one
/// passing testcase per fixed finding (a fixed finding is a check that passes now).
fn write_comparison<W: Write>(
    writer: &mut Writer<W>,
    ctx: &ReportContext<'_>,
    comparison: &crate::policy::compare::Comparison,
) -> io::Result<()> {
    let name = match ctx.lang {
        Lang::En => "Rectification (rectification)",
        Lang::Zh => "整改情况 (rectification)",
    };
    let tests = comparison.fixed_findings.len().max(1);
    writer
        .create_element("testsuite")
        .with_attribute(("name", name))
        .with_attribute(("tests", tests.to_string().as_str()))
        .with_attribute(("failures", "0"))
        .with_attribute(("errors", "0"))
        .with_attribute(("skipped", "0"))
        .write_inner_content(|writer| {
            writer
                .create_element("properties")
                .write_inner_content(|writer| {
                    let mut property = |name: String, value: String| {
                        writer
                            .create_element("property")
                            .with_attribute(("name", xml_safe(&name).as_str()))
                            .with_attribute(("value", xml_safe(&value).as_str()))
                            .write_empty()
                            .map(|_| ())
                    };
                    property("previous".into(), comparison.previous.clone())?;
                    property("fixed".into(), comparison.fixed.to_string())?;
                    property("new".into(), comparison.new.to_string())?;
                    property("still-open".into(), comparison.still_open.to_string())?;
                    for trend in &comparison.by_rule {
                        property(
                            trend.rule.clone(),
                            format!(
                                "previous={} now={} fixed={} new={} still-open={}",
                                trend.previous, trend.current, trend.fixed, trend.new, trend.still_open
                            ),
                        )?;
                    }
                    Ok(())
                })?;
            let headline = xml_safe(&super::comparison::headline(comparison, ctx.lang));
            if comparison.fixed_findings.is_empty() {
                writer
                    .create_element("testcase")
                    .with_attribute(("name", headline.as_str()))
                    .with_attribute(("classname", "apiaudit.rectification"))
                    .write_empty()?;
            }
            for entry in &comparison.fixed_findings {
                writer
                    .create_element("testcase")
                    .with_attribute((
                        "name",
                        xml_safe(&super::comparison::fixed_line(entry, ctx.lang)).as_str(),
                    ))
                    .with_attribute((
                        "classname",
                        format!("apiaudit.rectification.{}", entry.rule).as_str(),
                    ))
                    .with_attribute(("file", xml_safe(&entry.path).as_str()))
                    .with_attribute(("line", entry.line.to_string().as_str()))
                    .write_empty()?;
            }
            writer
                .create_element("system-out")
                .write_text_content(BytesText::new(&xml_safe(
                    &super::comparison::text_block(ctx).join("\n"),
                )))?;
            Ok(())
        })?;
    Ok(())
}

/// A review (`review --base`): the interface changelog as a suite of one passing testcase,
/// the changelog in its output, the counts in its properties.
fn write_changelog<W: Write>(
    writer: &mut Writer<W>,
    ctx: &ReportContext<'_>,
    review: &super::result::ReviewInfo,
) -> io::Result<()> {
    let name = match ctx.lang {
        Lang::En => "Interface changelog (changelog)",
        Lang::Zh => "接口变更清单 (changelog)",
    };
    let lines = super::changelog::lines(review, ctx.lang == Lang::Zh);
    writer
        .create_element("testsuite")
        .with_attribute(("name", name))
        .with_attribute(("tests", "1"))
        .with_attribute(("failures", "0"))
        .with_attribute(("errors", "0"))
        .with_attribute(("skipped", "0"))
        .write_inner_content(|writer| {
            writer
                .create_element("properties")
                .write_inner_content(|writer| {
                    let counts = [
                        ("base", review.base.clone()),
                        ("added", review.added.to_string()),
                        ("removed", review.removed.to_string()),
                        ("deprecated", review.deprecated.to_string()),
                        ("changed", review.changed.to_string()),
                    ];
                    for (key, value) in counts {
                        writer
                            .create_element("property")
                            .with_attribute(("name", key))
                            .with_attribute(("value", xml_safe(&value).as_str()))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            writer
                .create_element("testcase")
                .with_attribute(("name", xml_safe(&lines[0]).as_str()))
                .with_attribute(("classname", "apiaudit.changelog"))
                .write_empty()?;
            writer
                .create_element("system-out")
                .write_text_content(BytesText::new(&xml_safe(&lines.join("\n"))))?;
            Ok(())
        })?;
    Ok(())
}

fn write_rule<W: Write>(
    writer: &mut Writer<W>,
    ctx: &ReportContext<'_>,
    family: &str,
    code: &str,
    found: &[&Finding],
    hidden: &[&Finding],
) -> io::Result<()> {
    let classname = format!("apiaudit.{family}.{code}");
    let title = RuleCode::parse(code)
        .map(|code| ctx.catalogue.get(code).docs(ctx.lang).title.clone())
        .unwrap_or_default();
    if found.is_empty() && hidden.is_empty() {
        writer
            .create_element("testcase")
            .with_attribute(("name", xml_safe(&format!("{code} {title}")).as_str()))
            .with_attribute(("classname", classname.as_str()))
            .write_empty()?;
        return Ok(());
    }
    for finding in found {
        let message = xml_safe(&format!("{} {}", finding.rule, ctx.message(finding)));
        let severity = finding.severity.as_str();
        writer
            .create_element("testcase")
            .with_attribute(("name", case_name(finding).as_str()))
            .with_attribute(("classname", classname.as_str()))
            .with_attribute(("file", xml_safe(&finding.path).as_str()))
            .with_attribute(("line", finding.line.to_string().as_str()))
            .write_inner_content(|writer| {
                writer
                    .create_element("failure")
                    .with_attribute(("message", message.as_str()))
                    .with_attribute(("type", severity))
                    .write_text_content(BytesText::from_escaped(partial_escape(details(finding, ctx))))?;
                Ok(())
            })?;
    }
    for finding in hidden {
        let reason = finding
            .suppression
            .as_ref()
            .map(|s| format!("{}: {}", super::suppression_label(s.kind, ctx.lang), s.reason))
            .unwrap_or_default();
        writer
            .create_element("testcase")
            .with_attribute(("name", case_name(finding).as_str()))
            .with_attribute(("classname", classname.as_str()))
            .with_attribute(("file", xml_safe(&finding.path).as_str()))
            .with_attribute(("line", finding.line.to_string().as_str()))
            .write_inner_content(|writer| {
                writer
                    .create_element("skipped")
                    .with_attribute(("message", xml_safe(&reason).as_str()))
                    .write_empty()?;
                Ok(())
            })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::xml_safe;

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(xml_safe("a\u{1}b\tc\n"), "a\u{FFFD}b\tc\n");
    }
}
