-- The board's own papers in its registers: a verification letter, a verification answer, a
-- conclusion or a notice that is secret gets its register line in the write that issues or
-- records it, and the item names the paper it is (`letter:12`, `answer:12`, `conclusion:7`,
-- `notice:7`) so the printed paper can show its register number. One line per paper.
ALTER TABLE secret_items ADD COLUMN source TEXT;
CREATE UNIQUE INDEX secret_items_source ON secret_items (source) WHERE source IS NOT NULL;
