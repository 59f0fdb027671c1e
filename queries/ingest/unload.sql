-- A strict load with rejected rows keeps none of its accepted rows. The kind's raw table is a
-- constant of the loader, put in for the marker.
DELETE FROM /*table*/ WHERE batch_id = ?;
