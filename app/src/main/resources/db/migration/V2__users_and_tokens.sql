create table app_user (
    id          bigint generated always as identity primary key,
    username    text        not null unique,
    roles       text[]      not null default '{}',
    created_at  timestamptz not null default now()
);

-- API tokens are random 256-bit secrets; only their SHA-256 is stored, so a database leak does not
-- leak usable tokens (a slow password hash is unnecessary for secrets of that entropy).
create table api_token (
    id          bigint generated always as identity primary key,
    user_id     bigint      not null references app_user (id),
    token_hash  bytea       not null unique,
    label       text        not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz,
    revoked_at  timestamptz
);
