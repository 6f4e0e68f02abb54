-- Webhooks of the stream module: a user's registered receivers, and every delivery with its attempts,
-- so retries survive a restart and the owner can see what happened.

create table webhook (
    id            bigint generated always as identity primary key,
    owner_user_id bigint      not null references app_user (id) on delete cascade,
    url           text        not null,
    kinds         text[]      not null default '{}',  -- empty: every kind
    stix_types    text[]      not null default '{}',  -- empty: every subject type
    task_forces   bigint[]    not null default '{}',  -- empty: any audience
    max_tlp       smallint,                           -- null: any TLP (Tlp ordinal)
    -- The signing secret, sealed with AES-GCM under the node's key (<home>/keys/webhook-secrets.key):
    -- recoverable to sign, useless from a copy of the database alone.
    secret_sealed bytea       not null,
    created_at    timestamptz not null default now()
);
create index webhook_owner on webhook (owner_user_id);

create table webhook_delivery (
    id              uuid        primary key,             -- X-Entente-Delivery: the same on every attempt
    webhook_id      bigint      not null references webhook (id) on delete cascade,
    event_kind      text        not null,
    subject_id      text,
    subject_type    text,
    label           jsonb       not null,                -- the notification's sharing label, re-decided at each attempt
    payload         text        not null,
    created_at      timestamptz not null default now(),
    status          text        not null check (status in ('pending', 'delivered', 'failed', 'withheld')),
    attempts        int         not null default 0,
    next_attempt_at timestamptz,                         -- pending: when the next attempt is due (or its lease ends)
    delivered_at    timestamptz,
    last_error      text
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';
create index webhook_delivery_of_webhook on webhook_delivery (webhook_id, created_at);

create table webhook_attempt (
    delivery_id uuid        not null references webhook_delivery (id) on delete cascade,
    attempt     int         not null,
    at          timestamptz not null,
    outcome     text        not null,  -- delivered, http-error, timeout, connection-error, withheld
    status_code int,
    duration_ms int,
    error       text,
    primary key (delivery_id, attempt)
);
