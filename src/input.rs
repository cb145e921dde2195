//! The unit of work of the per-file phase: one file with the views of it that front ends and
//! rules share, each built once on first use (the YAML/JSON tree, what the secret detectors
//! found, its `apiaudit:ignore` comments). A file is read and parsed once, whoever asks first.

use crate::discover::{Disk, FileSource};
use crate::parse::Tree;
use crate::secrets::Hit;
use crate::settings::Settings;
use crate::source::comments::{self, IgnoreComment};
use crate::source::SourceFile;
use std::sync::{Arc, OnceLock};

/// A text file as front ends and repository rules see it.
pub struct FileInput {
    pub file: Arc<SourceFile>,
    /// `apiaudit:ignore` comments of the file.
    pub comments: Vec<IgnoreComment>,
    /// Offset of the first byte that is not UTF-8 when the file was decoded lossily.
    pub invalid_utf8_at: Option<usize>,
    /// Where the file's neighbours (a spec's `$ref`'d files, a logging config's includes)
    /// are read from; None for the disk.
    pub files: Option<Arc<dyn FileSource>>,
    structured: OnceLock<Option<Arc<Tree>>>,
    secrets: OnceLock<Vec<Hit>>,
}

impl FileInput {
    pub fn new(file: Arc<SourceFile>) -> Self {
        FileInput {
            comments: comments::parse(&file),
            invalid_utf8_at: None,
            files: None,
            file,
            structured: OnceLock::new(),
            secrets: OnceLock::new(),
        }
    }

    /// Where the file's neighbours are read from.
    pub fn files(&self) -> &dyn FileSource {
        self.files.as_deref().unwrap_or(&Disk)
    }

    /// What the secret and crypto detectors found in the file: one prefilter pass and the
    /// detectors it selects, run once for every KEY rule of the run.
    pub fn secret_hits(&self, settings: &Settings) -> &[Hit] {
        self.secrets.get_or_init(|| {
            settings.detectors.scan(&self.file.text, &self.file.rel, &|code| {
                settings.rule_enabled(code)
            })
        })
    }

    /// The secrets found, when the detectors ran (empty otherwise).
    pub fn found_secrets(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.secrets
            .get()
            .into_iter()
            .flatten()
            .filter_map(|hit| hit.secret)
    }

    /// Masks the secrets found in this file wherever `findings` (of any rule) would show them
    /// whole: a finding on a neighbouring line carries them in its snippet.
    pub fn mask_found_secrets(&self, findings: &mut [crate::findings::RawFinding]) {
        let secrets: Vec<&str> = self
            .found_secrets()
            .filter_map(|(start, end)| self.file.text.get(start..end))
            .flat_map(crate::findings::secret_pieces)
            .collect();
        if !secrets.is_empty() {
            for finding in findings {
                finding.mask(&secrets);
            }
        }
    }

    /// The file as a YAML/JSON tree, parsed once on first use, for `.yaml`, `.yml` and `.json`
    /// files; None for other files or when it does not parse, even read as the build reads it
    /// (Maven `@...@` tokens substituted, positions kept: `parse::build_tokens`).
    pub fn structured(&self) -> Option<&Tree> {
        self.structured
            .get_or_init(|| {
                let _parse = crate::progress::timings::phase(crate::progress::timings::Stage::Parse);
                self.is_structured()
                    .then(|| {
                        let limits = crate::parse::Limits::default();
                        crate::parse::parse_structured(&self.file.text, limits)
                            .ok()
                            .or_else(|| {
                                let built = crate::parse::build_tokens::neutralise(&self.file.text)?;
                                crate::parse::parse_structured(&built, limits).ok()
                            })
                    })
                    .flatten()
                    .map(Arc::new)
            })
            .as_deref()
    }

    /// Whether `structured` parses the file (by its name).
    fn is_structured(&self) -> bool {
        let name = self.file.path.to_ascii_lowercase();
        [".yaml", ".yml", ".json"].iter().any(|ext| name.ends_with(ext))
    }

    /// Hands a parse of the whole file with the default limits (what `structured` would parse)
    /// to the other front ends, so that a spec is not parsed a second time and its tree not
    /// held twice; `None` when it did not parse.
    pub fn share_structured(&self, tree: Option<&Arc<Tree>>) {
        if self.is_structured() {
            // Already set only when a front end asked first: the same parse of the same text.
            let _ = self.structured.set(tree.cloned());
        }
    }

    /// The file name, lower-cased.
    pub fn file_name(&self) -> String {
        self.file
            .path
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }
}

/// A binary file (NUL bytes near its start): key stores are found by their magic bytes.
pub struct BinaryInput {
    pub path: String,
    pub rel: String,
    pub bytes: Vec<u8>,
}
