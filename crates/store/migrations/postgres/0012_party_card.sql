-- Search by party card number: the officer types the number on the card in front of them.
-- (The CCCD already has its unique index.)
CREATE INDEX persons_party_card ON persons(party_card_no) WHERE party_card_no IS NOT NULL;
