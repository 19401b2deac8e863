//! The front matter an import infers — entity, year, unit, profile, kind — and table ids
//! (`t01`…`t09` by public number or caption, `a1`, `a2-1`… in the annex).

use std::collections::HashMap;

use crate::import::cells::squeeze;
use crate::import::doc::{Block, Doc, Guess};
use crate::import::Origin;
use crate::semantic::profile::Profile;

/// The profile whose tables the importers recognise.
pub(crate) const PROFILE: &str = "final-accounts";

/// `公开01表` / `公开 1 表` → `t01`.
pub(crate) fn id_of_public_no(no: &str) -> Option<String> {
    let s = squeeze(no);
    let digits = s.strip_prefix("公开")?.strip_suffix('表')?;
    let n: u32 = digits.parse().ok().filter(|&n| n > 0 && n < 100)?;
    Some(format!("t{n:02}"))
}

/// `公开 01 表` → `公开01表`, when the text is a public number.
pub(crate) fn public_no(text: &str) -> Option<String> {
    let s = squeeze(text);
    id_of_public_no(&s).map(|_| s)
}

/// The standard id of a caption (`收入支出决算总表` → `t01`), compared without spaces.
pub(crate) fn id_of_caption(caption: &str) -> Option<String> {
    let key = squeeze(caption)
        .replace(['"', '“', '”'], "")
        .trim_end_matches(['。', '.'])
        .to_string();
    let profile = Profile::find(PROFILE)?;
    profile
        .tables
        .iter()
        .find(|(_, c)| squeeze(c).replace(['"', '“', '”'], "") == key)
        .map(|(id, _)| id.clone())
}

/// The department named by a `部门：…` fragment.
pub(crate) fn department_of(fragment: &str) -> Option<String> {
    let s = fragment.trim();
    for prefix in [
        "部门：",
        "部门:",
        "编制部门：",
        "编制部门:",
        "单位名称：",
        "单位名称:",
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let name = squeeze(rest);
            return (!name.is_empty()).then_some(name);
        }
    }
    None
}

/// `2023 年度` → `2023`.
pub(crate) fn year_of(fragment: &str) -> Option<String> {
    let s = squeeze(fragment);
    let rest = s.strip_suffix("年度")?;
    (rest.len() == 4 && rest.bytes().all(|b| b.is_ascii_digit())).then(|| rest.to_string())
}

/// `单位：万元` → `万元`.
pub(crate) fn unit_of(fragment: &str) -> Option<String> {
    let s = squeeze(fragment);
    let rest = s
        .strip_prefix("单位：")
        .or_else(|| s.strip_prefix("单位:"))?;
    matches!(rest, "元" | "万元" | "亿元" | "千元").then(|| rest.to_string())
}

