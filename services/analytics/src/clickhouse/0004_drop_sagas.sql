-- The read side answers saga outcomes from firebreak.events_by_time (0003), bounded to its window.
-- Nothing reads firebreak.sagas any more, yet its view wrote one more part, and so caused one more
-- merge, for every insert into firebreak.events.
DROP TABLE IF EXISTS firebreak.sagas_mv;
DROP TABLE IF EXISTS firebreak.sagas;
