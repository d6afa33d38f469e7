-- A resolution that was undone: the escalation was closed from resolved_at until reopened_at.
-- `escalation` keeps only the current resolution; these rows keep the earlier ones, so the past
-- (health "as of t", the monthly report) is recomputed exactly after a reopen.
CREATE TABLE escalation_reopen (
    id             INTEGER PRIMARY KEY,
    escalation_id  INTEGER NOT NULL REFERENCES escalation(id) ON DELETE CASCADE,
    resolved_at    INTEGER NOT NULL,
    resolved_by    TEXT    NOT NULL,
    resolution     TEXT    NOT NULL,
    reopened_at    INTEGER NOT NULL,
    reopened_by    TEXT    NOT NULL,
    note           TEXT    NOT NULL
);
CREATE INDEX escalation_reopen_by_escalation ON escalation_reopen(escalation_id, resolved_at);
