-- A cycle's price list approved by its members (issue 16): the decision whose
-- `approve_price_list` action passed. From then on the cycle's offers keep their prices and
-- fees and no offer joins them (a season's prepaid offers are in cycles of their own).
ALTER TABLE cycles ADD COLUMN prices_approved_by TEXT;
