-- Issue 4, TAXII page cache (docs/adr/0007-taxii-page-cache.md): every statement that changes stix_object announces
-- itself on the cluster channel (node/Cluster.java: payload "topic|origin|body"; topic intel-store-changed is
-- StixStore.CHANGED, origin "database" is no instance's name). PostgreSQL delivers a NOTIFY when, and only if, the
-- statement's transaction commits, and folds identical payloads of one transaction into one, so an import of many
-- batches or a restore sends a handful. Statement-level (one call per statement, not per row: V7 removed per-row
-- triggers for their ingest cost), and it catches every writer: imports (COPY fires statement triggers), relabels,
-- deletes, a restore's truncate and changes made by hand.
create function stix_object_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('entente_cluster', 'intel-store-changed|database|' || tg_op);
    return null;
end
$$;

create trigger stix_object_changed
    after insert or update or delete on stix_object
    for each statement execute function stix_object_changed();

create trigger stix_object_truncated
    after truncate on stix_object
    for each statement execute function stix_object_changed();
