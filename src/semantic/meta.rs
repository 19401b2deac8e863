//! The report's facts from its front matter: entity, year, unit, profile, prior-year
//! figures and user-declared identities.

use rust_decimal::Decimal;
use std::str::FromStr;

use crate::syntax::ast::{Document, FmValue};
use crate::text::TextRange;

#[derive(Debug, Clone, Default)]
pub struct ReportMeta {
    pub entity: Option<(String, TextRange)>,
    pub year: Option<(String, TextRange)>,
    pub unit: Option<String>,
    pub profile: Option<(String, TextRange)>,
    /// Prior-year figures by name.
    pub prior: Vec<(String, Decimal, TextRange)>,
    /// User identities, as written, with their ranges.
    pub identities: Vec<(String, TextRange)>,
    pub aliases: Vec<String>,
}

pub fn read(src: &str, doc: &Document) -> ReportMeta {
    let mut meta = ReportMeta::default();
    let Some(fm) = &doc.front_matter else {
        return meta;
    };
    for entry in &fm.entries {
        let key = &src[entry.key.as_range()];
        match (key, &entry.value) {
            ("entity", FmValue::Scalar(r)) if !r.is_empty() => {
                meta.entity = Some((src[r.as_range()].to_string(), *r))
            }
            ("year", FmValue::Scalar(r)) => meta.year = Some((src[r.as_range()].to_string(), *r)),
            ("unit", FmValue::Scalar(r)) => meta.unit = Some(src[r.as_range()].to_string()),
            ("profile", FmValue::Scalar(r)) if !r.is_empty() => {
                meta.profile = Some((src[r.as_range()].to_string(), *r))
            }
            ("prior", FmValue::Map(items)) => {
                for item in items {
                    if let FmValue::Scalar(v) = &item.value {
                        if let Ok(d) = Decimal::from_str(src[v.as_range()].trim()) {
                            meta.prior
                                .push((src[item.key.as_range()].to_string(), d, *v));
                        }
                    }
                }
            }
            ("identities", FmValue::List(items)) => {
                meta.identities = items
                    .iter()
                    .map(|r| (src[r.as_range()].to_string(), *r))
                    .collect();
            }
            ("aliases", FmValue::List(items)) => {
                meta.aliases = items
                    .iter()
                    .map(|r| src[r.as_range()].to_string())
                    .collect()
            }
            _ => {}
        }
    }
    meta
}
