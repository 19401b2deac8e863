//! The findings of the table rules ([`Check::Table`]), table by table, kept with an analysis
//! so that the next check, after an edit, reuses them for every table whose model the
//! analysis reused (`semantic::reuse`): such a rule reads that table's model and the rounding
//! policy only, so its findings there are the same, moved with the text.

use crate::config::Config;
use crate::decimal::Policy;
use crate::diagnostics::{Diagnostic, Severity};
use crate::rules::registry::{Check, RULES};
use crate::text::{TextEdit, TextRange};

/// What the table rules found in each table, and the settings they ran under; and what rules
/// that work piece by piece on the text keep for the next check ([`Memo`]).
#[derive(Debug, Default)]
pub struct TableFindings {
    settings: Settings,
    by_table: Vec<Vec<Diagnostic>>,
    pub(super) memo: Memo,
}

/// What rules remember of a document from one check to the next (the language server's), to
/// do again only what the edit since can have changed: entity-name-drift's last scan, which
/// the next check resumes around the edit.
#[derive(Debug, Default)]
pub struct Memo {
    pub(super) drifts: std::sync::Mutex<crate::rules::entity_name_drift::DriftMemo>,
}

impl Memo {
    /// Readies what the last check remembered for this one, of the text `edit` made.
    pub(super) fn advance(&mut self, edit: TextEdit) {
        self.drifts
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .advance(edit);
    }

    /// A memo that remembers (the default one, for a one-off check, only computes: keeping
    /// a scan no later check resumes would cost memory for nothing).
    fn remembering() -> Memo {
        Memo {
            drifts: std::sync::Mutex::new(crate::rules::entity_name_drift::DriftMemo::remembering()),
        }
    }
}

/// The rounding policy and each table rule's severity (`None`: off).
#[derive(Debug, Clone, Default, PartialEq)]
struct Settings {
    policy: Policy,
    severities: Vec<Option<Severity>>,
}

impl Settings {
    fn of(config: &Config, policy: Policy) -> Settings {
        Settings {
            policy,
            severities: RULES
                .iter()
                .filter(|m| matches!(m.check, Some(Check::Table(_))))
                .map(|m| config.severity_of(m))
                .collect(),
        }
    }
}

impl TableFindings {
    pub(super) fn new(config: &Config, policy: Policy) -> TableFindings {
        TableFindings {
            settings: Settings::of(config, policy),
            by_table: Vec::new(),
            memo: Memo::default(),
        }
    }

    pub(super) fn push(&mut self, found: Vec<Diagnostic>) {
        self.by_table.push(found);
    }

    /// Every finding, table by table.
    pub(super) fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        self.by_table.iter().flatten()
    }

    /// Every finding, table by table, moved out.
    pub(super) fn take_all(&mut self) -> impl Iterator<Item = Diagnostic> + '_ {
        self.by_table.drain(..).flatten()
    }
}

/// An earlier check's table findings, which earlier table (if any) each table's model was
/// reused from, and the edit since.
pub struct EarlierFindings {
    pub findings: TableFindings,
    pub reused: Vec<Option<usize>>,
    pub edit: TextEdit,
}

impl EarlierFindings {
    /// For the first check of a document that will be checked again (the language server's):
    /// nothing to reuse yet, but what this check finds is remembered for the next.
    pub fn first() -> EarlierFindings {
        EarlierFindings {
            findings: TableFindings {
                memo: Memo::remembering(),
                ..TableFindings::default()
            },
            reused: Vec::new(),
            edit: TextEdit {
                start: 0,
                old_end: 0,
                new_end: 0,
            },
        }
    }

    /// Whether the earlier findings were made under the same settings: if not, none is reused.
    pub(super) fn same_settings(&self, config: &Config, policy: Policy) -> bool {
        self.findings.settings == Settings::of(config, policy)
    }

    /// The findings of table `table` taken from the earlier check, if its model was reused
    /// (the settings are checked once, by [`EarlierFindings::same_settings`]).
    pub(super) fn take(&mut self, table: usize) -> Option<Vec<Diagnostic>> {
        let old = (*self.reused.get(table)?)?;
        let found = std::mem::take(self.findings.by_table.get_mut(old)?);
        moved(found, &self.edit)
    }
}

/// Findings moved with the text; `None` if one of their ranges touches the edited text.
fn moved(mut found: Vec<Diagnostic>, edit: &TextEdit) -> Option<Vec<Diagnostic>> {
    let mut ok = true;
    let mut go = |r: &mut TextRange| {
        if edit.outside(*r) {
            *r = edit.moved(*r);
        } else {
            ok = false;
        }
    };
    for d in &mut found {
        go(&mut d.range);
        for related in &mut d.related {
            go(&mut related.range);
        }
        for e in d.fix.iter_mut().flat_map(|f| f.edits.iter_mut()) {
            go(&mut e.range);
        }
    }
    ok.then_some(found)
}
