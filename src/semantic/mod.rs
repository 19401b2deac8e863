//! The semantic pass: tables become arithmetic, narrative numbers are linked to the cells or
//! computations they state. Everything here is data that rules, hovers and go-to-definition
//! read; nothing here reports a diagnostic.

pub mod eval;
pub mod expr;
pub mod labels;
pub mod meta;
pub mod narrative;
pub mod profile;
pub mod relations;
pub mod reuse;
pub mod table;

use crate::decimal::Policy;
use crate::syntax::ast::{Block, Document};

pub use meta::ReportMeta;
pub use table::{Column, Role, RowModel, TableModel, ValueCell};

/// The analysed report.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub meta: ReportMeta,
    pub tables: Vec<TableModel>,
    pub narrative: narrative::Narrative,
    /// The profile in force: the one the front matter names, else the configuration's.
    pub profile: Option<&'static profile::Profile>,
    /// How rounding is tolerated when figures are compared.
    pub rounding: Policy,
}

/// What the analysis takes from outside the report (from `jslint.toml`).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The profile for reports whose front matter names none.
    pub profile: Option<String>,
    pub rounding: Policy,
}

/// How many narrative numbers were traced: coverage is a first-class figure.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    pub numbers: usize,
    pub linked: usize,
    pub derived: usize,
    pub unverified: usize,
}

impl Coverage {
    pub fn summary_line(&self) -> String {
        format!(
            "{} narrative number(s): {} linked, {} derived, {} unverified",
            self.numbers, self.linked, self.derived, self.unverified
        )
    }
}

impl Model {
    pub fn coverage(&self) -> Coverage {
        use narrative::Outcome;
        let mut c = Coverage::default();
        for n in &self.narrative.numbers {
            match &n.outcome {
                Outcome::NotAQuantity => continue,
                Outcome::Linked(_) | Outcome::Fact { .. } => c.linked += 1,
                Outcome::Derived(_) => c.derived += 1,
                Outcome::Dangling { .. } | Outcome::Unverified { .. } => c.unverified += 1,
            }
            c.numbers += 1;
        }
        c
    }

    /// The profile in force, if any (see [`Model::profile`]).
    pub fn profile(&self) -> Option<&'static profile::Profile> {
        self.profile
    }

    pub fn table(&self, id: &str) -> Option<&TableModel> {
        eval::find_table(&self.tables, id)
    }
}

pub fn analyze(src: &str, doc: &Document, options: &Options) -> Model {
    analyze_after(src, doc, options, None)
}

/// Analyses a document reusing, where the edit since allows, an earlier analysis (see
/// [`reuse`]); the result is that of [`analyze`].
pub fn analyze_after(
    src: &str,
    doc: &Document,
    options: &Options,
    mut earlier: Option<&mut reuse::Earlier>,
) -> Model {
    let meta = meta::read(src, doc);
    // Sized up front: a vector that doubles keeps up to half of it spare for good.
    let count = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    let mut tables: Vec<TableModel> = Vec::with_capacity(count);
    let mut labels = table::Labels::default();
    tables.extend(
        doc.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| matches!(b, Block::Table(_)))
            .enumerate()
            .map(|(ordinal, (i, _))| {
                let ordinal = ordinal + 1;
                let Some(e) = earlier.as_deref_mut() else {
                    return table::build(src, doc, i, ordinal, &mut labels);
                };
                e.table(doc, i, ordinal).unwrap_or_else(|| {
                    let model = table::build(src, doc, i, ordinal, &mut labels);
                    e.same_table(ordinal, &model);
                    model
                })
            }),
    );
    // A report that names a profile gets that one (or none, when the name is unknown:
    // the unknown-profile rule says so); the configuration's applies to the others.
    let profile = match &meta.profile {
        Some((name, _)) => profile::Profile::find(name),
        None => options.profile.as_deref().and_then(profile::Profile::find),
    };
    if let Some(e) = earlier.as_deref_mut() {
        e.tables_done(doc, profile, options.rounding);
    }
    let index = earlier
        .as_deref_mut()
        .and_then(|e| e.memo.index.take())
        .unwrap_or_else(|| narrative::index::LinkIndex::new(&tables));
    let narrative = narrative::analyze(
        &narrative::Input {
            src,
            doc,
            tables: &tables,
            meta: &meta,
            profile,
            index: &index,
            policy: options.rounding,
            consulted: Default::default(),
        },
        earlier.as_deref_mut(),
    );
    if let Some(e) = earlier {
        e.memo.index = Some(index);
    }
    Model {
        meta,
        tables,
        narrative,
        profile,
        rounding: options.rounding,
    }
}
