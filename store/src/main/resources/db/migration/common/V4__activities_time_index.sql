-- Activities older than retention.activities.max_age are deleted oldest first, a batch at a
-- time: this index lets each batch (and the check that nothing is old enough) read only the rows
-- it deletes instead of scanning the table.
create index activities_time_idx on activities (occurred_at);
