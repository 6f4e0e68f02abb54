-- An article derived from a STIX report (a page artifact that arrived by TAXII, import or federation) follows the
-- label of the report version it was derived from, and goes when that version is deleted (docs/OSINT.md, "TAXII
-- (and import) path"). The version key names that version; the index finds an origin's articles on each relabel or
-- delete of a report. Rows from before this migration have no version: they follow their organisation's versions.
alter table osint_article add column origin_version text;
create index osint_article_origin on osint_article (origin_report) where origin_report is not null;
