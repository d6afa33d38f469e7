-- Issue 17 ("Speed II"): the latest record of each kind per account, kept by triggers inside every
-- write transaction — the CLI, the cockpit, imports, dump restores, cascades from a deleted
-- account and any SQL a person runs on the file — so "facts now" reads a few small tables once
-- instead of seeking every account's history (store/facts.rs, `facts_fast`).
--
-- Each row is the maximum over ALL the account's records by the table's order, whatever their
-- moments. A reader may use a row for a moment t only when that record counts at t (written by
-- t and dated by t); then it is also the latest of the records that count, exactly. Otherwise the
-- reader seeks that account's records as before. So nothing here is a cache of a result: it is
-- a second index, always equal to what the records give (a property test compares the two paths).
-- (Each fill at the bottom is also the definition the property test recomputes the table by.)

-- The latest note of each kind per account, by (at, id): last contact per contact kind (the
-- contact kinds come from config, so every kind is kept), and each feedback loop's last note.
-- Keyed by kind first: a reader reads the kinds it needs, each one range.
CREATE TABLE note_latest (
    account_id  INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    note_id     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (kind, account_id)
) WITHOUT ROWID;

-- The latest note with an NPS answer per account, by (at, id).
CREATE TABLE nps_latest (
    account_id  INTEGER PRIMARY KEY,
    note_id     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    nps         INTEGER NOT NULL
);

-- The latest health review per account, by (at, id), with its scores.
CREATE TABLE review_latest (
    account_id    INTEGER PRIMARY KEY,
    review_id     INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    performance   INTEGER NOT NULL,
    relationship  INTEGER NOT NULL,
    outlook       INTEGER NOT NULL,
    engagement    INTEGER NOT NULL
);

-- The done visit with the latest date per account, by (done_on, closed_at, id).
CREATE TABLE visit_latest_done (
    account_id  INTEGER PRIMARY KEY,
    visit_id    INTEGER NOT NULL,
    done_on     TEXT,
    closed_at   INTEGER
);

-- Each account's live ticks per ISO week (a JSON array of item keys, in no particular order) and
-- the latest moment any tick of that account and week was done or undone: when that moment is
-- not after t, the ticks live at t are exactly the live ones.
CREATE TABLE tick_week (
    week        TEXT    NOT NULL,
    account_id  INTEGER NOT NULL,
    items       TEXT    NOT NULL,
    changed_at  INTEGER NOT NULL,
    PRIMARY KEY (week, account_id)
) WITHOUT ROWID;

-- Store::bulk (demo data, imports) defers the insert triggers inside its own transaction, as it
-- does the note index's (the same `meta` key), and looks up the accounts it wrote to at the end
-- with the statements at the bottom of this file, restricted to them (see there for why). It
-- only inserts; the delete and update triggers always run.

-- Notes. An insert only has to beat the current row; a delete or a change of a keyed column
-- looks the key up again (one seek in note_by_kind / note_nps).
CREATE TRIGGER note_latest_insert AFTER INSERT ON note
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO note_latest (account_id, kind, note_id, at, created_at)
        VALUES (new.account_id, new.kind, new.id, new.at, new.created_at)
        ON CONFLICT (kind, account_id) DO UPDATE
        SET note_id = excluded.note_id, at = excluded.at, created_at = excluded.created_at
        WHERE excluded.at > note_latest.at
           OR (excluded.at = note_latest.at AND excluded.note_id > note_latest.note_id);
END;
CREATE TRIGGER nps_latest_insert AFTER INSERT ON note
    WHEN new.nps IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO nps_latest (account_id, note_id, at, created_at, nps)
        VALUES (new.account_id, new.id, new.at, new.created_at, new.nps)
        ON CONFLICT (account_id) DO UPDATE
        SET note_id = excluded.note_id, at = excluded.at, created_at = excluded.created_at,
            nps = excluded.nps
        WHERE excluded.at > nps_latest.at
           OR (excluded.at = nps_latest.at AND excluded.note_id > nps_latest.note_id);
END;
CREATE TRIGGER note_latest_delete AFTER DELETE ON note
    WHEN EXISTS (SELECT 1 FROM note_latest
                 WHERE account_id = old.account_id AND kind = old.kind AND note_id = old.id) BEGIN
    DELETE FROM note_latest WHERE account_id = old.account_id AND kind = old.kind;
    INSERT INTO note_latest (account_id, kind, note_id, at, created_at)
        SELECT account_id, kind, id, at, created_at FROM note
        WHERE account_id = old.account_id AND kind = old.kind ORDER BY at DESC, id DESC LIMIT 1;
END;
CREATE TRIGGER nps_latest_delete AFTER DELETE ON note
    WHEN EXISTS (SELECT 1 FROM nps_latest WHERE account_id = old.account_id AND note_id = old.id) BEGIN
    DELETE FROM nps_latest WHERE account_id = old.account_id;
    INSERT INTO nps_latest (account_id, note_id, at, created_at, nps)
        SELECT account_id, id, at, created_at, nps FROM note
        WHERE account_id = old.account_id AND nps IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1;
