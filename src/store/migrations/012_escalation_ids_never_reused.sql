-- 012: an escalation's id is never given to another escalation (as 008 did for notes). SQLite
-- gives the highest id to the next row once that row is deleted, and `u` deletes an escalation
-- it takes back: found in a trial, #65 named three escalations of three accounts within five
-- minutes, so `tend escalation resolve 65` from an earlier printout would close the wrong one.
-- The table cannot be rebuilt AUTOINCREMENT as note was: its history rows reference it, and
-- dropping it would delete them. So the highest id ever deleted is kept in meta, and tend opens
-- an escalation with an id above it and above every existing one (`Bulk::escalation`).
CREATE TRIGGER escalation_id_kept AFTER DELETE ON escalation BEGIN
    INSERT INTO meta (key, value) VALUES ('escalation_deleted_max', old.id)
        ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), old.id);
END;
