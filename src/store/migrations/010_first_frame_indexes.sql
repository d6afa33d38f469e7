-- Issue 17 ("Speed II"): the records every "facts at t" pass reads for the whole portfolio, each
-- from one small covering range instead of a seek per account or a table row per match. Plain
-- indexes: nothing to keep, nothing that can disagree with the records. Measured on the
-- 10 000-account demo file (BENCHMARKS.md): each query touches tens of pages instead of thousands,
-- which is what a cockpit opened on a file the OS has not cached (the first start of the day)
-- waits for.

-- The complaints of the health window: the window's range of complaint notes, with the two
-- moments the count needs. Before: every complaint note of the file through note_by_kind and a
-- table row each (9 184 rows at 10 000 accounts, scattered over the note table).
CREATE INDEX note_complaint ON note(kind, at, created_at, account_id) WHERE kind = 'complaint';

-- Visits planned at t (created by t, not closed by t): 007's visit_by_closed found them and read
-- each visit's row for its account, moment and date; now the index holds them.
DROP INDEX visit_by_closed;
CREATE INDEX visit_by_closed ON visit(closed_at, created_at, account_id, planned_on);

-- Escalations open at t: a scan of every escalation before; now the open ones (and those
-- resolved after t) are one range each.
CREATE INDEX escalation_live ON escalation(resolved_at, opened_at, account_id);
