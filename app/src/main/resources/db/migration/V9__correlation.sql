-- Correlation (issue 5): warninglists an administrator added on this node. The built-in lists ship
-- with the code and are not stored; these are loaded next to them at startup.
create table correlation_warninglist (
    name       text primary key,
    reason     text        not null,
    entries    text[]      not null,
    updated_by text        not null,
    updated_at timestamptz not null default now()
);
