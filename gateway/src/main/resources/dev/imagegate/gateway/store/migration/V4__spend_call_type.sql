-- What each call did: image_generation, image_edit or image_variation (rows written before this are generations).
ALTER TABLE ig_spend_log ADD COLUMN call_type TEXT NOT NULL DEFAULT 'image_generation';
