//! Diagnostics as values: what is wrong, where, what else is involved, and how to fix it.
//! Rendering (human, JSON, SARIF, GitHub) lives in `render/`, at the edge.

pub mod order;
pub mod render;

use serde::Serialize;

use crate::text::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// How safe a fix is to apply without review (ruff's model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown, never applied automatically.
    DisplayOnly,
    /// Applied with `--unsafe-fixes`: the right value may be on the other side.
    Unsafe,
    /// Applied with `--fix`: keeps the author's meaning.
    Safe,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: TextRange,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub message: String,
    pub edits: Vec<Edit>,
}

/// A secondary location: a cell that takes part in the relation, a first statement of a fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub range: TextRange,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// `JL201`.
    pub code: &'static str,
    /// `total-mismatch`.
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The narrowest span that is wrong.
    pub range: TextRange,
    pub related: Vec<Related>,
    /// What to do about it.
    pub help: Option<String>,
    /// Boxed: most diagnostics have none, and a check holds every diagnostic at once.
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    pub fn with_related(mut self, range: TextRange, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(
        mut self,
        applicability: Applicability,
        message: impl Into<String>,
        edits: Vec<Edit>,
    ) -> Diagnostic {
        self.fix = Some(Box::new(Fix {
            applicability,
            message: message.into(),
            edits,
        }));
        self
    }

    /// A fix that replaces the diagnostic's own range.
    pub fn with_replacement(
        self,
        applicability: Applicability,
        replacement: impl Into<String>,
    ) -> Diagnostic {
        let replacement = replacement.into();
        let range = self.range;
        self.with_fix(
            applicability,
            format!("replace with `{replacement}`"),
            vec![Edit { range, replacement }],
        )
    }
}
