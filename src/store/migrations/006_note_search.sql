-- Full-text search over every note (§9). An external-content FTS5 index: the text lives once, in
-- `note`; the index holds only tokens, and snippet() reads the text back from `note` by id.
-- unicode61 with remove_diacritics 2 folds case and accents, so "muller" finds "Müller".
-- `account_id` is indexed as a token too: a search within one account intersects the query with
-- that account's short list of notes instead of ranking the whole portfolio's matches first.
-- Queries name the `text` column for what a person typed (store/search.rs), so a typed "77"
-- never matches an account id.
CREATE VIRTUAL TABLE note_fts USING fts5(
    text,
    account_id,
    content = 'note',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Triggers keep the index right for every writer: the CLI, the cockpit, imports, dump restores,
-- cascades from a deleted account, and any SQL a person runs on the file. An external-content
-- index must be given the old values to remove them (the 'delete' command).
-- Store::bulk (demo data, imports) defers the insert trigger inside its own transaction and
-- indexes its notes in one statement at the end (see there for why).
CREATE TRIGGER note_fts_insert AFTER INSERT ON note
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'note_fts_deferred') BEGIN
    INSERT INTO note_fts (rowid, text, account_id) VALUES (new.id, new.text, new.account_id);
END;
CREATE TRIGGER note_fts_delete AFTER DELETE ON note BEGIN
    INSERT INTO note_fts (note_fts, rowid, text, account_id)
        VALUES ('delete', old.id, old.text, old.account_id);
END;
CREATE TRIGGER note_fts_update AFTER UPDATE OF id, text, account_id ON note BEGIN
    INSERT INTO note_fts (note_fts, rowid, text, account_id)
        VALUES ('delete', old.id, old.text, old.account_id);
    INSERT INTO note_fts (rowid, text, account_id) VALUES (new.id, new.text, new.account_id);
END;

-- The notes written before this migration.
INSERT INTO note_fts (note_fts) VALUES ('rebuild');
