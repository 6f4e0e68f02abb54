-- The tamper-evident audit log (docs/AUDIT.md). Entry n carries the SHA-256 of entry n-1
-- (prev_hash; 32 zero bytes for entry 1) and its own SHA-256 over (seq, at, actor, action, subject,
-- canonical details, prev_hash). seq is assigned by the application under an advisory lock, so it
-- has no gaps: a missing number is a removed entry.
create table audit_log (
    seq        bigint      primary key check (seq > 0),
    at         timestamptz not null,
    actor      text,
    action     text        not null,
    subject    text,
    details    jsonb       not null default '{}',
    prev_hash  bytea       not null check (length(prev_hash) = 32),
    hash       bytea       not null check (length(hash) = 32)
);

comment on table audit_log is 'Append-only, hash-chained audit log; verify with ./entente audit verify';

-- Append-only by construction: the node never updates or deletes an entry, and this stops anyone
-- doing it by accident. It is no security boundary (the owner of the table can drop the trigger, or
-- set session_replication_role = replica); the hash chain and the head anchor are what detect that.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % refused', tg_op
        using hint = 'audit entries are never changed or removed';
end
$$;

create trigger audit_log_no_update_or_delete before update or delete on audit_log
    for each row execute function audit_log_append_only();

create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only();
