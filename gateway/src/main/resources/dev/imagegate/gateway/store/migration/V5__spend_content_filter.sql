-- The content-filter verdicts the answer carried (Azure OpenAI), as compact JSON text; NULL when it carried none
-- (every other provider, and rows written before this).
ALTER TABLE ig_spend_log ADD COLUMN content_filter TEXT;
