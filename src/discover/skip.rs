//! Files the run did not audit, each with its reason (SPEC §2: nothing is skipped silently):
//! too large, binary and not a key store, unreadable, undecodable, special (FIFO, socket,
//! device), a symbolic-link loop, or a file whose audit failed. Each becomes a META001 finding
//! and an entry of the JSON `skipped` section; the summary counts them by reason.

use crate::findings::Msg;
use crate::source::shape::Shape;
use serde::{Deserialize, Serialize};

/// Why a file was not audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SkipKind {
    TooLarge,
    Binary,
    Unreadable,
    Undecodable,
    Special,
    SymlinkLoop,
    /// The audit of the file failed (an internal error, reported as such).
    Failed,
}

impl SkipKind {
    pub const ALL: [SkipKind; 7] = [
        SkipKind::TooLarge,
        SkipKind::Binary,
        SkipKind::Unreadable,
        SkipKind::Undecodable,
        SkipKind::Special,
        SkipKind::SymlinkLoop,
        SkipKind::Failed,
    ];

    /// A short name for summaries, in English and Chinese.
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            SkipKind::TooLarge => ("too large", "过大"),
            SkipKind::Binary => ("binary", "二进制"),
            SkipKind::Unreadable => ("unreadable", "无法读取"),
            SkipKind::Undecodable => ("undecodable", "无法解码"),
            SkipKind::Special => ("special", "特殊文件"),
            SkipKind::SymlinkLoop => ("symlink loop", "符号链接循环"),
            SkipKind::Failed => ("failed", "审计出错"),
        }
    }
}

/// One file not audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    /// As reached from the root given on the command line.
    pub path: String,
    /// Relative to that root (what fingerprints hash).
    pub rel: String,
    pub kind: SkipKind,
    /// What the file looks like: a gap where a spec, key or config is fails the default gate.
    pub shape: Shape,
    /// The reason in full, in both languages.
    pub reason: Msg,
}

impl SkippedFile {
    pub fn new(path: &str, rel: &str, kind: SkipKind, shape: Shape, reason: Msg) -> SkippedFile {
        SkippedFile {
            path: path.to_string(),
            rel: rel.to_string(),
            kind,
            shape,
            reason,
        }
    }

    /// As the JSON `skipped` section lists it, in `lang`.
    pub fn view(&self, lang: crate::catalogue::Lang) -> SkippedView {
        SkippedView {
            path: self.path.clone(),
            kind: self.kind,
            reason: match lang {
                crate::catalogue::Lang::Zh => self.reason.zh.clone(),
                _ => self.reason.en.clone(),
            },
        }
    }

    /// Back from the JSON `skipped` section (`merge`): the reason in the language it was written.
    pub fn from_view(view: &SkippedView) -> SkippedFile {
        Self::new(
            &view.path,
            &view.path,
            view.kind,
            Shape::Other,
            Msg::same(view.reason.clone()),
        )
    }

    pub fn too_large(
        path: &str,
        rel: &str,
        shape: Shape,
        size: u64,
        limit: u64,
        setting: &str,
    ) -> SkippedFile {
        let (size, limit) = (mib(size), mib(limit));
        Self::new(
            path,
            rel,
            SkipKind::TooLarge,
            shape,
            Msg::new(
                format!("too large: {size} over {setting} ({limit}); name the file on the command line or raise the limit"),
                format!("文件过大：{size}，超过 {setting}（{limit}）；可在命令行直接指定该文件，或提高该上限"),
            ),
        )
    }

    pub fn binary(path: &str, rel: &str, shape: Shape) -> SkippedFile {
        Self::new(
            path,
            rel,
            SkipKind::Binary,
            shape,
            Msg::new(
                "binary (a NUL byte near its start) and not a key store: no rule reads it",
                "二进制文件（开头附近含 NUL 字节），且不是密钥库：没有规则能读取它",
            ),
        )
    }

    pub fn unreadable(path: &str, rel: &str, shape: Shape, error: &str) -> SkippedFile {
        Self::new(
            path,
            rel,
            SkipKind::Unreadable,
            shape,
            Msg::new(
                format!("cannot be read ({error})"),
                format!("无法读取（{error}）"),
            ),
        )
    }

    pub fn undecodable(path: &str, rel: &str, shape: Shape, why: &str) -> SkippedFile {
        Self::new(
            path,
            rel,
            SkipKind::Undecodable,
            shape,
            Msg::new(
                format!("not decoded: {why}; only read as UTF-8 with the invalid bytes replaced, so words in it may not match"),
                format!("未能解码：{why}；仅按 UTF-8 读取（无效字节已替换），其中的文字可能无法匹配"),
            ),
        )
    }

