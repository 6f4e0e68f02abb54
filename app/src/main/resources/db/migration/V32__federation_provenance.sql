-- Federation over mutual TLS with signed provenance (issue 6, federation-trust wired into sync).

-- The peer's provenance signing certificate (PEM), fetched from /federation/v1/hello over mutual TLS
-- when the peer was added and verified against the community trust.
alter table federation_peer add column signing_certificate text;

-- Signing certificates of originating participants this node holds signatures of (its own, its
-- peers', and those of participants whose objects reached it through a relay), by key id (the SHA-256
-- fingerprint of the certificate). Each was verified against the community trust before it was kept.
create table federation_signing_key (
    kid         text primary key,
    participant text not null,
    certificate text not null
);

-- One provenance signature per object version: the originator's detached JWS over the RFC 8785 form of
-- {"object": the version, "label": its label on the wire, "signed_at": when the originator signed it}.
-- Own versions are signed when the feed first serves them (and again after a relabel); received ones
-- keep the originator's signature unchanged so that this node can relay them.
create table federation_provenance (
    id        text not null,
    modified  text not null,
    label     text not null,
    signed_at text not null,
    jws       text not null,
    kid       text not null references federation_signing_key (kid),
    primary key (id, modified)
);
