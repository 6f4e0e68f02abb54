-- No query reads these yet, while every import pays to maintain them (docs/benchmarks.md, import).
-- The columns stay; an index returns with the first query that needs it, in that query's migration.
drop index if exists stix_object_modified;
drop index if exists stix_object_created_by;
drop index if exists stix_object_markings;