    pub fn special(path: &str, rel: &str, shape: Shape) -> SkippedFile {
        Self::new(
            path,
            rel,
            SkipKind::Special,
            shape,
            Msg::new(
                "a FIFO, socket or device file: never opened (reading one can block for ever)",
                "命名管道、套接字或设备文件：不会打开（读取它可能永久阻塞）",
            ),
        )
    }

    pub fn symlink_loop(path: &str, rel: &str, target: &str) -> SkippedFile {
        Self::new(
            path,
            rel,
            SkipKind::SymlinkLoop,
            Shape::Other,
            Msg::new(
                format!("a symbolic link loop (back to `{target}`)"),
                format!("符号链接循环（指回 `{target}`）"),
            ),
        )
    }

    pub fn failed(path: &str, rel: &str, shape: Shape, detail: &str) -> SkippedFile {
        Self::new(
            path,
            rel,
            SkipKind::Failed,
            shape,
            Msg::new(
                format!("internal error while auditing this file, please report it: {detail}"),
                format!("审计该文件时发生内部错误，请报告：{detail}"),
            ),
        )
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Files that were not audited, by reason (`summary.skipped` in JSON).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub too_large: u64,
    pub binary: u64,
    pub unreadable: u64,
    pub symlink_loops: u64,
    /// FIFOs, sockets and device nodes: never opened (reading a FIFO blocks for ever).
    #[serde(default)]
    pub special: u64,
    /// Text in no encoding apiaudit could determine (read lossily, reported).
    #[serde(default)]
    pub undecodable: u64,
    /// Files whose audit failed with an internal error.
    #[serde(default)]
    pub failed: u64,
}

impl Skipped {
    /// The counts of a list.
    pub fn of(files: &[SkippedFile]) -> Skipped {
        let mut counts = Skipped::default();
        for file in files {
            *counts.get_mut(file.kind) += 1;
        }
        counts
    }

    pub fn get(&self, kind: SkipKind) -> u64 {
        match kind {
            SkipKind::TooLarge => self.too_large,
            SkipKind::Binary => self.binary,
            SkipKind::Unreadable => self.unreadable,
            SkipKind::Undecodable => self.undecodable,
            SkipKind::Special => self.special,
            SkipKind::SymlinkLoop => self.symlink_loops,
            SkipKind::Failed => self.failed,
        }
    }

    fn get_mut(&mut self, kind: SkipKind) -> &mut u64 {
        match kind {
            SkipKind::TooLarge => &mut self.too_large,
            SkipKind::Binary => &mut self.binary,
            SkipKind::Unreadable => &mut self.unreadable,
            SkipKind::Undecodable => &mut self.undecodable,
            SkipKind::Special => &mut self.special,
            SkipKind::SymlinkLoop => &mut self.symlink_loops,
            SkipKind::Failed => &mut self.failed,
        }
    }

    pub fn add(&mut self, other: &Skipped) {
        for kind in SkipKind::ALL {
            *self.get_mut(kind) += other.get(kind);
        }
    }

    pub fn total(&self) -> u64 {
        SkipKind::ALL.iter().map(|kind| self.get(*kind)).sum()
    }

    /// "3 (2 binary, 1 too large)" in the language asked for; "0" when nothing was skipped.
    pub fn describe(&self, zh: bool) -> String {
        let total = self.total();
        let parts: Vec<String> = SkipKind::ALL
            .iter()
            .filter(|kind| self.get(**kind) > 0)
            .map(|kind| {
                let (en, cn) = kind.name();
                if zh {
                    format!("{cn} {}", self.get(*kind))
                } else {
                    format!("{} {en}", self.get(*kind))
                }
            })
            .collect();
        if parts.is_empty() {
            total.to_string()
        } else if zh {
            format!("{total} 个（{}）", parts.join("、"))
        } else {
            format!("{total} ({})", parts.join(", "))
        }
    }
}

/// A skipped file as the JSON `skipped` section lists it (and `merge` reads it back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedView {
    pub path: String,
    pub kind: SkipKind,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_descriptions() {
        let files = [
            SkippedFile::binary("a.png", "a.png", Shape::Other),
            SkippedFile::binary("b.png", "b.png", Shape::Other),
            SkippedFile::too_large(
                "api/openapi.json",
                "api/openapi.json",
                Shape::Spec,
                300 << 20,
                128 << 20,
                "scan.max-file-size",
            ),
        ];
        let counts = Skipped::of(&files);
        assert_eq!(counts.total(), 3);
        assert_eq!(counts.describe(false), "3 (1 too large, 2 binary)");
        assert_eq!(counts.describe(true), "3 个（过大 1、二进制 2）");
        assert_eq!(Skipped::default().describe(false), "0");
        assert!(
            files[2]
                .reason
                .en
                .contains("300.0 MiB over scan.max-file-size (128.0 MiB)"),
            "{}",
            files[2].reason.en
        );
    }
}
