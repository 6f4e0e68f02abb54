-- TAXII 2.1 status resources (section 4.3): one per POST of objects, updated as the add proceeds.
create table taxii_status (
    id                uuid        primary key,
    user_id           bigint      not null references app_user (id),
    collection_id     uuid        not null,
    request_timestamp timestamptz not null,
    status            text        not null check (status in ('pending', 'complete')),
    total_count       int         not null,
    success_count     int         not null default 0,
    failure_count     int         not null default 0,
    pending_count     int         not null,
    -- [{"id":..., "version":..., "message":...}]
    successes         jsonb       not null default '[]',
    failures          jsonb       not null default '[]',
    pendings          jsonb       not null default '[]'
);
create index taxii_status_user on taxii_status (user_id, request_timestamp);
