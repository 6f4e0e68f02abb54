-- Every version of every STIX object, exactly as received (body), plus the columns queries need.
-- A version is identified by (id, version): version is the object's `modified` (or `created` for
-- immutable objects such as marking definitions) as fixed-width text with nanoseconds, so versions
-- that differ below the microsecond stay distinct; cyber-observables have one version, ''.
create table stix_object (
    id              text        not null,
    version         text        not null,
    type            text        not null,
    modified        timestamptz,
    created         timestamptz,
    created_by_ref  text,
    marking_refs    text[]      not null default '{}',
    revoked         boolean     not null default false,
    source_ref      text,
    target_ref      text,
    -- Server time at which this version was stored: strictly increasing across the whole store
    -- (see store_clock), so a reader paging by date_added never misses or repeats an object.
    date_added      timestamptz not null,
    body            jsonb       not null,
    primary key (id, version)
);

create unique index stix_object_date_added on stix_object (date_added);
create index stix_object_type on stix_object (type, date_added);
create index stix_object_modified on stix_object (modified);
create index stix_object_created_by on stix_object (created_by_ref) where created_by_ref is not null;
create index stix_object_markings on stix_object using gin (marking_refs);
create index stix_object_source on stix_object (source_ref) where source_ref is not null;
create index stix_object_target on stix_object (target_ref) where target_ref is not null;

-- The last date_added handed out. Writers take it under a transaction-scoped advisory lock, so
-- commits are ordered like their date_added values.
create table store_clock (
    singleton boolean primary key default true check (singleton),
    last      timestamptz not null
);
insert into store_clock (last) values ('-infinity');
