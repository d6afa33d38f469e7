-- Issue 17 ("Speed II"): which accounts changed, in commit order. Every write to an account's
-- records moves that account's row to the next sequence number inside the writing transaction —
-- triggers, so the CLI, the cockpit, imports, cascades from a deleted account and any SQL a
-- person runs on the file all keep it. A cockpit that has read everything as of sequence n
-- re-reads only the accounts above n after a colleague's commit (tui::reload_changed), instead
-- of the whole portfolio. One row per account, so the table never grows past the accounts.
--
-- Writers are serialised (BEGIN IMMEDIATE), so sequence numbers rise in commit order: a reader
-- that read the largest number before its other reads has seen every commit up to it, and any
-- later commit has a larger number. Account id 0 stands for "the whole portfolio": a snooze (an
-- agenda item, not an account's record) and a bulk write (demo data, imports) move it, and a
-- reader that sees it reads everything again.
CREATE TABLE account_change (
    account_id  INTEGER PRIMARY KEY,
    seq         INTEGER NOT NULL
);
CREATE INDEX account_change_by_seq ON account_change(seq);

-- The one rule for moving an account to the next number: every trigger below inserts the
-- account's id into this view.
CREATE VIEW account_touch AS SELECT account_id FROM account_change;
CREATE TRIGGER account_touch INSTEAD OF INSERT ON account_touch BEGIN
    INSERT INTO account_change (account_id, seq)
        VALUES (new.account_id, (SELECT coalesce(max(seq), 0) + 1 FROM account_change))
        ON CONFLICT (account_id) DO UPDATE SET seq = excluded.seq;
END;

-- Store::bulk defers the insert triggers inside its own transaction (the `meta` key of
-- migrations 006 and 007) and moves account 0 once at the end.
CREATE TRIGGER account_touch_insert AFTER INSERT ON account
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO account_touch VALUES (new.id);
END;
CREATE TRIGGER account_touch_update AFTER UPDATE ON account BEGIN
    INSERT INTO account_touch VALUES (new.id), (old.id);
END;
CREATE TRIGGER account_touch_delete AFTER DELETE ON account BEGIN
    INSERT INTO account_touch VALUES (old.id);
END;
CREATE TRIGGER account_event_touch_insert AFTER INSERT ON account_event
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO account_touch VALUES (new.account_id);
END;
CREATE TRIGGER account_event_touch_update AFTER UPDATE ON account_event BEGIN
    INSERT INTO account_touch VALUES (new.account_id), (old.account_id);
END;
CREATE TRIGGER account_event_touch_delete AFTER DELETE ON account_event BEGIN
    INSERT INTO account_touch VALUES (old.account_id);
END;
CREATE TRIGGER contact_touch_insert AFTER INSERT ON contact
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO account_touch VALUES (new.account_id);
END;
CREATE TRIGGER contact_touch_update AFTER UPDATE ON contact BEGIN
    INSERT INTO account_touch VALUES (new.account_id), (old.account_id);
END;
CREATE TRIGGER contact_touch_delete AFTER DELETE ON contact BEGIN
    INSERT INTO account_touch VALUES (old.account_id);
END;
CREATE TRIGGER review_touch_insert AFTER INSERT ON review
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO account_touch VALUES (new.account_id);
END;
CREATE TRIGGER review_touch_update AFTER UPDATE ON review BEGIN
    INSERT INTO account_touch VALUES (new.account_id), (old.account_id);
END;
CREATE TRIGGER review_touch_delete AFTER DELETE ON review BEGIN
    INSERT INTO account_touch VALUES (old.account_id);
END;
CREATE TRIGGER note_touch_insert AFTER INSERT ON note
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO account_touch VALUES (new.account_id);
END;
CREATE TRIGGER note_touch_update AFTER UPDATE ON note BEGIN
    INSERT INTO account_touch VALUES (new.account_id), (old.account_id);
END;
CREATE TRIGGER note_touch_delete AFTER DELETE ON note BEGIN
    INSERT INTO account_touch VALUES (old.account_id);
END;
CREATE TRIGGER escalation_touch_insert AFTER INSERT ON escalation
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO account_touch VALUES (new.account_id);
END;
CREATE TRIGGER escalation_touch_update AFTER UPDATE ON escalation BEGIN
    INSERT INTO account_touch VALUES (new.account_id), (old.account_id);
END;
CREATE TRIGGER escalation_touch_delete AFTER DELETE ON escalation BEGIN
    INSERT INTO account_touch VALUES (old.account_id);
END;
CREATE TRIGGER checklist_tick_touch_insert AFTER INSERT ON checklist_tick
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO account_touch VALUES (new.account_id);
END;
CREATE TRIGGER checklist_tick_touch_update AFTER UPDATE ON checklist_tick BEGIN
    INSERT INTO account_touch VALUES (new.account_id), (old.account_id);
END;
CREATE TRIGGER checklist_tick_touch_delete AFTER DELETE ON checklist_tick BEGIN
    INSERT INTO account_touch VALUES (old.account_id);
END;
CREATE TRIGGER visit_touch_insert AFTER INSERT ON visit
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO account_touch VALUES (new.account_id);
END;
CREATE TRIGGER visit_touch_update AFTER UPDATE ON visit BEGIN
    INSERT INTO account_touch VALUES (new.account_id), (old.account_id);
END;
CREATE TRIGGER visit_touch_delete AFTER DELETE ON visit BEGIN
    INSERT INTO account_touch VALUES (old.account_id);
END;
-- An escalation's history and reopenings belong to the escalation's account (none when the
-- escalation itself is being deleted: its own trigger moved the account).
CREATE TRIGGER escalation_change_touch_insert AFTER INSERT ON escalation_change
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO account_touch SELECT account_id FROM escalation WHERE id = new.escalation_id;
END;
CREATE TRIGGER escalation_change_touch_update AFTER UPDATE ON escalation_change BEGIN
    INSERT INTO account_touch
        SELECT account_id FROM escalation WHERE id IN (new.escalation_id, old.escalation_id);
END;
CREATE TRIGGER escalation_change_touch_delete AFTER DELETE ON escalation_change BEGIN
    INSERT INTO account_touch SELECT account_id FROM escalation WHERE id = old.escalation_id;
END;
CREATE TRIGGER escalation_reopen_touch_insert AFTER INSERT ON escalation_reopen
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO account_touch SELECT account_id FROM escalation WHERE id = new.escalation_id;
END;
CREATE TRIGGER escalation_reopen_touch_update AFTER UPDATE ON escalation_reopen BEGIN
    INSERT INTO account_touch
        SELECT account_id FROM escalation WHERE id IN (new.escalation_id, old.escalation_id);
END;
CREATE TRIGGER escalation_reopen_touch_delete AFTER DELETE ON escalation_reopen BEGIN
    INSERT INTO account_touch SELECT account_id FROM escalation WHERE id = old.escalation_id;
END;
-- A snooze names an agenda item, not an account: the whole portfolio.
CREATE TRIGGER snooze_touch_insert AFTER INSERT ON snooze
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO account_touch VALUES (0);
END;
CREATE TRIGGER snooze_touch_update AFTER UPDATE ON snooze BEGIN
    INSERT INTO account_touch VALUES (0);
END;
CREATE TRIGGER snooze_touch_delete AFTER DELETE ON snooze BEGIN
    INSERT INTO account_touch VALUES (0);
END;
