//! A new account's fields as typed, checked once for both front ends (`tend account add` and the
//! cockpit's add-account form): the same defaults, the same errors naming field, value and what
//! is allowed.

use chrono::NaiveDate;

use crate::domain::dates::parse_date;
use crate::domain::{Tier, account_name};
use crate::error::Error;
use crate::store::accounts::NewAccount;

/// A new account's fields as typed — `tend account add`'s flags, the cockpit's add-account form.
/// `None` (or blank): the default.
#[derive(Debug, Clone, Copy, Default)]
pub struct AccountInput<'a> {
    pub name: &'a str,
    pub owner: Option<&'a str>,
    pub backup: Option<&'a str>,
    pub tier: Option<&'a str>,
    pub value: Option<&'a str>,
    pub since: Option<&'a str>,
    pub renewal: Option<&'a str>,
    pub referred_by: Option<&'a str>,
}

impl AccountInput<'_> {
    /// The field names, as errors name them (the CLI's flags, the form's labels).
    pub const FIELDS: [&'static str; 8] = [
        "name",
        "owner",
        "backup",
        "tier",
        "value",
        "since",
        "renewal",
        "referred by",
    ];
}

/// Check a new account's fields and apply the defaults (owner: `user`, tier standard, value 0,
/// client since `today`). One rule for both front ends; each error names the field, the value
/// and what is allowed. The first problem (the CLI says one line); `new_account_problems` has
/// them all (the cockpit's form shows each under its field).
pub fn new_account(
    input: &AccountInput,
    user: &str,
    today: NaiveDate,
) -> Result<NewAccount, Error> {
    new_account_problems(input, user, today).map_err(|mut all| all.remove(0))
}

/// `new_account`, with every field's problem (in the order of the fields), not only the first.
pub fn new_account_problems(
    input: &AccountInput,
    user: &str,
    today: NaiveDate,
) -> Result<NewAccount, Vec<Error>> {
    // Backup and referrer are optional text: blank means none. The others, when given, must parse.
    fn given(v: Option<&str>) -> Option<&str> {
        v.map(str::trim).filter(|v| !v.is_empty())
    }
    let name = account_name(input.name);
    let owner = crate::domain::person("owner", input.owner.unwrap_or(user));
    let backup = given(input.backup)
        .map(|b| crate::domain::person("backup", b))
        .transpose();
    let tier = input.tier.map(str::parse::<Tier>).transpose();
    let value = input
        .value
        .map(|v| crate::domain::parse_eur("value", v))
        .transpose();
    let since = input.since.map(|d| parse_date("since", d)).transpose();
    let renewal = input.renewal.map(|d| parse_date("renewal", d)).transpose();
    match (name, owner, backup, tier, value, since, renewal) {
        (Ok(name), Ok(owner), Ok(backup), Ok(tier), Ok(value), Ok(since), Ok(renewal)) => {
            Ok(NewAccount {
                name,
                owner,
                backup,
                tier: tier.unwrap_or(Tier::Standard),
                value_cents: value.unwrap_or(0),
                client_since: since.unwrap_or(today),
                renewal,
                referred_by: given(input.referred_by).map(str::to_string),
            })
        }
        (name, owner, backup, tier, value, since, renewal) => Err([
            name.err(),
            owner.err(),
            backup.err(),
            tier.err(),
            value.err(),
            since.err(),
            renewal.err(),
        ]
        .into_iter()
        .flatten()
        .collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn omitted_fields_take_the_defaults_given_ones_must_parse() {
        let input = AccountInput {
            name: "  Neu AG ",
            ..AccountInput::default()
        };
        let new = new_account(&input, "anna", today()).unwrap();
        assert_eq!(
            new,
            NewAccount {
                name: "Neu AG".into(),
                owner: "anna".into(),
                backup: None,
                tier: Tier::Standard,
                value_cents: 0,
                client_since: today(),
                renewal: None,
                referred_by: None,
            }
        );
        // Blank backup and referrer mean none; a blank owner, tier or date is refused by name.
        let blank = |f: fn(&mut AccountInput<'static>)| {
            let mut i = AccountInput {
                name: "Neu AG",
                ..AccountInput::default()
            };
            f(&mut i);
            new_account(&i, "anna", today())
        };
        assert!(blank(|i| i.backup = Some(" ")).unwrap().backup.is_none());
        assert!(
            blank(|i| i.referred_by = Some(""))
                .unwrap()
                .referred_by
                .is_none()
        );
        for (f, field) in [
            (
                (|i: &mut AccountInput<'static>| i.owner = Some(""))
                    as fn(&mut AccountInput<'static>),
                "owner",
            ),
            (|i| i.tier = Some("gold"), "tier"),
            (|i| i.value = Some("-3"), "value"),
            (|i| i.since = Some("2026-02-30"), "since"),
            (|i| i.renewal = Some("soon"), "renewal"),
        ] {
            match blank(f) {
                Err(Error::Invalid { field: got, .. }) => {
                    assert_eq!(got, field);
                    // The cockpit's form finds the field an error names by this list.
                    assert!(AccountInput::FIELDS.contains(&got.as_str()));
                }
                other => panic!("{field}: {other:?}"),
            }
        }
    }
}
