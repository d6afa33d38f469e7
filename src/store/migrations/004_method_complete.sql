-- Release 2, "the method, complete": churn reasons by category, referrals, and contacts who are
-- known as people. Release 1 churns get the category 'other'.
ALTER TABLE account ADD COLUMN churn_category TEXT
    CHECK (churn_category IN ('goals', 'communication', 'contact-change', 'costs', 'expertise', 'other'));
ALTER TABLE account ADD COLUMN referred_by TEXT;
UPDATE account SET churn_category = 'other' WHERE status = 'churned' AND churn_category IS NULL;

ALTER TABLE contact ADD COLUMN birthday TEXT;   -- MM-DD or YYYY-MM-DD
ALTER TABLE contact ADD COLUMN channel TEXT;
ALTER TABLE contact ADD COLUMN best_time TEXT;
ALTER TABLE contact ADD COLUMN personal TEXT;
