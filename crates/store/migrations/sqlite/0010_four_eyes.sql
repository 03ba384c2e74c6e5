-- Four eyes on wide rights: an account given a scope above grassroots (or the administrator
-- role) waits, unable to log in, until an administrator other than the one who asked approves.
-- `awaiting_approval` names who asked; `approved_by` who approved the rights it has now.
ALTER TABLE accounts ADD COLUMN awaiting_approval TEXT;
ALTER TABLE accounts ADD COLUMN approved_by TEXT;
