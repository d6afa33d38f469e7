-- tend schema v1. Timestamps are INTEGER Unix seconds (UTC); dates are TEXT YYYY-MM-DD.
-- Every record keeps when and by whom it was created; state changes keep their own timestamps,
-- so the score at any past moment can be recomputed from the records.

CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    name_key      TEXT    NOT NULL UNIQUE,      -- Unicode-lowercased name: names are unique by it
    owner         TEXT    NOT NULL,
    backup        TEXT,
    tier          TEXT    NOT NULL CHECK (tier IN ('premium', 'standard', 'new', 'difficult')),
    value_cents   INTEGER NOT NULL DEFAULT 0 CHECK (value_cents >= 0),
    client_since  TEXT    NOT NULL,
    renewal       TEXT,
    status        TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'churned')),
    churned_on    TEXT,
    churn_reason  TEXT,
    created_at    INTEGER NOT NULL,
    created_by    TEXT    NOT NULL
);

-- Every change of an account field, status included: (field, old, new) at a moment.
CREATE TABLE account_event (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    by          TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    old_value   TEXT,
    new_value   TEXT
);
CREATE INDEX account_event_by_account ON account_event(account_id, field, at);

CREATE TABLE contact (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    person      TEXT    NOT NULL,
    role        TEXT,
    email       TEXT,
    phone       TEXT,
    is_primary  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    created_by  TEXT    NOT NULL
);
CREATE INDEX contact_by_account ON contact(account_id);

CREATE TABLE review (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    at            INTEGER NOT NULL,
    by            TEXT    NOT NULL,
    performance   INTEGER NOT NULL CHECK (performance BETWEEN 0 AND 100),
    relationship  INTEGER NOT NULL CHECK (relationship BETWEEN 0 AND 100),
    outlook       INTEGER NOT NULL CHECK (outlook BETWEEN 0 AND 100),
    engagement    INTEGER NOT NULL CHECK (engagement BETWEEN 0 AND 100),
    note          TEXT,
    created_at    INTEGER NOT NULL
);
CREATE INDEX review_by_account ON review(account_id, at);

CREATE TABLE note (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    author      TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    nps         INTEGER CHECK (nps BETWEEN 0 AND 10),
    created_at  INTEGER NOT NULL,
    edited_at   INTEGER,
    edited_by   TEXT
);
CREATE INDEX note_by_account ON note(account_id, at);
CREATE INDEX note_by_account_kind ON note(account_id, kind, at);
CREATE INDEX note_nps ON note(account_id, at) WHERE nps IS NOT NULL;

CREATE TABLE escalation (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    level        TEXT    NOT NULL CHECK (level IN ('yellow', 'orange', 'red')),
    reason       TEXT    NOT NULL,
    opened_at    INTEGER NOT NULL,
    opened_by    TEXT    NOT NULL,
    due_at       INTEGER NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolved_at  INTEGER,
    resolved_by  TEXT,
    resolution   TEXT
);
CREATE INDEX escalation_by_status ON escalation(status, due_at);
CREATE INDEX escalation_by_account ON escalation(account_id);

-- The level history: the first row records the opening (from_level NULL).
CREATE TABLE escalation_change (
    id             INTEGER PRIMARY KEY,
    escalation_id  INTEGER NOT NULL REFERENCES escalation(id) ON DELETE CASCADE,
    at             INTEGER NOT NULL,
    from_level     TEXT,
    to_level       TEXT    NOT NULL,
    by             TEXT    NOT NULL,
    note           TEXT,
    due_at         INTEGER NOT NULL
);
CREATE INDEX escalation_change_by_escalation ON escalation_change(escalation_id, at);

-- A tick lives from done_at until undone_at (NULL: still ticked).
CREATE TABLE checklist_tick (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    week        TEXT    NOT NULL,
    item        TEXT    NOT NULL,
    done_at     INTEGER NOT NULL,
    done_by     TEXT    NOT NULL,
    undone_at   INTEGER,
    undone_by   TEXT
);
CREATE INDEX checklist_by_week ON checklist_tick(week, account_id);
CREATE UNIQUE INDEX checklist_one_live_tick ON checklist_tick(account_id, week, item) WHERE undone_at IS NULL;

-- A visit is planned from created_at until closed_at (done or cancelled); an unplanned visit is
-- recorded done at once (planned_on NULL, closed_at = created_at).
CREATE TABLE visit (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    planned_on  TEXT,
    status      TEXT    NOT NULL CHECK (status IN ('planned', 'done', 'cancelled')),
    done_on     TEXT,
    note        TEXT,
    created_at  INTEGER NOT NULL,
    created_by  TEXT    NOT NULL,
    closed_at   INTEGER,
    closed_by   TEXT
);
CREATE INDEX visit_by_account ON visit(account_id, status);
CREATE UNIQUE INDEX visit_one_planned ON visit(account_id) WHERE status = 'planned';

-- Small facts about the database itself (e.g. when demo data was generated).
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
