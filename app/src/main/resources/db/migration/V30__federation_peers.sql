-- Federation peers of this node (issue 6, synchronisation). A peer is another node serving one
-- participant of the community; this node pulls from it with its own added_after cursor.
create table federation_peer (
    id             bigint generated always as identity primary key,
    url            text        not null,
    participant_id bigint      not null unique references participant (id),
    -- SHA-256 of the peer's certificate, checked out of band at pairing (mTLS pins it).
    fingerprint    text,
    -- The peer's store-clock time of the last entry applied: the next pull asks for what came after.
    cursor         timestamptz not null default '1970-01-01T00:00:00Z',
    state          text        not null default 'new' check (state in ('new', 'syncing', 'in-sync', 'failing')),
    last_pull_at   timestamptz,
    -- When a pull last reached the end of the peer's feed: lag is now minus this.
    caught_up_at   timestamptz,
    last_error     text,
    last_error_at  timestamptz,
    received       bigint      not null default 0,
    quarantined    bigint      not null default 0,
    created_at     timestamptz not null default now()
);

-- Which objects this node released to a participant through the feed: a later narrowing or delete
-- sends a revocation only to participants that received the object (others never learn its id).
create table federation_sent (
    participant_id bigint not null,
    object_id      text   not null,
    primary key (participant_id, object_id)
);

-- Received entries this node could not map to its own community (unknown owner, malformed label):
-- never stored in the store (fail closed), kept here for the administrator.
create table federation_quarantine (
    id        bigint generated always as identity primary key,
    peer_id   bigint      not null references federation_peer (id),
    object_id text,
    reason    text        not null,
    entry     text        not null,
    at        timestamptz not null default now()
);