END;
CREATE TRIGGER note_latest_update AFTER UPDATE OF id, account_id, kind, at, created_at ON note BEGIN
    DELETE FROM note_latest WHERE account_id = old.account_id AND kind = old.kind;
    INSERT INTO note_latest (account_id, kind, note_id, at, created_at)
        SELECT account_id, kind, id, at, created_at FROM note
        WHERE account_id = old.account_id AND kind = old.kind ORDER BY at DESC, id DESC LIMIT 1;
    DELETE FROM note_latest WHERE account_id = new.account_id AND kind = new.kind;
    INSERT INTO note_latest (account_id, kind, note_id, at, created_at)
        SELECT account_id, kind, id, at, created_at FROM note
        WHERE account_id = new.account_id AND kind = new.kind ORDER BY at DESC, id DESC LIMIT 1;
END;
CREATE TRIGGER nps_latest_update AFTER UPDATE OF id, account_id, at, created_at, nps ON note BEGIN
    DELETE FROM nps_latest WHERE account_id IN (old.account_id, new.account_id);
    INSERT INTO nps_latest (account_id, note_id, at, created_at, nps)
        SELECT account_id, id, at, created_at, nps FROM note
        WHERE account_id = old.account_id AND nps IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1;
    INSERT OR REPLACE INTO nps_latest (account_id, note_id, at, created_at, nps)
        SELECT account_id, id, at, created_at, nps FROM note
        WHERE account_id = new.account_id AND nps IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1;
END;

-- Reviews (never edited by tend; any change looks the account up again).
CREATE TRIGGER review_latest_insert AFTER INSERT ON review
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO review_latest (account_id, review_id, at, created_at,
                               performance, relationship, outlook, engagement)
        VALUES (new.account_id, new.id, new.at, new.created_at,
                new.performance, new.relationship, new.outlook, new.engagement)
        ON CONFLICT (account_id) DO UPDATE
        SET review_id = excluded.review_id, at = excluded.at, created_at = excluded.created_at,
            performance = excluded.performance, relationship = excluded.relationship,
            outlook = excluded.outlook, engagement = excluded.engagement
        WHERE excluded.at > review_latest.at
           OR (excluded.at = review_latest.at AND excluded.review_id > review_latest.review_id);
END;
CREATE TRIGGER review_latest_delete AFTER DELETE ON review
    WHEN EXISTS (SELECT 1 FROM review_latest WHERE account_id = old.account_id AND review_id = old.id) BEGIN
    DELETE FROM review_latest WHERE account_id = old.account_id;
    INSERT INTO review_latest (account_id, review_id, at, created_at,
                               performance, relationship, outlook, engagement)
        SELECT account_id, id, at, created_at, performance, relationship, outlook, engagement
        FROM review WHERE account_id = old.account_id ORDER BY at DESC, id DESC LIMIT 1;
END;
CREATE TRIGGER review_latest_update AFTER UPDATE ON review BEGIN
    DELETE FROM review_latest WHERE account_id IN (old.account_id, new.account_id);
    INSERT INTO review_latest (account_id, review_id, at, created_at,
                               performance, relationship, outlook, engagement)
        SELECT account_id, id, at, created_at, performance, relationship, outlook, engagement
        FROM review WHERE account_id = old.account_id ORDER BY at DESC, id DESC LIMIT 1;
    INSERT OR REPLACE INTO review_latest (account_id, review_id, at, created_at,
                                          performance, relationship, outlook, engagement)
        SELECT account_id, id, at, created_at, performance, relationship, outlook, engagement
        FROM review WHERE account_id = new.account_id ORDER BY at DESC, id DESC LIMIT 1;
END;

-- Visits change state (planned → done or cancelled): every write looks the account up again,
-- one seek in visit_done.
CREATE TRIGGER visit_latest_insert AFTER INSERT ON visit
    WHEN new.status = 'done' AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT OR REPLACE INTO visit_latest_done (account_id, visit_id, done_on, closed_at)
        SELECT account_id, id, done_on, closed_at FROM visit
        WHERE status = 'done' AND account_id = new.account_id
        ORDER BY done_on DESC, closed_at DESC, id DESC LIMIT 1;
END;
CREATE TRIGGER visit_latest_delete AFTER DELETE ON visit WHEN old.status = 'done' BEGIN
    DELETE FROM visit_latest_done WHERE account_id = old.account_id;
    INSERT INTO visit_latest_done (account_id, visit_id, done_on, closed_at)
        SELECT account_id, id, done_on, closed_at FROM visit
        WHERE status = 'done' AND account_id = old.account_id
        ORDER BY done_on DESC, closed_at DESC, id DESC LIMIT 1;
