-- Changes of who may see an object after it was stored: a relabel (PUT .../sharing, or a label
-- received from a federation peer) or a delete. Each gets a time from the store clock (store_clock,
-- under the same advisory lock as imports), so one cursor orders new versions (stix_object.date_added)
-- and label changes (at) together: a federation peer paging by that cursor sees a narrowing after the
-- versions it narrows and never misses one that commits later with an earlier time.
create table stix_label_change (
    at timestamptz not null primary key,
    id text        not null
);
