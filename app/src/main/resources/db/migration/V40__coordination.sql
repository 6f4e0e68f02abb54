-- Coordination (issue 7): meetings, commitments, joint cyber operations, exercises, contingency plans
-- and joint declarations with signed endorsements. Every record carries a sharing label with the same
-- columns as stix_object, so SharingPolicy.filter renders its SQL over them unchanged.

insert into role_permission (role, permission) values
    ('reader', 'coordination.read'),
    ('analyst', 'coordination.read'), ('analyst', 'coordination.write'),
    ('publisher', 'coordination.read'), ('publisher', 'coordination.write'),
    ('liaison', 'coordination.read'),
    ('administrator', 'coordination.read'), ('administrator', 'coordination.write'), ('administrator', 'declaration.endorse'),
    -- A participant's delegate: drafts, comments and endorses (or withholds) on its behalf.
    ('delegate', 'intel.read'), ('delegate', 'coordination.read'), ('delegate', 'coordination.write'),
    ('delegate', 'declaration.endorse');

-- The history of every coordination record: who, when, from which state to which, with a note.
create table coordination_event (
    id          bigint generated always as identity primary key,
    record_kind text        not null,
    record_id   text        not null,
    at          timestamptz not null default clock_timestamp(),
    actor       text        not null,
    action      text        not null,
    from_state  text,
    to_state    text,
    note        text,
    details     jsonb       not null default '{}'
);
create index coordination_event_record on coordination_event (record_kind, record_id, id);

create table meeting (
    id                    bigint generated always as identity primary key,
    title                 text        not null,
    place                 text        not null,
    held_on               date        not null,
    created_by            text        not null,
    created_at            timestamptz not null default now(),
    owner_org             bigint      not null references organisation (id),
    owner_participant     bigint      not null references participant (id),
    tlp                   smallint    not null check (tlp between 0 and 4),
    audience              text        not null,
    audience_task_force   bigint references task_force (id),
    audience_participants bigint[]    not null default '{}',
    audience_orgs         bigint[]    not null default '{}'
);
create table meeting_participant (
    meeting_id     bigint not null references meeting (id),
    participant_id bigint not null references participant (id),
    primary key (meeting_id, participant_id)
);
create table meeting_agenda_item (
    meeting_id bigint not null references meeting (id),
    position   int    not null,
    text       text   not null,
    primary key (meeting_id, position)
);
create table meeting_outcome (
    id         bigint generated always as identity primary key,
    meeting_id bigint not null references meeting (id),
    text       text   not null,
    kind       text   not null check (kind in ('note', 'commitment', 'declaration', 'task-force')),
    ref        text,
    check ((kind = 'note') = (ref is null))
);

create table commitment (
    id                    bigint generated always as identity primary key,
    participant_id        bigint      not null references participant (id),
    text                  text        not null,
    responsible_org       bigint      not null references organisation (id),
    due                   date        not null,
    status                text        not null check (status in ('proposed', 'accepted', 'in-progress', 'done', 'lapsed')),
    meeting_id            bigint references meeting (id),
    created_by            text        not null,
    created_at            timestamptz not null default now(),
    owner_org             bigint      not null references organisation (id),
    owner_participant     bigint      not null references participant (id),
    tlp                   smallint    not null check (tlp between 0 and 4),
    audience              text        not null,
    audience_task_force   bigint references task_force (id),
    audience_participants bigint[]    not null default '{}',
    audience_orgs         bigint[]    not null default '{}'
);
create table commitment_evidence (
    id            bigint generated always as identity primary key,
    commitment_id bigint      not null references commitment (id),
    kind          text        not null check (kind in ('exercise', 'intelligence')),
    ref           text        not null,
    note          text,
    added_by      text        not null,
    added_at      timestamptz not null default now(),
    unique (commitment_id, kind, ref)
);

