//! Key and crypto rules: KEY001, KEY003-KEY006 report what the data-driven detectors of
//! `checks/secrets/` found (one scan per file shared by all of them, see `FileInput::secret_hits`);
//! KEY002 looks at key store files by name and magic bytes.

pub mod hard_coded_secret;
pub mod key_store_file;
pub mod private_key_material;
pub mod vendor_credential;
pub mod weak_cryptography;
pub mod weak_tls;

use crate::catalogue::RuleCode;
use crate::findings::RawFinding;
use crate::rules::{Ctx, FileInput};
use crate::source::Span;

/// Turns the detector hits of one rule into findings. Every secret of the file is masked in
/// each snippet (a neighbouring line may hold another one); a secret's fingerprint key is a
/// keyed digest of the secret, so it survives moves and differs between secrets.
pub(crate) fn report_hits(
    code: RuleCode,
    input: &FileInput,
    ctx: &Ctx<'_>,
    out: &mut Vec<RawFinding>,
    mut adjust: impl FnMut(RawFinding) -> RawFinding,
) {
    let hits = input.secret_hits(ctx.settings);
    if !hits.iter().any(|hit| hit.rule == code) {
        return;
    }
    let file = &input.file;
    let secrets: Vec<Span> = input.found_secrets().map(|(s, e)| Span::new(s, e)).collect();
    let detectors = &ctx.settings.detectors;
    for hit in hits.iter().filter(|hit| hit.rule == code) {
        let mut en = detectors.message(hit, crate::catalogue::Lang::En);
        let mut zh = detectors.message(hit, crate::catalogue::Lang::Zh);
        if !hit.also.is_empty() {
            let lines: Vec<String> = hit
                .also
                .iter()
                .map(|&offset| {
                    file.pos(u32::try_from(offset).unwrap_or(u32::MAX))
                        .line
                        .to_string()
                })
                .collect();
            en.push_str(&format!(" (also line {})", lines.join(", ")));
            zh.push_str(&format!("（另见第 {} 行）", lines.join("、")));
        }
        let message = crate::findings::Msg::new(en, zh);
        let mut finding =
            RawFinding::at_redacted(code, file, Span::new(hit.start, hit.end), message, &secrets);
        // A weakness keeps its fingerprint whichever of its detectors reports it.
        let id = detectors
            .defs()
            .get(hit.detector)
            .map_or("", |d| d.weakness.as_deref().unwrap_or(&d.id));
        finding = match hit.secret {
            Some((start, end)) => {
                let secret = file.text.get(start..end).unwrap_or("");
                finding.with_key(format!("secret:{}", crate::secrets::secret_digest(secret)))
            }
            None => finding.with_key_part(id),
        };
        if let Some(severity) = hit.severity {
            finding = finding.with_severity(severity);
        }
        out.push(adjust(finding));
    }
}
