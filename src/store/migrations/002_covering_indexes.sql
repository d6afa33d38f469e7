-- Indexes for the portfolio-wide "facts at t" queries, measured at 10 000 accounts / 516 000 notes
-- (see BENCHMARKS.md): per-account seeks for the latest contact note of each kind, and a kind-first
-- index for the feedback-cadence aggregate.
DROP INDEX IF EXISTS note_by_account_kind;
CREATE INDEX note_contact ON note(account_id, kind, at, created_at);
CREATE INDEX note_by_kind ON note(kind, account_id, at);
CREATE INDEX visit_done ON visit(status, account_id, done_on, closed_at);
