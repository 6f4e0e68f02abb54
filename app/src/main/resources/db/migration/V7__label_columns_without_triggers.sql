-- The label columns of stix_object referenced organisation, participant and task_force through
-- foreign keys, which fire one trigger per stored row: about a third of PostgreSQL's ingest cost for
-- ATT&CK (docs/benchmarks.md). The application guarantees these references instead: an owner comes
-- from the authenticated caller, an audience's task force, participants and organisations are
-- checked before anything is read (StixStore.requireKnown), and no API deletes an organisation,
-- participant or task force. A future delete must relabel or refuse, and say so in its migration.
alter table stix_object drop constraint if exists stix_object_owner_org_fkey;
alter table stix_object drop constraint if exists stix_object_owner_participant_fkey;
alter table stix_object drop constraint if exists stix_object_audience_task_force_fkey;
