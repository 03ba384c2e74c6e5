-- The time step of the last second-factor code accepted for the account: a code is good once,
-- so one seen over a shoulder or replayed from a captured request cannot open a second session.
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT;
