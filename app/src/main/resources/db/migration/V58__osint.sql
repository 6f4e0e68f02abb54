-- OSINT articles (issue 8): each article, its analysis (fingerprint, LSH bands, entity mentions, claims), the events
-- articles are grouped into and the conflicts among their claims. The intelligence itself (a report per article,
-- identities and locations) lives in stix_object; an article row carries the label of its report, kept in step by
-- the osint module when the report is relabelled, so the same sharing policy filters every read here (the columns
-- have the names and meaning of stix_object's label columns). Ids are random UUIDs: a sequence would let a reader
-- count what others ingested.
create table osint_event (
    id         uuid        primary key,
    created_at timestamptz not null default now()
);

create table osint_article (
    id                    uuid        primary key,
    source                text        not null,
    url                   text,
    title                 text,
    author                text,
    published             timestamptz,
    language              text,
    content_type          text        not null,
    text                  text        not null,
    fingerprint           bytea       not null,
    profile               jsonb       not null,
    -- The earliest and latest date the article has (publication, dates in its text): event candidates by date.
    min_date              date,
    max_date              date,
    report_id             text,
    event_id              uuid        references osint_event (id),
    duplicate_of          uuid        references osint_article (id),
    similarity            real,
    origin                text        not null check (origin in ('api', 'taxii')),
    origin_report         text,
    ingested_by           text        not null,
    ingested_at           timestamptz not null default now(),
    owner_org             bigint      not null references organisation (id),
    owner_participant     bigint      not null references participant (id),
    tlp                   smallint    not null check (tlp between 0 and 4),
    audience              text        not null,
    audience_task_force   bigint references task_force (id),
    audience_participants bigint[]    not null default '{}',
    audience_orgs         bigint[]    not null default '{}',
    -- A duplicate is a link to its original, never a second report.
    check ((duplicate_of is null) = (report_id is not null))
);
create index osint_article_event on osint_article (event_id);
create index osint_article_report on osint_article (report_id);
create index osint_article_duplicate on osint_article (duplicate_of);
create index osint_article_ingested on osint_article (ingested_at);

-- Locality-sensitive hash bands of each original article's fingerprint: candidates for near-duplicate checks.
create table osint_article_band (
    band       bigint not null,
    article_id uuid   not null references osint_article (id) on delete cascade,
    primary key (band, article_id)
);

-- Canonical entities, one per key (country:CN, organisation:SCO, place:qingdao, person:dong jun, and source:<name>
-- for the outlet a page came from), with the STIX id (a UUIDv5 of the key) of the identity or location that stands
-- for it, its STIX created time and the modified time of its latest version.
create table osint_entity (
    key      text primary key,
    kind     text not null check (kind in ('country', 'organisation', 'place', 'person', 'source')),
    name     text not null,
    country  text,
    stix_id  text not null unique,
    created  text not null,
    modified text not null
);

-- The labels an entity's STIX object has a version under: a new label gets a new version, so every audience that
-- can read an article can read the entities its report refers to.
create table osint_entity_label (
    entity_key text not null references osint_entity (key),
    label_key  text not null,
    primary key (entity_key, label_key)
);

-- Which entities an article names, how often, and what it says of a person (role, country).
create table osint_mention (
    article_id uuid    not null references osint_article (id) on delete cascade,
    entity_key text    not null references osint_entity (key),
    mentions   integer not null,
    role       text,
    country    text,
    first_at   integer not null,
    surface    text    not null,
    primary key (article_id, entity_key)
);
create index osint_mention_entity on osint_mention (entity_key);

create table osint_claim (
    id           uuid    primary key,
    article_id   uuid    not null references osint_article (id) on delete cascade,
    subject      text    not null,
    subject_name text    not null,
    predicate    text    not null,
    value        text    not null,
    comparable   text    not null,
    basis        text    not null,
    quote        text    not null,
    start_offset integer not null,
    end_offset   integer not null
);
create index osint_claim_article on osint_claim (article_id);

-- Disagreements among the claims of one event (or, internal, of one article), recomputed when the event changes.
create table osint_conflict (
    id           uuid        primary key,
    event_id     uuid        not null references osint_event (id),
    key          text        not null,
    subject      text        not null,
    subject_name text        not null,
    predicate    text        not null,
    internal     boolean     not null,
    found_at     timestamptz not null default now(),
    unique (event_id, key)
);

create table osint_conflict_claim (
    conflict_id uuid not null references osint_conflict (id) on delete cascade,
    claim_id    uuid not null references osint_claim (id) on delete cascade,
    primary key (conflict_id, claim_id)
);
