-- The screening projection: for each person who has anything a regulation rule can look at
-- (historical particulars, discipline, a foreign address, relatives with facts, declared
-- issues, stays abroad or criminal records), those facts as JSON. Kept in step with every
-- declaration write, so a review campaign reads these rows instead of every whole dossier.
CREATE TABLE screen_facts (
    person_id INTEGER PRIMARY KEY REFERENCES persons(id),
    facts     TEXT    NOT NULL
);

-- A database that already holds persons builds the projection once, before its first campaign.
INSERT INTO counters (name, value)
SELECT 'screen_facts_ready', CASE WHEN EXISTS (SELECT 1 FROM persons) THEN 0 ELSE 1 END;

-- Persons in the campaign's scope; `total` counts the ones evaluated one by one (those with
-- screening facts or a conclusion's findings to compare with).
ALTER TABLE campaigns ADD COLUMN scope_persons INTEGER NOT NULL DEFAULT 0;
