use std::path::Path;
use std::time::{Duration, SystemTime};

use super::*;
use crate::config::StoreMode::{Private, Team};

const T0: Duration = Duration::from_secs(1_800_000_000);

fn at(secs_after: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + T0 + Duration::from_secs(secs_after)
}

fn file(mode: u32) -> FileFacts {
    FileFacts {
        mode,
        uid: 1000,
        gid: 2000,
        owner: "anna".into(),
        group: "team".into(),
        len: 4096,
        modified: at(0),
    }
}

fn me(gids: &[u32]) -> Identity {
    Identity {
        uid: 1000,
        name: "anna".into(),
        gids: gids.to_vec(),
    }
}

fn facts(app_id: i32, schema: i64) -> DbFacts {
    DbFacts {
        len: 2 * 1024 * 1024,
        app_id,
        schema,
        quick_check: Ok(vec!["ok".into()]),
    }
}

#[test]
fn private_mode_wants_0600() {
    let p = Path::new("/d/tend.db");
    let ok = file_mode("mode", p, Some(&file(0o100600)), Private);
    assert_eq!(ok.status, Status::Ok);
    assert_eq!(ok.detail, "0600, owner anna, group team");
    let group = file_mode("mode", p, Some(&file(0o640)), Private);
    assert_eq!(group.status, Status::Warn);
    assert!(
        group.hint.starts_with("chmod 600 /d/tend.db"),
        "{}",
        group.hint
    );
    let world_r = file_mode("mode", p, Some(&file(0o644)), Private);
    assert_eq!(world_r.status, Status::Fail);
    assert_eq!(
        world_r.detail,
        "0644: readable by every user (private mode wants 0600)"
    );
    let world_w = file_mode("mode -wal", p, Some(&file(0o662)), Private);
    assert_eq!(world_w.status, Status::Fail);
    assert!(world_w.detail.contains("writable by every user"));
    let read_only = file_mode("mode", p, Some(&file(0o400)), Private);
    assert_eq!(read_only.status, Status::Warn);
    assert!(read_only.detail.contains("cannot read and write"));
    let absent = file_mode("mode -shm", p, None, Private);
    assert_eq!(absent.status, Status::Ok);
}

#[test]
fn team_mode_wants_0660() {
    let p = Path::new("/srv/tend/tend.db");
    assert_eq!(
        file_mode("mode", p, Some(&file(0o660)), Team).status,
        Status::Ok
    );
    let private = file_mode("mode", p, Some(&file(0o600)), Team);
    assert_eq!(private.status, Status::Fail);
    assert_eq!(
        private.detail,
        "0600: the group 'team' cannot read and write it (team mode wants 0660)"
    );
    assert_eq!(private.hint, "chmod 660 /srv/tend/tend.db");
    assert_eq!(
        file_mode("mode", p, Some(&file(0o664)), Team).status,
        Status::Fail
    );
}

#[test]
fn team_directory_needs_group_rwx_setgid_and_membership() {
    let d = Path::new("/srv/tend");
    let good = directory(d, &file(0o42770), Team, Some("team"), &me(&[2000]));
    assert_eq!(good.status, Status::Ok, "{good:?}");
    assert!(
        good.detail.contains("group 'team', 2770 with setgid"),
        "{}",
        good.detail
    );

    let no_setgid = directory(d, &file(0o40770), Team, Some("team"), &me(&[2000]));
    assert_eq!(no_setgid.status, Status::Fail);
    assert!(
        no_setgid.detail.contains("no setgid bit"),
        "{}",
        no_setgid.detail
    );
    assert_eq!(no_setgid.hint, "chmod g+s /srv/tend");

    let closed = directory(d, &file(0o42750), Team, Some("team"), &me(&[2000]));
    assert_eq!(closed.status, Status::Fail);
    assert!(closed.hint.contains("chmod 2770 /srv/tend"));

    let outsider = directory(d, &file(0o42770), Team, Some("team"), &me(&[1000]));
    assert_eq!(outsider.status, Status::Fail);
    assert!(
        outsider.hint.starts_with("usermod -aG team anna"),
        "{}",
        outsider.hint
    );

    let other_group = directory(d, &file(0o42770), Team, Some("anna"), &me(&[2000]));
    assert_eq!(other_group.status, Status::Warn);
    assert!(other_group.detail.contains("belongs to group 'anna'"));

    // Several findings share one line, the worst status wins.
    let both = directory(d, &file(0o40750), Team, Some("anna"), &me(&[2000]));
    assert_eq!(both.status, Status::Fail);
    assert_eq!(both.hint.matches("; ").count(), 2, "{}", both.hint);
}

#[test]
fn private_directory_must_not_be_open_to_everyone() {
    let d = Path::new("/home/anna/.local/share/tend");
    assert_eq!(
        directory(d, &file(0o40700), Private, None, &me(&[])).status,
        Status::Ok
    );
    let open = directory(d, &file(0o40777), Private, None, &me(&[]));
    assert_eq!(open.status, Status::Fail);
    // /tmp-like: world-writable but sticky, nobody can replace another's file.
    assert_eq!(
        directory(d, &file(0o41777), Private, None, &me(&[])).status,
        Status::Ok
    );
}

