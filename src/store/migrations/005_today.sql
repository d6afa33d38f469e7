-- Release 2, "Today": follow-ups promised in a note (the follow-up's id is the note's id) and
-- snoozed agenda items.
ALTER TABLE note ADD COLUMN follow_up TEXT;            -- YYYY-MM-DD
ALTER TABLE note ADD COLUMN follow_up_done_at INTEGER;
ALTER TABLE note ADD COLUMN follow_up_done_by TEXT;
CREATE INDEX note_open_follow_up ON note(follow_up) WHERE follow_up IS NOT NULL AND follow_up_done_at IS NULL;

-- An agenda item hidden until a date (it shows again on that date); cleared rows stay as history.
CREATE TABLE snooze (
    id          INTEGER PRIMARY KEY,
    item        TEXT    NOT NULL,       -- the agenda item's id: 'business-review:12', 'follow-up:230'
    until       TEXT    NOT NULL,       -- YYYY-MM-DD
    reason      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    by          TEXT    NOT NULL,
    cleared_at  INTEGER,
    cleared_by  TEXT
);
CREATE INDEX snooze_live ON snooze(item) WHERE cleared_at IS NULL;