/// Fills the front matter from the tables' 部门 / 年度 / 单位 lines and the narrative, and
/// returns the guess about the entity when the sources disagree.
pub(crate) fn infer(doc: &mut Doc, title: Option<&str>) -> Option<Guess> {
    let mut meta_names: Vec<(String, usize)> = Vec::new();
    let mut years: HashMap<String, usize> = HashMap::new();
    let mut units: HashMap<String, usize> = HashMap::new();
    let mut narrative = String::new();
    let mut ids: Vec<&str> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Table(t) => {
                ids.push(&t.id);
                for m in &t.meta {
                    if let Some(name) = department_of(m) {
                        match meta_names.iter_mut().find(|(n, _)| *n == name) {
                            Some((_, c)) => *c += 1,
                            None => meta_names.push((name, 1)),
                        }
                    }
                    if let Some(y) = year_of(m) {
                        *years.entry(y).or_default() += 1;
                    }
                }
                if let Some(u) = &t.unit {
                    *units.entry(u.clone()).or_default() += 1;
                }
            }
            Block::Heading { text, .. } | Block::Paragraph(text) => {
                narrative.push_str(&squeeze(text));
                narrative.push('\n');
            }
            Block::List(items) => {
                for i in items {
                    narrative.push_str(&squeeze(&i.text));
                    narrative.push('\n');
                }
            }
            Block::Comment(_) | Block::Guess(_) => {}
        }
    }
    let profile_ok = Profile::find(PROFILE)
        .is_some_and(|p| p.tables.iter().all(|(id, _)| ids.iter().any(|i| i == id)));
    doc.front.profile = profile_ok.then_some(PROFILE);
    doc.front.unit = most_frequent(&units);
    doc.front.year = most_frequent(&years).or_else(|| {
        let t = squeeze(title?);
        let y: String = t.chars().take(4).collect();
        (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && t[4..].starts_with("年"))
            .then_some(y)
    });
    if let Some(t) = title {
        let t = squeeze(t);
        for kind in ["部门决算", "单位决算", "部门预算", "单位预算"] {
            if t.contains(kind) {
                doc.front.kind = Some(kind.to_string());
                break;
            }
        }
    }
    if meta_names.is_empty() {
        doc.front.entity = title.and_then(entity_from_title);
        return None;
    }
    // The narrative is written by the department and spells its name more carefully than the
    // exported tables, so a mention there counts twice.
    let scored: Vec<(String, usize, usize)> = meta_names
        .iter()
        .map(|(name, c)| (name.clone(), *c, narrative.matches(name.as_str()).count()))
        .collect();
    let best = scored
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, m, n))| (m + 2 * n, *m, usize::MAX - i))
        .map(|(_, s)| s.clone());
    let (entity, _, _) = best?;
    doc.front.entity = Some(entity.clone());
    (scored.len() > 1).then(|| {
        let listed: Vec<String> = scored
            .iter()
            .map(|(n, m, t)| format!("`{n}` ({m} 部门 line(s), {t} mention(s) in the narrative)"))
            .collect();
        Guess::new(
            Origin::Document,
            format!(
                "the 部门 lines name {} departments: {}. The entity is `{entity}`, the most frequent counting narrative mentions twice; the other spellings are kept where they stand",
                scored.len(),
                listed.join(", ")
            ),
        )
    })
}

/// `2023 年度中国共产党焦作市 中站区委员会 部门决算` → `中国共产党焦作市中站区委员会`.
fn entity_from_title(title: &str) -> Option<String> {
    let mut t = squeeze(title);
    if let Some(pos) = t.find("年度") {
        if t[..pos].bytes().all(|b| b.is_ascii_digit()) {
            t = t[pos + "年度".len()..].to_string();
        }
    }
    for suffix in [
        "部门决算",
        "单位决算",
        "部门预算",
        "单位预算",
        "决算",
        "预算",
    ] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.to_string();
            break;
        }
    }
    (t.chars().count() >= 2).then_some(t)
}

fn most_frequent(counts: &HashMap<String, usize>) -> Option<String> {
    let mut v: Vec<(&String, &usize)> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.first().map(|(k, _)| (*k).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(id_of_public_no("公开 01 表").as_deref(), Some("t01"));
        assert_eq!(id_of_public_no("公开05表").as_deref(), Some("t05"));
        assert_eq!(id_of_public_no("公开表"), None);
        assert_eq!(id_of_caption("收入支出决算总表").as_deref(), Some("t01"));
        assert_eq!(
            id_of_caption("财政拨款\"三公\"经费支出决算表").as_deref(),
            Some("t09")
        );
        assert_eq!(year_of("2023 年度").as_deref(), Some("2023"));
        assert_eq!(unit_of("单位：万元").as_deref(), Some("万元"));
        assert_eq!(
            department_of("部门：中国共产党 焦作市").as_deref(),
            Some("中国共产党焦作市")
        );
        assert_eq!(
            entity_from_title("2023 年度中国共产党焦作市 中站区委员会 部门决算").as_deref(),
            Some("中国共产党焦作市中站区委员会")
        );
    }
}
