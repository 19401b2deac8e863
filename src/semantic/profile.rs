//! Profiles: a standard table set written as data (`src/profiles/*.toml`, embedded in the
//! binary). A report selects one with `profile:` in its front matter.

use serde::Deserialize;

use crate::semantic::expr::{parse_identity, parse_sum, Identity, Side};

/// The profiles shipped in the binary, by file name.
const EMBEDDED: &[(&str, &str)] = &[(
    "final-accounts",
    include_str!("../profiles/final-accounts.toml"),
)];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: String,
    #[allow(dead_code)]
    title: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    tables: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    identity: Vec<RawIdentity>,
    #[serde(default)]
    quantity: Vec<RawQuantity>,
    #[serde(default)]
    fact: Vec<Fact>,
    #[serde(default)]
    performance: Vec<Performance>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIdentity {
    name: String,
    expr: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuantity {
    name: String,
    names: Vec<String>,
    actual: Vec<String>,
    #[serde(default)]
    budget: Vec<String>,
}

/// A figure stated in several places that must always agree.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub name: String,
    pub unit: String,
    #[serde(rename = "match")]
    pub patterns: Vec<String>,
    /// The caption of a table whose number of body rows is the fact's value.
    pub rows_of: Option<String>,
}

/// Row formulas of the annex's self-evaluation tables: `result = a / b`, `result = a × b`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Performance {
    pub caption: String,
    pub formulas: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct NamedIdentity {
    pub name: String,
    pub text: String,
    pub identity: Identity,
}

#[derive(Debug, Clone)]
pub struct Quantity {
    pub name: String,
    /// Words that name it in the narrative, normalised.
    pub names: Vec<String>,
    /// Each name's [`char_signature`](crate::semantic::labels::char_signature): a subject
    /// that lacks a bit of it does not contain the name (the linker asks for every figure).
    pub name_signatures: Vec<u64>,
    pub actual: Vec<Side>,
    pub budget: Vec<Side>,
}

#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub aliases: Vec<String>,
    /// Standard table id → caption.
    pub tables: Vec<(String, String)>,
    pub identities: Vec<NamedIdentity>,
    pub quantities: Vec<Quantity>,
    pub facts: Vec<Fact>,
    pub performance: Vec<Performance>,
}

impl Profile {
    /// The embedded profile with this name or alias.
    pub fn find(name: &str) -> Option<&'static Profile> {
        static PROFILES: std::sync::OnceLock<Vec<Profile>> = std::sync::OnceLock::new();
        PROFILES
            .get_or_init(|| {
                EMBEDDED
                    .iter()
                    .map(|(_, text)| load(text).expect("embedded profiles are valid (tested)"))
                    .collect()
            })
            .iter()
            .find(|p| p.name == name || p.aliases.iter().any(|a| a == name))
    }

    pub fn names() -> Vec<String> {
        EMBEDDED.iter().map(|(n, _)| n.to_string()).collect()
    }
}

/// Parses a profile's text; errors name the offending entry.
pub fn load(text: &str) -> Result<Profile, String> {
    let raw: RawProfile = toml::from_str(text).map_err(|e| e.to_string())?;
    let identities = raw
        .identity
        .into_iter()
        .map(|i| {
            parse_identity(&i.expr)
                .map(|identity| NamedIdentity {
                    name: i.name.clone(),
                    text: i.expr.clone(),
                    identity,
                })
                .map_err(|e| format!("identity `{}`: {e}", i.name))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let quantities = raw
        .quantity
        .into_iter()
        .map(|q| {
            let sums = |exprs: &[String]| {
                exprs
                    .iter()
                    .map(|e| parse_sum(e).map_err(|err| format!("quantity `{}`: {err}", q.name)))
                    .collect::<Result<Vec<_>, _>>()
            };
            let names: Vec<String> = q
                .names
                .iter()
                .map(|n| crate::semantic::labels::normalize(n).into_owned())
                .collect();
            Ok(Quantity {
                name_signatures: names
                    .iter()
                    .map(|n| crate::semantic::labels::char_signature(n))
                    .collect(),
                names,
                actual: sums(&q.actual)?,
                budget: sums(&q.budget)?,
                name: q.name,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Profile {
        name: raw.name,
        aliases: raw.aliases,
        tables: raw.tables.into_iter().collect(),
        identities,
        quantities,
        facts: raw.fact,
        performance: raw.performance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_profiles_load() {
        for (name, text) in EMBEDDED {
            let profile = load(text).unwrap_or_else(|e| panic!("profile {name}: {e}"));
            assert!(!profile.identities.is_empty());
            assert!(Profile::find(name).is_some());
        }
        assert!(Profile::find("部门决算").is_some());
        assert!(Profile::find("nope").is_none());
    }
}
