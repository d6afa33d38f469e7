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
/// and what is allowed.
pub fn new_account(
    input: &AccountInput,
    user: &str,
    today: NaiveDate,
) -> Result<NewAccount, Error> {
    // Backup and referrer are optional text: blank means none. The others, when given, must parse.
    fn given(v: Option<&str>) -> Option<&str> {
        v.map(str::trim).filter(|v| !v.is_empty())
    }
    Ok(NewAccount {
        name: account_name(input.name)?,
        owner: crate::domain::person("owner", input.owner.unwrap_or(user))?,
        backup: given(input.backup)
            .map(|b| crate::domain::person("backup", b))
            .transpose()?,
        tier: input
            .tier
            .map(str::parse)
            .transpose()?
            .unwrap_or(Tier::Standard),
        value_cents: input
            .value
            .map(|v| crate::domain::parse_eur("value", v))
            .transpose()?
            .unwrap_or(0),
        client_since: input
            .since
            .map(|d| parse_date("since", d))
            .transpose()?
            .unwrap_or(today),
        renewal: input
            .renewal
            .map(|d| parse_date("renewal", d))
            .transpose()?,
        referred_by: given(input.referred_by).map(str::to_string),
    })
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
