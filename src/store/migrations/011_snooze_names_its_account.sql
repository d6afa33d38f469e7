-- Issue 17 ("Speed II"): a snooze moves the change log of the account its item belongs to, not
-- the whole portfolio. Migration 009 treated a snooze as "everything changed", so every snooze —
-- the Today view's one-key act, the cockpit's own or a colleague's — made each open cockpit read
-- every account again (158 ms at 10 000 accounts, seconds and ≈ 400 MB at 100 000), where the
-- item's account is all that moved.
--
-- An item id names its account (SPEC §7): `follow-up:N` by its note, `escalation:N` by its
-- escalation, every other kind as `KIND:ACCOUNT_ID`. An id that names no record of this file
-- (tend never writes one; a person with sqlite3 might) moves account 0, "the whole portfolio",
-- as before, so a reader never misses a snooze. The number is read back as written: `x:12abc`
-- and `x:012` name no account.
--
-- The rule is this one view; the triggers read the row they are about through it (before a
-- delete or an update: the row as it was; after an insert or an update: as it is).
CREATE VIEW snooze_account AS
SELECT id AS snooze_id,
       CASE WHEN instr(item, ':') = 0 OR CAST(CAST(n AS INTEGER) AS TEXT) IS NOT n THEN 0
            ELSE coalesce(CASE kind
                WHEN 'follow-up' THEN (SELECT account_id FROM note WHERE id = CAST(n AS INTEGER))
                WHEN 'escalation' THEN (SELECT account_id FROM escalation WHERE id = CAST(n AS INTEGER))
                ELSE (SELECT id FROM account WHERE id = CAST(n AS INTEGER))
            END, 0)
       END AS account_id
FROM (SELECT id, item, substr(item, 1, instr(item, ':') - 1) AS kind,
             substr(item, instr(item, ':') + 1) AS n FROM snooze);

DROP TRIGGER snooze_touch_insert;
DROP TRIGGER snooze_touch_update;
DROP TRIGGER snooze_touch_delete;

-- Store::bulk defers the insert triggers (migration 009) and moves account 0 at its end.
CREATE TRIGGER snooze_touch_insert AFTER INSERT ON snooze
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO account_touch SELECT account_id FROM snooze_account WHERE snooze_id = new.id;
END;
-- A snooze cleared (or changed by hand): the item's account before and after.
CREATE TRIGGER snooze_touch_update_before BEFORE UPDATE ON snooze BEGIN
    INSERT INTO account_touch SELECT account_id FROM snooze_account WHERE snooze_id = old.id;
END;
CREATE TRIGGER snooze_touch_update AFTER UPDATE ON snooze BEGIN
    INSERT INTO account_touch SELECT account_id FROM snooze_account WHERE snooze_id = new.id;
END;
CREATE TRIGGER snooze_touch_delete BEFORE DELETE ON snooze BEGIN
    INSERT INTO account_touch SELECT account_id FROM snooze_account WHERE snooze_id = old.id;
END;
