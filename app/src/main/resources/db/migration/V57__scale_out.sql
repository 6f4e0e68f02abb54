-- Scale-out (issue 10, docs/adr/0008): several instances of a node on one database.

-- Live events, so every instance's streams receive what any instance published. Rows are short-lived
-- (minutes): an instance reads one by the id announced with NOTIFY, or catches up after its listener
-- reconnected. The label is re-decided for each subscriber on the receiving instance.
create table stream_event (
    id           bigint generated always as identity primary key,
    origin       text        not null,             -- the publishing instance (Cluster.instance())
    kind         text        not null,
    subject_id   text        not null,
    subject_type text        not null,
    label        jsonb       not null,
    payload      text        not null,
    at           timestamptz not null,
    created_at   timestamptz not null default now()
);
create index stream_event_created on stream_event (created_at);

-- Which instance spools and completes a TAXII add: a pending status whose instance is gone (it holds
-- no liveness lock any more) will never complete and is failed instead. Null: from before scale-out.
alter table taxii_status add column instance text;
create index taxii_status_pending on taxii_status (instance) where status = 'pending';
