-- Programmes in "choice" mode keep the customer's default (bonus points or an instant discount).
ALTER TABLE customers ADD COLUMN preferred_mode varchar(8) CHECK (preferred_mode IN ('bonus', 'discount'));