#[test]
fn database_open_outcomes() {
    let p = Path::new("/d/t.db");
    assert_eq!(database(p, &Opened::Missing).status, Status::Fail);
    assert_eq!(database(p, &Opened::NotAFile).status, Status::Fail);
    let foreign = database(
        p,
        &Opened::Failed("/d/t.db: an SQLite database, but not a tend database (application_id 0x0); not touched".into()),
    );
    assert_eq!(foreign.status, Status::Fail);
    assert!(foreign.hint.contains("another program's database"));
    let ok = database(p, &Opened::Open(facts(crate::store::APPLICATION_ID, 2)));
    assert_eq!(ok.status, Status::Ok);
    assert_eq!(ok.detail, "/d/t.db: a tend database, 2.0 MB");
    assert_eq!(database(p, &Opened::Open(facts(0, 0))).status, Status::Warn);
}

#[test]
fn schema_and_quick_check() {
    let id = crate::store::APPLICATION_ID;
    assert_eq!(schema(&facts(id, 2), 2).status, Status::Ok);
    assert_eq!(schema(&facts(id, 1), 2).status, Status::Warn);
    let newer = schema(&facts(id, 3), 2);
    assert_eq!(newer.status, Status::Fail);
    assert_eq!(newer.detail, "v3 is newer than this tend (v2)");
    assert_eq!(schema(&facts(0, 0), 2).status, Status::Ok);

    assert_eq!(quick_check(&facts(id, 2)).status, Status::Ok);
    let mut bad = facts(id, 2);
    bad.quick_check = Ok(vec![
        "*** in database main ***".into(),
        "Page 5: btreeInitPage() returns error code 11".into(),
    ]);
    let c = quick_check(&bad);
    assert_eq!(c.status, Status::Fail);
    assert!(c.detail.contains("Page 5"));
}

#[test]
fn wal_size_warns_above_the_threshold() {
    assert_eq!(wal_size(None, 64).status, Status::Ok);
    assert_eq!(wal_size(Some(4 * MIB), 64).detail, "4.0 MB");
    assert_eq!(wal_size(Some(64 * MIB), 64).status, Status::Ok);
    let big = wal_size(Some(65 * MIB), 64);
    assert_eq!(big.status, Status::Warn);
    assert!(big.hint.contains("fuser"));
}

#[test]
fn backup_age_against_max_age_hours() {
    let now = at(30 * 3600);
    let newest = |mode: u32, at_secs: u64| -> Result<Option<(String, FileFacts)>, String> {
        let mut f = file(mode);
        f.modified = at(at_secs);
        Ok(Some(("tend-2026-11-23.db".into(), f)))
    };
    assert_eq!(backup("", &Ok(None), now, 26).status, Status::Ok);
    let fresh = backup("/b", &newest(0o600, 29 * 3600), now, 26);
    assert_eq!(fresh.status, Status::Ok);
    assert_eq!(fresh.detail, "newest is tend-2026-11-23.db, 1 h 0 min old");
    let stale = backup("/b", &newest(0o600, 0), now, 26);
    assert_eq!(stale.status, Status::Fail);
    assert_eq!(
        stale.detail,
        "newest is tend-2026-11-23.db, 1 d 6 h old (over 26 h)"
    );
    assert_eq!(backup("/b", &Ok(None), now, 26).status, Status::Fail);
    let missing = backup(
        "/b",
        &Err("No such file or directory (os error 2)".into()),
        now,
        26,
    );
    assert_eq!(missing.status, Status::Fail);
    assert_eq!(
        backup("/b", &newest(0o644, 29 * 3600), now, 26).status,
        Status::Warn
    );
}

#[test]
fn config_user_and_time_zone() {
    assert_eq!(config(None, None).status, Status::Ok);
    let bad = config(
        Some(Path::new("/c.toml")),
        Some("config: unknown key 'colour'"),
    );
    assert_eq!(bad.status, Status::Fail);
    assert_eq!(bad.detail, "config: unknown key 'colour'");

    let anna = me(&[]);
    assert_eq!(
        user(Some(("anna", "USER")), &anna).detail,
        "anna (from USER), Unix uid 1000"
    );
    let other = user(Some(("lea", "TEND_USER")), &anna);
    assert_eq!(other.status, Status::Ok);
    assert!(other.detail.contains("Unix user anna"));
    assert_eq!(user(None, &anna).status, Status::Warn);

    assert_eq!(
        time_zone(Some("Europe/Berlin"), true, None, "+01:00").detail,
        "Europe/Berlin (from TZ), now UTC+01:00"
    );
    assert_eq!(
        time_zone(Some("Mars/Base"), false, None, "+00:00").status,
        Status::Warn
    );
    assert_eq!(
        time_zone(None, false, Some("Europe/Berlin"), "+01:00").status,
        Status::Ok
    );
    assert_eq!(time_zone(None, false, None, "+00:00").status, Status::Warn);
}

#[test]
fn durations_and_sizes_read_naturally() {
    assert_eq!(duration_text(Duration::from_secs(45)), "45 s");
    assert_eq!(duration_text(Duration::from_secs(12 * 60 + 5)), "12 min");
    assert_eq!(
        duration_text(Duration::from_secs(5 * 3600 + 180)),
        "5 h 3 min"
    );
    assert_eq!(
        duration_text(Duration::from_secs(3 * 86400 + 4 * 3600)),
        "3 d 4 h"
    );
    assert_eq!(size_text(512), "512 bytes");
    assert_eq!(size_text(224 * KIB), "224 KB");
    assert_eq!(age(at(0), at(10)), Duration::ZERO);
}
