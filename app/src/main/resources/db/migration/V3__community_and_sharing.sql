-- The community: participants (member states, observers, dialogue partners), their organisations
-- (agencies), users of those organisations, roles as data, task forces, and per-tier ceilings.
create table participant (
    id      bigint generated always as identity primary key,
    name    text    not null unique,
    tier    text    not null check (tier in ('member', 'observer', 'dialogue-partner')),
    -- The participant that operates this node; exactly one.
    is_home boolean not null default false
);
create unique index participant_one_home on participant (is_home) where is_home;

create table organisation (
    id             bigint generated always as identity primary key,
    participant_id bigint not null references participant (id),
    name           text   not null,
    unique (participant_id, name)
);

-- The operator of a fresh node, renamed from configuration at first start.
insert into participant (name, tier, is_home) values ('This node', 'member', true);
insert into organisation (participant_id, name) select id, 'Node operator' from participant where is_home;

alter table app_user add column organisation_id bigint references organisation (id);
update app_user set organisation_id = (select o.id from organisation o join participant p on p.id = o.participant_id where p.is_home);
alter table app_user alter column organisation_id set not null;

-- Roles are data: a role is the set of permission names it grants.
create table role_permission (
    role       text not null,
    permission text not null,
    primary key (role, permission)
);
insert into role_permission (role, permission) values
    ('reader', 'intel.read'),
    ('analyst', 'intel.read'), ('analyst', 'intel.write'), ('analyst', 'intel.share'),
    ('publisher', 'intel.read'), ('publisher', 'intel.write'), ('publisher', 'intel.share'), ('publisher', 'intel.publish'),
    ('liaison', 'intel.read'), ('liaison', 'federation.admin'),
    ('administrator', 'intel.read'), ('administrator', 'intel.write'), ('administrator', 'intel.share'),
    ('administrator', 'intel.publish'), ('administrator', 'federation.admin'), ('administrator', 'community.admin'),
    ('auditor', 'audit.read');

create table task_force (
    id      bigint generated always as identity primary key,
    name    text not null unique,
    mandate text not null
);
create table task_force_member (
    task_force_id  bigint not null references task_force (id),
    participant_id bigint not null references participant (id),
    primary key (task_force_id, participant_id)
);

-- The highest TLP a tier may ever receive (configurable per community).
create table tier_ceiling (
    tier    text     primary key check (tier in ('member', 'observer', 'dialogue-partner')),
    max_tlp smallint not null check (max_tlp between 0 and 4)
);
insert into tier_ceiling values ('member', 4), ('observer', 2), ('dialogue-partner', 1);

-- Every stored version carries its sharing label: owner, TLP (0 clear .. 4 red) and audience.
alter table stix_object
    add column owner_org             bigint references organisation (id),
    add column owner_participant     bigint references participant (id),
    add column tlp                   smallint not null default 2 check (tlp between 0 and 4),
    add column audience              text     not null default 'own-organisation' check (audience in
        ('own-organisation', 'own-participant', 'task-force', 'all-members', 'members-and-observers', 'whole-community', 'named')),
    add column audience_task_force   bigint references task_force (id),
    add column audience_participants bigint[] not null default '{}',
    add column audience_orgs         bigint[] not null default '{}';
update stix_object set owner_org = (select o.id from organisation o join participant p on p.id = o.participant_id where p.is_home),
                       owner_participant = (select id from participant where is_home);
alter table stix_object alter column owner_org set not null, alter column owner_participant set not null;
alter table stix_object add constraint task_force_audience_names_one
    check ((audience = 'task-force') = (audience_task_force is not null));
create index stix_object_owner on stix_object (owner_org);