create table operation (
    id                    bigint generated always as identity primary key,
    name                  text        not null,
    operation_type        text        not null,
    description           text        not null default '',
    state                 text        not null check (state in ('proposed', 'active', 'concluded', 'aborted')),
    created_by            text        not null,
    created_at            timestamptz not null default now(),
    owner_org             bigint      not null references organisation (id),
    owner_participant     bigint      not null references participant (id),
    tlp                   smallint    not null check (tlp between 0 and 4),
    audience              text        not null,
    audience_task_force   bigint references task_force (id),
    audience_participants bigint[]    not null default '{}',
    audience_orgs         bigint[]    not null default '{}'
);
create table operation_participant (
    operation_id   bigint not null references operation (id),
    participant_id bigint not null references participant (id),
    primary key (operation_id, participant_id)
);
-- Links to intelligence store ids only: what they point to is read through the store, per reader.
create table operation_link (
    operation_id bigint      not null references operation (id),
    stix_id      text        not null,
    kind         text        not null check (kind in ('incident', 'indicator', 'other')),
    added_by     text        not null,
    added_at     timestamptz not null default now(),
    primary key (operation_id, stix_id)
);
create table operation_task (
    id              bigint generated always as identity primary key,
    operation_id    bigint      not null references operation (id),
    title           text        not null,
    owner_org       bigint      not null references organisation (id),
    deadline        date        not null,
    state           text        not null check (state in ('open', 'in-progress', 'done', 'cancelled')),
    created_by      text        not null,
    created_at      timestamptz not null default now()
);
-- The agreed protocol: a checklist per operation type, copied into each operation when it is opened.
create table protocol_template_item (
    operation_type text not null,
    position       int  not null,
    text           text not null,
    primary key (operation_type, position)
);
insert into protocol_template_item values
    ('general', 1, 'Participants and points of contact confirmed'),
    ('general', 2, 'Sharing label of operation material agreed'),
    ('general', 3, 'Indicators shared with all participants'),
    ('general', 4, 'Lessons learned recorded'),
    ('ransomware', 1, 'Affected operators notified'),
    ('ransomware', 2, 'Samples and indicators shared with all participants'),
    ('ransomware', 3, 'Payment and negotiation channels identified'),
    ('ransomware', 4, 'Decryption or recovery options assessed'),
    ('ransomware', 5, 'Lessons learned recorded'),
    ('ddos', 1, 'Targets and traffic sources identified'),
    ('ddos', 2, 'Upstream providers and CERTs contacted'),
    ('ddos', 3, 'Filtering indicators shared'),
    ('ddos', 4, 'Lessons learned recorded'),
    ('intrusion', 1, 'Initial access vector identified'),
    ('intrusion', 2, 'Indicators of compromise shared'),
    ('intrusion', 3, 'Affected systems contained'),
    ('intrusion', 4, 'Attribution assessment exchanged'),
    ('intrusion', 5, 'Lessons learned recorded');
create table operation_checklist_item (
    operation_id bigint      not null references operation (id),
    position     int         not null,
    text         text        not null,
    checked_by   text,
    checked_at   timestamptz,
    primary key (operation_id, position)
);

create table exercise (
    id                    bigint generated always as identity primary key,
    name                  text        not null,
    scenario              text        not null,
    starts_on             date        not null,
    ends_on               date        not null check (ends_on >= starts_on),
    after_action_report   text,
    created_by            text        not null,
    created_at            timestamptz not null default now(),
    owner_org             bigint      not null references organisation (id),
    owner_participant     bigint      not null references participant (id),
    tlp                   smallint    not null check (tlp between 0 and 4),
    audience              text        not null,
    audience_task_force   bigint references task_force (id),
    audience_participants bigint[]    not null default '{}',
    audience_orgs         bigint[]    not null default '{}'
);
create table exercise_participant (
    exercise_id    bigint not null references exercise (id),
    participant_id bigint not null references participant (id),
    primary key (exercise_id, participant_id)
);

