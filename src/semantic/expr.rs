//! The small expression language of identities and named quantities:
//!
//! ```text
//! identity <- side ('=' side)+
//! side     <- term (('+' / '-') term)*
//! term     <- number / ref
//! ref      <- table '[' key ',' key ']'      key: a row (code, 行次, label, `*`) and a column
//! ```
//! e.g. `t01[本年收入合计, 1] = t02[合计, 本年收入合计]`, `t06[301, 决算数] + t06[303, 决算数]`.

use std::str::FromStr;

use nom::branch::alt;
use nom::bytes::complete::{take_while, take_while1};
use nom::character::complete::{char as ch, multispace0};
use nom::combinator::{all_consuming, map, opt};
use nom::multi::{many0, many1};
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};
use rust_decimal::Decimal;

/// A reference to a cell: `t05[合计, 基本支出]`. A row of `*` ranges over matching rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub table: String,
    pub row: String,
    pub column: String,
}

impl Ref {
    pub fn is_wildcard(&self) -> bool {
        self.row == "*"
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Ref(Ref),
    Number(Decimal),
}

/// A signed sum of terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub terms: Vec<(bool, Term)>,
}

/// Two or more sides that must be equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub sides: Vec<Side>,
}

fn ws<'a, O>(
    inner: impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>>,
) -> impl Parser<&'a str, Output = O, Error = nom::error::Error<&'a str>> {
    delimited(multispace0, inner, multispace0)
}

fn ident(i: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-')(i)
}

fn key(i: &str) -> IResult<&str, &str> {
    map(
        take_while(|c: char| c != ',' && c != ']' && c != '['),
        str::trim,
    )
    .parse(i)
}

fn reference(i: &str) -> IResult<&str, Ref> {
    let (i, table) = ws(ident).parse(i)?;
    let (i, (row, _, column)) = delimited(ch('['), (key, ch(','), key), ch(']')).parse(i)?;
    Ok((
        i,
        Ref {
            table: table.into(),
            row: row.into(),
            column: column.into(),
        },
    ))
}

fn number(i: &str) -> IResult<&str, Decimal> {
    let (rest, text) = ws(take_while1(|c: char| c.is_ascii_digit() || c == '.')).parse(i)?;
    match Decimal::from_str(text) {
        Ok(d) => Ok((rest, d)),
        Err(_) => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Digit,
        ))),
    }
}

fn term(i: &str) -> IResult<&str, Term> {
    alt((map(reference, Term::Ref), map(number, Term::Number))).parse(i)
}

fn side(i: &str) -> IResult<&str, Side> {
    let (i, first_sign) = opt(ws(ch('-'))).parse(i)?;
    let (i, first) = term(i)?;
    let (i, rest) = many0((ws(alt((ch('+'), ch('-')))), term)).parse(i)?;
    let mut terms = vec![(first_sign.is_some(), first)];
    terms.extend(rest.into_iter().map(|(op, t)| (op == '-', t)));
    Ok((i, Side { terms }))
}

/// Parses `a = b [= c …]`.
pub fn parse_identity(text: &str) -> Result<Identity, String> {
    let parsed = all_consuming((side, many1(preceded(ws(ch('=')), side)))).parse(text);
    match parsed {
        Ok((_, (first, rest))) => {
            let mut sides = vec![first];
            sides.extend(rest);
            Ok(Identity { sides })
        }
        Err(e) => Err(describe(text, e)),
    }
}

/// Parses a sum `a + b - c`.
pub fn parse_sum(text: &str) -> Result<Side, String> {
    all_consuming(side)
        .parse(text)
        .map(|(_, s)| s)
        .map_err(|e| describe(text, e))
}

fn describe(text: &str, e: nom::Err<nom::error::Error<&str>>) -> String {
    match e {
        nom::Err::Error(e) | nom::Err::Failure(e) => {
            let at = text.len() - e.input.len();
            format!("cannot read the expression at `{}` (character {}): expected `table[row, column]`, a number, `+`, `-` or `=`", e.input.chars().take(12).collect::<String>(), text[..at].chars().count() + 1)
        }
        nom::Err::Incomplete(_) => "incomplete expression".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_and_sums() {
        let id = parse_identity("t01[本年收入合计, 1] = t02[合计, 本年收入合计]").unwrap();
        assert_eq!(id.sides.len(), 2);
        assert_eq!(
            id.sides[1].terms[0].1,
            Term::Ref(Ref {
                table: "t02".into(),
                row: "合计".into(),
                column: "本年收入合计".into()
            })
        );
        let sum =
            parse_sum("t07[*, 年初结转和结余] + t07[*, 本年收入] - t07[*, 本年支出/小计]").unwrap();
        assert_eq!(sum.terms.len(), 3);
        assert!(sum.terms[2].0);
        assert!(matches!(&sum.terms[0].1, Term::Ref(r) if r.is_wildcard()));
    }

    #[test]
    fn errors_say_where() {
        let err = parse_identity("t01[a, 1] = ").unwrap_err();
        assert!(err.contains("cannot read"), "{err}");
        assert!(parse_identity("t01[a, 1]").is_err());
    }
}
