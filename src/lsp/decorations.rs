//! Inlay hints (the computed value beside a figure that disagrees with it) and semantic
//! tokens (linked, derived and unverified numbers, so that an editor can colour them).

use crate::decimal::Agreement;
use crate::lsp::documents::Snapshot;
use crate::lsp::proto::{
    Encoding, InlayHint, InlayHintKind, InlayHintLabel, SemanticToken, SemanticTokenModifier,
    SemanticTokenType, SemanticTokensLegend,
};
use crate::semantic::narrative::Outcome;
use crate::text::TextRange;

pub fn inlay_hints(s: &Snapshot, encoding: Encoding, within: TextRange) -> Vec<InlayHint> {
    let lines = s.lines(encoding);
    let mut out = Vec::new();
    let mut hint = |at: usize, label: String| {
        out.push(InlayHint {
            position: lines.position(at),
            label: InlayHintLabel::String(label),
            kind: Some(InlayHintKind::PARAMETER),
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        });
    };
    for n in &s.analysis.model.narrative.numbers {
        if !within.touches(n.number.range.start as usize) {
            continue;
        }
        let expected = match &n.outcome {
            Outcome::Linked(l) if l.agreement != Agreement::Agrees => l.value(),
            Outcome::Derived(d) if d.agreement != Agreement::Agrees => d.value(),
            _ => continue,
        };
        hint(
            n.number.range.end as usize,
            format!(
                "≠ {}",
                crate::decimal::round_to(expected, n.number.value.scale())
            ),
        );
    }
    // Totals whose parts do not add up: the recomputed value from the rule's fix.
    for d in &s.diagnostics {
        if !matches!(d.code, "JL101" | "JL102" | "JL103" | "JL104")
            || !within.touches(d.range.start as usize)
        {
            continue;
        }
        if let Some(edit) = d.fix.as_ref().and_then(|f| f.edits.first()) {
            hint(d.range.end as usize, format!("≠ {}", edit.replacement));
        }
    }
    out
}

pub const TOKEN_TYPES: &[SemanticTokenType] = &[SemanticTokenType::NUMBER];
pub const MODIFIERS: &[&str] = &["linked", "derived", "unverified", "mismatch"];

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES.to_vec(),
        token_modifiers: MODIFIERS
            .iter()
            .map(|m| SemanticTokenModifier::new(m))
            .collect(),
    }
}

pub fn semantic_tokens(s: &Snapshot, encoding: Encoding) -> Vec<SemanticToken> {
    let lines = s.lines(encoding);
    let mut out = Vec::new();
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for n in &s.analysis.model.narrative.numbers {
        let modifier = match &n.outcome {
            Outcome::Linked(_) | Outcome::Fact { .. } => 0,
            Outcome::Derived(_) => 1,
            Outcome::Unverified { .. } | Outcome::Dangling { .. } => 2,
            Outcome::NotAQuantity => continue,
        };
        let mut bits = 1u32 << modifier;
        if n.outcome.agreement() != Agreement::Agrees {
            bits |= 1 << 3;
        }
        let start = lines.position(n.number.range.start as usize);
        let end = lines.position(n.number.range.end as usize);
        if end.line != start.line {
            continue;
        }
        let delta_line = start.line - prev_line;
        let delta_start = if delta_line == 0 {
            start.character - prev_start
        } else {
            start.character
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: 0,
            token_modifiers_bitset: bits,
        });
        prev_line = start.line;
        prev_start = start.character;
    }
    out
}
