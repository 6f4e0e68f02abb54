-- Task-force intelligence briefings (docs/COORDINATION.md, "Briefings").
-- A schedule per task force: every `every_seconds`, the next due time in `next_due`. The scheduler of
-- every node instance takes due rows with FOR UPDATE SKIP LOCKED and advances next_due in the same
-- transaction, so each due time runs exactly once however many instances poll.
create table briefing_schedule (
    task_force_id  bigint      primary key references task_force (id),
    every_seconds  bigint      not null check (every_seconds >= 60),
    next_due       timestamptz not null,
    -- The member organisation that owns the briefings the schedule produces (who set it).
    owner_org      bigint      not null references organisation (id),
    set_by         text        not null,
    updated_at     timestamptz not null default now()
);

-- One produced briefing: a STIX report stored through the store (label: the task force), covering the
-- versions stored in (period_start, period_end] (the store clock, see StixStore.clock()).
create table briefing (
    id             bigserial   primary key,
    task_force_id  bigint      not null references task_force (id),
    report_id      text        not null unique,
    period_start   timestamptz not null,
    period_end     timestamptz not null,
    created_at     timestamptz not null default now(),
    created_by     text        not null,
    trigger        text        not null check (trigger in ('manual', 'schedule')),
    -- The schedule's due time this briefing answered (null for a manual one): at most one per due time.
    due_at         timestamptz,
    object_count   int         not null,
    counts         jsonb       not null,
    unique (task_force_id, due_at)
);
create index briefing_task_force on briefing (task_force_id, period_end desc);
