-- Scope counts for dashboards read (org_id, status) from the index alone, never the wide
-- person rows (at national scale the difference is a minute against a second).
DROP INDEX persons_org;
CREATE INDEX persons_org_status ON persons(org_id, status);