create table contingency_plan (
    id                    bigint generated always as identity primary key,
    name                  text        not null,
    hazard                text        not null,
    created_by            text        not null,
    created_at            timestamptz not null default now(),
    owner_org             bigint      not null references organisation (id),
    owner_participant     bigint      not null references participant (id),
    tlp                   smallint    not null check (tlp between 0 and 4),
    audience              text        not null,
    audience_task_force   bigint references task_force (id),
    audience_participants bigint[]    not null default '{}',
    audience_orgs         bigint[]    not null default '{}'
);
create table plan_resource (
    id              bigint generated always as identity primary key,
    plan_id         bigint         not null references contingency_plan (id),
    participant_id  bigint         not null references participant (id),
    resource_type   text           not null,
    quantity        numeric        not null check (quantity > 0),
    unit            text           not null default 'units',
    readiness_hours int            not null check (readiness_hours >= 0),
    offered_by      text           not null,
    offered_at      timestamptz    not null default now()
);

create table declaration (
    id                    uuid        primary key,
    title                 text        not null,
    chair_participant     bigint      not null references participant (id),
    -- The participants whose full members must all endorse (tier member when circulated).
    signatories           bigint[]    not null,
    state                 text        not null check (state in ('drafting', 'circulating', 'not-adopted', 'adopted', 'chair-statement')),
    circulated_version    int,
    circulated_members    bigint[],
    chair_statement       text,
    meeting_id            bigint references meeting (id),
    created_by            text        not null,
    created_at            timestamptz not null default now(),
    owner_org             bigint      not null references organisation (id),
    owner_participant     bigint      not null references participant (id),
    tlp                   smallint    not null check (tlp between 0 and 4),
    audience              text        not null,
    audience_task_force   bigint references task_force (id),
    audience_participants bigint[]    not null default '{}',
    audience_orgs         bigint[]    not null default '{}'
);
-- Each revision is immutable: numbered 1, 2, ... and never updated or deleted.
create table declaration_revision (
    declaration_id uuid        not null references declaration (id),
    version        int         not null check (version > 0),
    text           text        not null,
    text_sha256    text        not null,
    author         text        not null,
    at             timestamptz not null default now(),
    primary key (declaration_id, version)
);
create function declaration_revision_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'declaration revisions are immutable';
end $$;
create trigger declaration_revision_immutable before update or delete on declaration_revision
    for each row execute function declaration_revision_immutable();
create table declaration_comment (
    id             bigint generated always as identity primary key,
    declaration_id uuid        not null,
    version        int         not null,
    author         text        not null,
    participant_id bigint      not null references participant (id),
    text           text        not null,
    at             timestamptz not null default now(),
    foreign key (declaration_id, version) references declaration_revision (declaration_id, version)
);
-- A full member's decision on a circulated version, signed with the member's key (detached JWS).
create table declaration_endorsement (
    declaration_id uuid        not null,
    version        int         not null,
    participant_id bigint      not null references participant (id),
    decision       text        not null check (decision in ('endorse', 'withhold')),
    reason         text,
    key_id         text        not null,
    jws            text        not null,
    signed_by      text        not null,
    at             timestamptz not null default now(),
    primary key (declaration_id, version, participant_id),
    foreign key (declaration_id, version) references declaration_revision (declaration_id, version),
    check (decision = 'endorse' or reason is not null)
);
-- Observers' and dialogue partners' support: recorded, never counted.
create table declaration_support (
    declaration_id uuid        not null,
    version        int         not null,
    participant_id bigint      not null references participant (id),
    supported_by   text        not null,
    at             timestamptz not null default now(),
    primary key (declaration_id, version, participant_id),
    foreign key (declaration_id, version) references declaration_revision (declaration_id, version)
);
-- Public halves of the participants' signing keys held by this node (private keys: <home>/keys/participants).
create table participant_signing_key (
    key_id         text        primary key,
    participant_id bigint      not null references participant (id),
    algorithm      text        not null default 'Ed25519',
    public_key     text        not null,
    created_at     timestamptz not null default now()
);
create index participant_signing_key_participant on participant_signing_key (participant_id);
