//! Configuration: `jslint.toml`, found by walking up from each checked file.
//!
//! ```toml
//! profile = "final-accounts"        # the profile for reports whose front matter names none
//! fail-on = "error"                 # CLI exit status threshold
//! include = ["reports/**/*.jsmd"]
//! exclude = ["drafts/**"]
//! identities = ["t02[合计, 1] = t03[合计, 1]"]   # checked in every report (JL104)
//!
//! [rules]
//! select = ["ALL"]                  # codes, names, or prefixes such as "JL2"
//! ignore = ["JL301"]
//! severity = { JL202 = "warning", unverified-number = "off" }
//!
//! [rounding]
//! policy = "interval"               # "interval" (XBRL 1.1 style) or "exact"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Severity;
use crate::rules::{find, RuleMeta};

pub const FILE_NAME: &str = "jslint.toml";

/// How rounding is tolerated when comparing figures (see [`crate::decimal::Policy`]).
pub use crate::decimal::Policy as RoundingPolicy;

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the configuration came from, if a file.
    pub path: Option<PathBuf>,
    pub profile: Option<String>,
    pub fail_on: Option<Severity>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Per-rule severity override; `None` turns the rule off.
    pub severity: BTreeMap<String, Option<Severity>>,
    pub rounding: RoundingPolicy,
    /// Extra identities for every report under this configuration, in the expression
    /// language of the front matter's `identities:` (`t02[合计, 1] = t03[合计, 1]`).
    pub identities: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    profile: Option<String>,
    fail_on: Option<String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    rounding: RawRounding,
    #[serde(default)]
    identities: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRounding {
    #[serde(default)]
    policy: RoundingPolicy,
}

/// A configuration file that cannot be used, with the location of the problem.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct ConfigError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Config {
    /// Parses a configuration file's text.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let at = |offset: usize, message: String| {
            let index = crate::text::LineIndex::new(text);
            let lc = index.line_col(text, offset, crate::text::ColumnUnit::Char);
            ConfigError {
                path: path.display().to_string(),
                line: lc.line as usize + 1,
                column: lc.col as usize + 1,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            at(offset, e.message().to_string())
        })?;
        let locate = |needle: &str| text.find(needle).unwrap_or(0);
        if let Some(name) = &raw.profile {
            if crate::semantic::profile::Profile::find(name).is_none() {
                return Err(at(
                    locate(name),
                    format!(
                        "`profile` names no profile: `{name}` (known: {})",
                        crate::semantic::profile::Profile::names().join(", ")
                    ),
                ));
            }
        }
        let mut config = Config {
            path: Some(path.to_path_buf()),
            profile: raw.profile,
            ..Config::default()
        };
        if let Some(f) = raw.fail_on {
            config.fail_on = Some(Severity::parse(&f).ok_or_else(|| {
                at(
                    locate(&f),
                    format!("`fail-on` must be error, warning or info, not `{f}`"),
                )
            })?);
        }
        for selector in raw.rules.select.iter().chain(&raw.rules.ignore) {
            if !is_selector(selector) {
                return Err(at(locate(selector), format!("`{selector}` names no rule (use a code like JL201, a name, a prefix like JL2, or ALL)")));
            }
        }
        for (rule, sev) in &raw.rules.severity {
            let Some(meta) = find(rule) else {
                return Err(at(locate(rule), format!("`{rule}` names no rule")));
            };
            let level = if sev == "off" {
                None
            } else {
                Some(Severity::parse(sev).ok_or_else(|| {
                    at(
                        locate(sev),
                        format!(
                            "severity of `{rule}` must be error, warning, info or off, not `{sev}`"
                        ),
                    )
                })?)
            };
            config.severity.insert(meta.code.to_string(), level);
        }
        config.select = raw.rules.select;
        config.ignore = raw.rules.ignore;
        config.include = raw.include;
        config.exclude = raw.exclude;
        config.rounding = raw.rounding.policy;
        for identity in &raw.identities {
            if let Err(e) = crate::semantic::expr::parse_identity(identity) {
                return Err(at(locate(identity), format!("identity `{identity}`: {e}")));
            }
        }
        config.identities = raw.identities;
        Ok(config)
    }

    /// What the analysis takes from this configuration.
    pub fn analysis_options(&self) -> crate::semantic::Options {
        crate::semantic::Options {
            profile: self.profile.clone(),
            rounding: self.rounding,
        }
    }

    /// Loads the `jslint.toml` closest above `start` (a file or folder), if any.
    pub fn discover(start: &Path) -> Result<Option<Config>, ConfigError> {
        let start = if start.is_dir() {
            start.to_path_buf()
        } else {
            start.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let start = std::fs::canonicalize(&start).unwrap_or(start);
        for dir in start.ancestors() {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Config::load(&candidate).map(Some);
            }
        }
        Ok(None)
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.display().to_string(),
            line: 1,
            column: 1,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(&text, path)
    }

    /// The severity a rule reports at, or `None` when it is turned off.
    pub fn severity_of(&self, meta: &RuleMeta) -> Option<Severity> {
        if let Some(level) = self.severity.get(meta.code) {
            return *level;
        }
        let selected = if self.select.is_empty() {
            !crate::rules::registry::OPT_IN.contains(&meta.code)
        } else {
            self.select.iter().any(|s| selects(s, meta))
        };
        let ignored = self.ignore.iter().any(|s| selects(s, meta));
        (selected && !ignored).then_some(meta.severity)
    }
}

fn is_selector(s: &str) -> bool {
    s == "ALL" || crate::rules::RULES.iter().any(|m| selects(s, m))
}

fn selects(selector: &str, meta: &RuleMeta) -> bool {
    selector == "ALL"
        || selector == meta.name
        || meta.code.starts_with(&selector.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_a_location() {
        let err = Config::parse(
            "profile = \"x\"\n[rules]\nselekt = []\n",
            Path::new("jslint.toml"),
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err}");
        assert!(err.message.contains("selekt"), "{err}");
    }

    #[test]
    fn identities_are_validated_with_a_location() {
        let config = Config::parse(
            "identities = [\"t02[合计, 1] = t03[合计, 1]\"]\n",
            Path::new("j.toml"),
        )
        .unwrap();
        assert_eq!(config.identities.len(), 1);
        let err = Config::parse(
            "fail-on = \"error\"\nidentities = [\"t02[合计, 1] =\"]\n",
            Path::new("j.toml"),
        )
        .unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert!(err.message.contains("identity"), "{err}");
    }

    #[test]
    fn severities_and_selection() {
        let config = Config::parse(
            "[rules]\nignore = [\"JL003\"]\nseverity = { malformed-number = \"warning\", JL001 = \"off\" }\n",
            Path::new("jslint.toml"),
        )
        .unwrap();
        assert_eq!(
            config.severity_of(find("JL002").unwrap()),
            Some(Severity::Warning)
        );
        assert_eq!(config.severity_of(find("JL001").unwrap()), None);
        assert_eq!(config.severity_of(find("JL003").unwrap()), None);
        assert_eq!(
            config.severity_of(find("JL004").unwrap()),
            Some(Severity::Error)
        );
        let err = Config::parse(
            "[rules]\nseverity = { JL002 = \"loud\" }\n",
            Path::new("j.toml"),
        )
        .unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }
}
