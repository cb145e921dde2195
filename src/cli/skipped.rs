//! `scan --verbose`: the files the run did not audit, one a line with the reason, on standard
//! error (the JSON lists them in `skipped`; the summary line only counts them).

use crate::catalogue::Lang;
use crate::report::result::AuditReport;
use std::io::Write;

pub fn print(audit: &AuditReport, lang: Lang) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    let zh = lang == Lang::Zh;
    if audit.skipped.is_empty() {
        return writeln!(
            err,
            "{}",
            if zh {
                "所有文件均已审计"
            } else {
                "every file was audited"
            }
        );
    }
    let head = if zh {
        "未审计的文件："
    } else {
        "files not audited:"
    };
    writeln!(err, "{head}")?;
    for file in &audit.skipped {
        let reason = if zh { &file.reason.zh } else { &file.reason.en };
        writeln!(err, "  {}: {reason}", file.path)?;
    }
    Ok(())
}
