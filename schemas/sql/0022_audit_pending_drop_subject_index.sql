-- audit.pending holds at most one poll interval's records, and every change inserts there, so
-- an index on its subject costs each change (the claim-next path above all) more than it saves
-- the incident history, which reads the few pending rows by scanning them.
DROP INDEX audit.pending_subject;
