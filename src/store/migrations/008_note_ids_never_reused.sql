-- 008: a note's id is never given to another note. SQLite gives a deleted row's id (the highest)
-- to the next row unless the table is AUTOINCREMENT: a colleague's new note took the number of
-- one deleted here, and anything holding that number (undo, a draft of an edit, a script's
-- `follow-up done ID`, the cockpit's selection) named another note. The table is rebuilt with
-- AUTOINCREMENT, every id kept; nothing references note(id), so nothing cascades. Its triggers
-- are dropped first (the implicit delete of DROP TABLE must not run them) and restated as
-- migrations 006 and 007 made them, with its indexes.

DROP TRIGGER note_fts_delete;
DROP TRIGGER note_fts_insert;
DROP TRIGGER note_fts_update;
DROP TRIGGER note_latest_delete;
DROP TRIGGER note_latest_insert;
DROP TRIGGER note_latest_update;
DROP TRIGGER nps_latest_delete;
DROP TRIGGER nps_latest_insert;
DROP TRIGGER nps_latest_update;

CREATE TABLE note_new (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id         INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    at                 INTEGER NOT NULL,
    author             TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    text               TEXT    NOT NULL,
    nps                INTEGER CHECK (nps BETWEEN 0 AND 10),
    created_at         INTEGER NOT NULL,
    edited_at          INTEGER,
    edited_by          TEXT,
    follow_up          TEXT,
    follow_up_done_at  INTEGER,
    follow_up_done_by  TEXT
);
INSERT INTO note_new (id, account_id, at, author, kind, text, nps, created_at, edited_at, edited_by,
                      follow_up, follow_up_done_at, follow_up_done_by)
    SELECT id, account_id, at, author, kind, text, nps, created_at, edited_at, edited_by,
           follow_up, follow_up_done_at, follow_up_done_by
    FROM note;
DROP TABLE note;
ALTER TABLE note_new RENAME TO note;

CREATE INDEX note_by_account ON note(account_id, at);

CREATE INDEX note_by_kind ON note(kind, account_id, at);

CREATE INDEX note_contact ON note(account_id, kind, at, created_at);

CREATE INDEX note_nps ON note(account_id, at) WHERE nps IS NOT NULL;

CREATE INDEX note_open_follow_up ON note(follow_up) WHERE follow_up IS NOT NULL AND follow_up_done_at IS NULL;

CREATE TRIGGER note_fts_delete AFTER DELETE ON note BEGIN
    INSERT INTO note_fts (note_fts, rowid, text, account_id)
        VALUES ('delete', old.id, old.text, old.account_id);
END;

CREATE TRIGGER note_fts_insert AFTER INSERT ON note
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO note_fts (rowid, text, account_id) VALUES (new.id, new.text, new.account_id);
END;

CREATE TRIGGER note_fts_update AFTER UPDATE OF id, text, account_id ON note BEGIN
    INSERT INTO note_fts (note_fts, rowid, text, account_id)
        VALUES ('delete', old.id, old.text, old.account_id);
    INSERT INTO note_fts (rowid, text, account_id) VALUES (new.id, new.text, new.account_id);
END;

CREATE TRIGGER note_latest_delete AFTER DELETE ON note
    WHEN EXISTS (SELECT 1 FROM note_latest
                 WHERE account_id = old.account_id AND kind = old.kind AND note_id = old.id) BEGIN
    DELETE FROM note_latest WHERE account_id = old.account_id AND kind = old.kind;
    INSERT INTO note_latest (account_id, kind, note_id, at, created_at)
        SELECT account_id, kind, id, at, created_at FROM note
        WHERE account_id = old.account_id AND kind = old.kind ORDER BY at DESC, id DESC LIMIT 1;
END;

CREATE TRIGGER note_latest_insert AFTER INSERT ON note
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO note_latest (account_id, kind, note_id, at, created_at)
        VALUES (new.account_id, new.kind, new.id, new.at, new.created_at)
        ON CONFLICT (kind, account_id) DO UPDATE
        SET note_id = excluded.note_id, at = excluded.at, created_at = excluded.created_at
        WHERE excluded.at > note_latest.at
           OR (excluded.at = note_latest.at AND excluded.note_id > note_latest.note_id);
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

CREATE TRIGGER nps_latest_delete AFTER DELETE ON note
    WHEN EXISTS (SELECT 1 FROM nps_latest WHERE account_id = old.account_id AND note_id = old.id) BEGIN
    DELETE FROM nps_latest WHERE account_id = old.account_id;
    INSERT INTO nps_latest (account_id, note_id, at, created_at, nps)
        SELECT account_id, id, at, created_at, nps FROM note
        WHERE account_id = old.account_id AND nps IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1;
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

CREATE TRIGGER nps_latest_update AFTER UPDATE OF id, account_id, at, created_at, nps ON note BEGIN
    DELETE FROM nps_latest WHERE account_id IN (old.account_id, new.account_id);
    INSERT INTO nps_latest (account_id, note_id, at, created_at, nps)
        SELECT account_id, id, at, created_at, nps FROM note
        WHERE account_id = old.account_id AND nps IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1;
    INSERT OR REPLACE INTO nps_latest (account_id, note_id, at, created_at, nps)
        SELECT account_id, id, at, created_at, nps FROM note
        WHERE account_id = new.account_id AND nps IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1;
END;

