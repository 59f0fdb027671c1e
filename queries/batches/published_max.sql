-- The highest batch id the last committed run saw (its copy published.batch); 0 before any.
SELECT coalesce(max(batch_id), 0) FROM published.batch;