END;
CREATE TRIGGER visit_latest_update AFTER UPDATE ON visit BEGIN
    DELETE FROM visit_latest_done WHERE account_id IN (old.account_id, new.account_id);
    INSERT INTO visit_latest_done (account_id, visit_id, done_on, closed_at)
        SELECT account_id, id, done_on, closed_at FROM visit
        WHERE status = 'done' AND account_id = old.account_id
        ORDER BY done_on DESC, closed_at DESC, id DESC LIMIT 1;
    INSERT OR REPLACE INTO visit_latest_done (account_id, visit_id, done_on, closed_at)
        SELECT account_id, id, done_on, closed_at FROM visit
        WHERE status = 'done' AND account_id = new.account_id
        ORDER BY done_on DESC, closed_at DESC, id DESC LIMIT 1;
END;

-- Ticks: every write looks its account and week up again (a handful of rows).
CREATE TRIGGER tick_week_insert AFTER INSERT ON checklist_tick
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    DELETE FROM tick_week WHERE week = new.week AND account_id = new.account_id;
    INSERT INTO tick_week (week, account_id, items, changed_at)
        SELECT week, account_id, json_group_array(item) FILTER (WHERE undone_at IS NULL),
               max(max(done_at, coalesce(undone_at, done_at)))
        FROM checklist_tick WHERE week = new.week AND account_id = new.account_id GROUP BY week, account_id;
END;
CREATE TRIGGER tick_week_delete AFTER DELETE ON checklist_tick BEGIN
    DELETE FROM tick_week WHERE week = old.week AND account_id = old.account_id;
    INSERT INTO tick_week (week, account_id, items, changed_at)
        SELECT week, account_id, json_group_array(item) FILTER (WHERE undone_at IS NULL),
               max(max(done_at, coalesce(undone_at, done_at)))
        FROM checklist_tick WHERE week = old.week AND account_id = old.account_id GROUP BY week, account_id;
END;
CREATE TRIGGER tick_week_update AFTER UPDATE ON checklist_tick BEGIN
    DELETE FROM tick_week WHERE week = old.week AND account_id = old.account_id;
    INSERT INTO tick_week (week, account_id, items, changed_at)
        SELECT week, account_id, json_group_array(item) FILTER (WHERE undone_at IS NULL),
               max(max(done_at, coalesce(undone_at, done_at)))
        FROM checklist_tick WHERE week = old.week AND account_id = old.account_id GROUP BY week, account_id;
    DELETE FROM tick_week WHERE week = new.week AND account_id = new.account_id;
    INSERT INTO tick_week (week, account_id, items, changed_at)
        SELECT week, account_id, json_group_array(item) FILTER (WHERE undone_at IS NULL),
               max(max(done_at, coalesce(undone_at, done_at)))
        FROM checklist_tick WHERE week = new.week AND account_id = new.account_id GROUP BY week, account_id;
END;

-- The records written before this migration.
INSERT INTO note_latest (account_id, kind, note_id, at, created_at)
    SELECT n.account_id, n.kind, n.id, n.at, n.created_at
    FROM (SELECT DISTINCT kind, account_id FROM note) k
    JOIN note n ON n.id = (SELECT m.id FROM note m WHERE m.kind = k.kind AND m.account_id = k.account_id
                           ORDER BY m.at DESC, m.id DESC LIMIT 1);
INSERT INTO nps_latest (account_id, note_id, at, created_at, nps)
    SELECT n.account_id, n.id, n.at, n.created_at, n.nps
    FROM (SELECT DISTINCT account_id FROM note WHERE nps IS NOT NULL) a
    JOIN note n ON n.id = (SELECT m.id FROM note m WHERE m.account_id = a.account_id AND m.nps IS NOT NULL
                           ORDER BY m.at DESC, m.id DESC LIMIT 1);
INSERT INTO review_latest (account_id, review_id, at, created_at,
                           performance, relationship, outlook, engagement)
    SELECT r.account_id, r.id, r.at, r.created_at, r.performance, r.relationship, r.outlook, r.engagement
    FROM (SELECT DISTINCT account_id FROM review) a
    JOIN review r ON r.id = (SELECT m.id FROM review m WHERE m.account_id = a.account_id
                             ORDER BY m.at DESC, m.id DESC LIMIT 1);
INSERT INTO visit_latest_done (account_id, visit_id, done_on, closed_at)
    SELECT v.account_id, v.id, v.done_on, v.closed_at
    FROM (SELECT DISTINCT account_id FROM visit WHERE status = 'done') a
    JOIN visit v ON v.id = (SELECT m.id FROM visit m WHERE m.status = 'done' AND m.account_id = a.account_id
                            ORDER BY m.done_on DESC, m.closed_at DESC, m.id DESC LIMIT 1);

INSERT INTO tick_week (week, account_id, items, changed_at)
    SELECT week, account_id, json_group_array(item) FILTER (WHERE undone_at IS NULL),
           max(max(done_at, coalesce(undone_at, done_at)))
    FROM checklist_tick GROUP BY week, account_id;

-- Plain indexes for the queries that stay set-wise at any moment: a week's ticks read from the
-- index alone (the table rows of one week lie scattered over the file), and the visits still
-- planned at t (not closed, or closed after t) without scanning every visit.
DROP INDEX checklist_by_week;
CREATE INDEX checklist_by_week ON checklist_tick(week, account_id, item, done_at, undone_at);
CREATE INDEX visit_by_closed ON visit(closed_at);
