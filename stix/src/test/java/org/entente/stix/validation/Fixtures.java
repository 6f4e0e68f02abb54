package org.entente.stix.validation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.entente.stix.StixJson;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One valid object of every type STIX 2.1 defines, mostly taken from the examples of the specification,
 * with deterministic identifiers for the cyber-observables (so that they produce no warning either).
 */
final class Fixtures {

    private Fixtures() {
    }

    static final Map<String, String> VALID = new LinkedHashMap<>();

    static {
        // ---------------------------------------------------------------- SDOs (chapter 4)
        VALID.put("attack-pattern", """
                {"type": "attack-pattern", "spec_version": "2.1",
                 "id": "attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                 "created": "2016-05-12T08:17:27.000Z", "modified": "2016-05-12T08:17:27.000Z",
                 "name": "Spear Phishing", "description": "...", "aliases": ["Phishing with attachments"],
                 "external_references": [{"source_name": "capec", "external_id": "CAPEC-163"}],
                 "kill_chain_phases": [{"kill_chain_name": "lockheed-martin-cyber-kill-chain", "phase_name": "delivery"}]}
                """);
        VALID.put("campaign", """
                {"type": "campaign", "spec_version": "2.1", "id": "campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created_by_ref": "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
                 "created": "2016-04-06T20:03:00.000Z", "modified": "2016-04-06T20:03:00.000Z",
                 "name": "Green Group Attacks Against Finance", "description": "Campaign by Green Group against banks",
                 "first_seen": "2016-04-06T20:03:00Z", "last_seen": "2016-07-06T20:03:00Z", "objective": "Steal money"}
                """);
        VALID.put("course-of-action", """
                {"type": "course-of-action", "spec_version": "2.1",
                 "id": "course-of-action--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
                 "name": "Add TCP port 80 Filter Rule to the existing Block UDP 1434 Filter",
                 "description": "This is how to add a filter rule to block inbound access to TCP port 80."}
                """);
        VALID.put("grouping", """
                {"type": "grouping", "spec_version": "2.1", "id": "grouping--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
                 "created": "2015-12-21T19:59:11.000Z", "modified": "2015-12-21T19:59:11.000Z",
                 "name": "The Black Vine Cyberespionage Group", "context": "suspicious-activity",
                 "object_refs": ["indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2",
                                 "campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c",
                                 "relationship--f82356ae-fe6c-437c-9c24-6b64314ae68a",
                                 "file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d"]}
                """);
        VALID.put("identity", """
                {"type": "identity", "spec_version": "2.1", "id": "identity--e5f1b90a-d9b6-40ab-81a9-8a29df4b6b65",
                 "created": "2016-04-06T20:03:00.000Z", "modified": "2016-04-06T20:03:00.000Z",
                 "name": "ACME Widget, Inc.", "identity_class": "organization", "sectors": ["technology"],
                 "roles": ["CEO"], "contact_information": "info@acme.example"}
                """);
        VALID.put("incident", """
                {"type": "incident", "spec_version": "2.1", "id": "incident--591a4b86-6c8a-4b22-a43e-6b9c6b7b7a0d",
                 "created": "2020-02-01T10:00:00.000Z", "modified": "2020-02-01T10:00:00.000Z",
                 "name": "Breach of the payroll system"}
                """);
        VALID.put("indicator", """
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created_by_ref": "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
                 "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
                 "indicator_types": ["malicious-activity"], "name": "Poison Ivy Malware",
                 "description": "This file is part of Poison Ivy",
                 "pattern": "[ file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877' ]",
                 "pattern_type": "stix", "pattern_version": "2.1",
                 "valid_from": "2016-01-01T00:00:00Z", "valid_until": "2017-01-01T00:00:00Z",
                 "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "initial-access"}],
                 "external_references": [{"source_name": "ACME Threat Intel", "description": "Threat report",
                                          "url": "https://example.com/report.pdf",
                                          "hashes": {"SHA-256": "6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b"}}],
                 "object_marking_refs": ["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"],
                 "granular_markings": [{"marking_ref": "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
                                        "selectors": ["description", "kill_chain_phases.[0]"]},
                                       {"lang": "en", "selectors": ["name"]}],
                 "lang": "en", "confidence": 85, "labels": ["poison-ivy"], "revoked": false}
                """);
        VALID.put("infrastructure", """
                {"type": "infrastructure", "spec_version": "2.1",
                 "id": "infrastructure--38c47d93-d984-4fd9-b87b-d69d0841628d",
                 "created": "2016-05-07T11:22:30.000Z", "modified": "2016-05-07T11:22:30.000Z",
                 "name": "Poison Ivy C2", "infrastructure_types": ["command-and-control"],
                 "first_seen": "2016-05-07T11:22:30Z", "last_seen": "2016-05-08T11:22:30Z"}
                """);
        VALID.put("intrusion-set", """
                {"type": "intrusion-set", "spec_version": "2.1",
                 "id": "intrusion-set--4e78f46f-a023-4e5f-bc24-71b3ca22ec29",
                 "created_by_ref": "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
                 "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
                 "name": "Bobcat Breakin", "description": "Incidents usually feature a shared TTP.",
                 "aliases": ["Zookeeper"], "goals": ["acquisition-theft", "harassment", "damage"],
                 "resource_level": "organization", "primary_motivation": "organizational-gain",
                 "secondary_motivations": ["dominance"]}
                """);
        VALID.put("location", """
                {"type": "location", "spec_version": "2.1", "id": "location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64",
                 "created": "2016-04-06T20:03:00.000Z", "modified": "2016-04-06T20:03:00.000Z",
                 "latitude": 48.8566, "longitude": 2.3522, "precision": 1000.0,
                 "region": "western-europe", "country": "fr", "city": "Paris"}
                """);
        VALID.put("malware", """
                {"type": "malware", "spec_version": "2.1", "id": "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                 "created": "2016-05-12T08:17:27.000Z", "modified": "2016-05-12T08:17:27.000Z",
                 "name": "Cryptolocker", "description": "A variant of the cryptolocker family",
                 "malware_types": ["ransomware"], "is_family": true, "implementation_languages": ["c"],
                 "architecture_execution_envs": ["x86"], "capabilities": ["communicates-with-c2"],
                 "first_seen": "2016-05-12T08:17:27Z",
                 "sample_refs": ["file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d"],
                 "operating_system_refs": ["software--710b0b41-d4d0-5d6c-a400-fc9254554ffc"]}
                """);
        VALID.put("malware-analysis", """
                {"type": "malware-analysis", "spec_version": "2.1",
                 "id": "malware-analysis--d25167b7-fed0-4068-9ccd-a73dd2c5b07c",
                 "created": "2020-01-16T18:52:24.277Z", "modified": "2020-01-16T18:52:24.277Z",
                 "product": "microsoft", "analysis_engine_version": "5.1.0", "result_name": "Trojan.Win32.Example",
                 "result": "malicious", "submitted": "2020-01-16T18:50:00Z",
                 "analysis_started": "2020-01-16T18:51:00Z", "analysis_ended": "2020-01-16T18:52:00Z",
                 "host_vm_ref": "software--710b0b41-d4d0-5d6c-a400-fc9254554ffc",
                 "sample_ref": "file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d"}
                """);
        VALID.put("note", """
                {"type": "note", "spec_version": "2.1", "id": "note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                 "created": "2016-05-12T08:17:27.000Z", "modified": "2016-05-12T08:17:27.000Z",
                 "abstract": "Tracking Team Note#1",
                 "content": "This note indicates the various steps taken by the threat analyst team.",
                 "authors": ["John Doe"], "object_refs": ["campaign--6f1ab93e-5d83-4b43-9f42-5c4ef0ea2f5d"]}
                """);
        VALID.put("observed-data", """
                {"type": "observed-data", "spec_version": "2.1",
                 "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
                 "created_by_ref": "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
                 "created": "2016-04-06T19:58:16.000Z", "modified": "2016-04-06T19:58:16.000Z",
                 "first_observed": "2015-12-21T19:00:00Z", "last_observed": "2015-12-21T19:00:00Z",
                 "number_observed": 50,
                 "object_refs": ["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
                                 "relationship--57b56a43-b8b0-4cba-9deb-34e3e1faed9e"]}
                """);
        VALID.put("opinion", """
                {"type": "opinion", "spec_version": "2.1", "id": "opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7",
                 "created": "2016-05-12T08:17:27.000Z", "modified": "2016-05-12T08:17:27.000Z",
                 "explanation": "This doesn't seem like it is feasible.", "authors": ["Ibn Qutaybah"],
                 "opinion": "strongly-disagree", "object_refs": ["relationship--16d2358f-3b0d-4c88-b047-0da2f7ed4471"]}
                """);
        VALID.put("report", """
                {"type": "report", "spec_version": "2.1", "id": "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
                 "created_by_ref": "identity--a463ffb3-1bd9-4d94-b02d-74e4f1658283",
                 "created": "2015-12-21T19:59:11.000Z", "modified": "2015-12-21T19:59:11.000Z",
                 "name": "The Black Vine Cyberespionage Group", "description": "A simple report",
                 "published": "2016-01-20T17:00:00.000Z", "report_types": ["campaign"],
                 "object_refs": ["indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2",
                                 "campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c",
                                 "relationship--f82356ae-fe6c-437c-9c24-6b64314ae68a"]}
                """);
        VALID.put("threat-actor", """
                {"type": "threat-actor", "spec_version": "2.1",
                 "id": "threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
                 "threat_actor_types": ["crime-syndicate"], "name": "Evil Org",
                 "description": "The Evil Org threat actor group", "aliases": ["Syndicate 1", "Evil Syndicate 99"],
                 "roles": ["director"], "goals": ["Steal bank money", "Steal credit cards"],
                 "sophistication": "advanced", "resource_level": "team", "primary_motivation": "organizational-gain",
                 "personal_motivations": ["personal-gain"],
                 "first_seen": "2015-01-01T00:00:00Z", "last_seen": "2016-01-01T00:00:00Z"}
                """);
        VALID.put("tool", """
                {"type": "tool", "spec_version": "2.1", "id": "tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
                 "tool_types": ["remote-access"], "name": "VNC", "tool_version": "4.1"}
                """);
        VALID.put("vulnerability", """
                {"type": "vulnerability", "spec_version": "2.1",
                 "id": "vulnerability--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                 "created": "2016-05-12T08:17:27.000Z", "modified": "2016-05-12T08:17:27.000Z",
                 "name": "CVE-2016-1234",
                 "external_references": [{"source_name": "cve", "external_id": "CVE-2016-1234"}]}
                """);

        // ---------------------------------------------------------------- SROs (chapter 5)
        VALID.put("relationship", """
                {"type": "relationship", "spec_version": "2.1",
                 "id": "relationship--57b56a43-b8b0-4cba-9deb-34e3e1faed9e",
                 "created": "2016-04-06T20:06:37.000Z", "modified": "2016-04-06T20:06:37.000Z",
                 "relationship_type": "indicates",
                 "source_ref": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "target_ref": "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b",
                 "start_time": "2016-04-06T20:06:37Z", "stop_time": "2016-05-06T20:06:37Z"}
                """);
        VALID.put("sighting", """
                {"type": "sighting", "spec_version": "2.1", "id": "sighting--ee20065d-2555-424f-ad9e-0f8428623c75",
                 "created_by_ref": "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
                 "created": "2016-04-06T20:08:31.000Z", "modified": "2016-04-06T20:08:31.000Z",
                 "first_seen": "2015-12-21T19:00:00Z", "last_seen": "2015-12-21T19:00:00Z", "count": 50,
                 "sighting_of_ref": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "observed_data_refs": ["observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf"],
                 "where_sighted_refs": ["identity--b67d30ff-02ac-498a-92f9-32f845f448ff",
                                        "location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64"],
                 "summary": false}
                """);

        // ---------------------------------------------------------------- SCOs (chapter 6)
        VALID.put("artifact", """
                {"type": "artifact", "spec_version": "2.1", "id": "artifact--6dd6b234-ecb2-53c0-99e8-dfcc38458cf3",
                 "mime_type": "image/jpeg", "payload_bin": "iVBORw0KGgoAAAANSUhEUgAAADI=",
                 "hashes": {"SHA-256": "6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b"}}
                """);
        VALID.put("autonomous-system", """
                {"type": "autonomous-system", "spec_version": "2.1",
                 "id": "autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff",
                 "number": 15139, "name": "Slime Industries", "rir": "ARIN"}
                """);
        VALID.put("directory", """
                {"type": "directory", "spec_version": "2.1", "id": "directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622",
                 "path": "C:\\\\Windows\\\\System32"}
                """);
        VALID.put("domain-name", """
                {"type": "domain-name", "spec_version": "2.1",
                 "id": "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7", "value": "example.com",
                 "resolves_to_refs": ["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"]}
                """);
        VALID.put("email-addr", """
                {"type": "email-addr", "spec_version": "2.1",
                 "id": "email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934",
                 "value": "john@example.com", "display_name": "John Doe"}
                """);
        VALID.put("email-message", """
                {"type": "email-message", "spec_version": "2.1",
                 "id": "email-message--f43993ff-e06e-5ec1-9eaa-94b327c382b6",
                 "is_multipart": false, "date": "1997-11-21T15:55:06.000Z",
                 "from_ref": "email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934",
                 "to_refs": ["email-addr--2aeeb98c-9db4-525e-874d-221fdfe9f76e"],
                 "subject": "Saying Hello", "body": "Hello Mary",
                 "additional_header_fields": {"Reply-To": ["steve@example.com", "jane@example.com"]}}
                """);
        VALID.put("file", """
                {"type": "file", "id": "file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d", "spec_version": "2.1",
                 "hashes": {"MD5": "1717b7fff97d37a1e1a0029d83492de1", "SHA-1": "c79a326f8411e9488bdc3779753e1e3489aaedea"},
                 "size": 83968, "name": "resume.pdf"}
                """);
        VALID.put("ipv4-addr", """
                {"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
                 "value": "198.51.100.3"}
                """);
        VALID.put("ipv6-addr", """
                {"type": "ipv6-addr", "spec_version": "2.1", "id": "ipv6-addr--85a85a8c-ee99-5722-946d-3c3a3270fc6f",
                 "value": "2001:0db8:85a3:0000:0000:8a2e:0370:7334"}
                """);
        VALID.put("mac-addr", """
                {"type": "mac-addr", "spec_version": "2.1", "id": "mac-addr--757b1725-9903-54f5-a855-1240691d7659",
                 "value": "d2:fb:49:24:37:18"}
                """);
        VALID.put("mutex", """
                {"type": "mutex", "spec_version": "2.1", "id": "mutex--f93fe911-e545-5239-b9b0-597840d0c871",
                 "name": "__CLEANSWEEP__"}
                """);
        VALID.put("network-traffic", """
                {"type": "network-traffic", "spec_version": "2.1",
                 "id": "network-traffic--c33cb06c-08cd-55c8-b7f8-9d0eccfe8d49",
                 "src_ref": "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
                 "dst_ref": "ipv4-addr--055987b7-7d94-5326-8e20-c3dad8241976",
                 "src_port": 49152, "dst_port": 443, "protocols": ["ipv4", "tcp"],
                 "start": "2016-06-19T21:00:00Z", "is_active": true,
                 "extensions": {"tcp-ext": {"src_flags_hex": "00000002"}}}
                """);
        VALID.put("process", """
                {"type": "process", "spec_version": "2.1", "id": "process--8fac80fe-a220-4ba9-8ffe-4f43ce8edff8",
                 "pid": 1221, "created_time": "2016-01-20T14:11:25.55Z", "command_line": "./gedit-bin --new-window",
                 "image_ref": "file--e04f22d1-be2c-59de-add8-10f61d15fe20",
                 "extensions": {"windows-process-ext": {"aslr_enabled": true, "integrity_level": "high"}}}
                """);
        VALID.put("software", """
                {"type": "software", "spec_version": "2.1", "id": "software--710b0b41-d4d0-5d6c-a400-fc9254554ffc",
                 "name": "Word", "cpe": "cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*", "version": "2002",
                 "vendor": "Microsoft", "languages": ["en", "de-CH"]}
                """);
        VALID.put("url", """
                {"type": "url", "spec_version": "2.1", "id": "url--47c3cf9a-5027-5bf0-997a-017c7edc7c55",
                 "value": "https://example.com/research/index.html"}
                """);
        VALID.put("user-account", """
                {"type": "user-account", "spec_version": "2.1",
                 "id": "user-account--f223e803-846b-591a-aefa-545e938f8a56",
                 "user_id": "thegrugq_ebooks", "account_login": "thegrugq_ebooks", "account_type": "twitter",
                 "display_name": "the grugq"}
                """);
        VALID.put("windows-registry-key", """
                {"type": "windows-registry-key", "spec_version": "2.1",
                 "id": "windows-registry-key--f6a11ddf-fa2b-54c8-97ab-e7f28413095a",
                 "key": "hkey_local_machine\\\\system\\\\bar\\\\foo",
                 "values": [{"name": "Foo", "data": "qwerty", "data_type": "REG_SZ"},
                            {"name": "Bar", "data": "42", "data_type": "REG_DWORD"}]}
                """);
        VALID.put("x509-certificate", """
                {"type": "x509-certificate", "spec_version": "2.1",
                 "id": "x509-certificate--c6b648c3-f7e4-520b-9d2d-f0e021555250",
                 "hashes": {"SHA-256": "6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b"},
                 "serial_number": "36:f7:d4:32:f4:ab:70:ea:d3:ce:98:6e:ea:99:93:49:32:0a:b7:06",
                 "issuer": "C=ZA, ST=Western Cape, L=Cape Town, O=Thawte Consulting cc",
                 "validity_not_before": "2016-03-12T12:00:00Z", "validity_not_after": "2016-08-21T12:00:00Z",
                 "x509_v3_extensions": {"basic_constraints": "critical,CA:TRUE"}}
                """);

        // ---------------------------------------------------------------- meta objects (chapter 7)
        VALID.put("language-content", """
                {"type": "language-content", "spec_version": "2.1",
                 "id": "language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d",
                 "created": "2017-02-08T21:31:22.007Z", "modified": "2017-02-08T21:31:22.007Z",
                 "object_ref": "campaign--12a111f0-b824-4baf-a224-83b80237a094",
                 "object_modified": "2017-02-08T21:31:22.007Z",
                 "contents": {"de": {"name": "Bank Angriff 1", "description": "Weitere Informationen über Banküberfall"},
                              "fr": {"name": "Attaque Bank 1"}}}
                """);
        VALID.put("marking-definition", """
                {"type": "marking-definition", "spec_version": "2.1",
                 "id": "marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f",
                 "created": "2017-04-14T13:07:49.812Z", "definition_type": "statement",
                 "definition": {"statement": "Copyright (c) Stark Industries 2017."}}
                """);
        VALID.put("extension-definition", """
                {"id": "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e",
                 "type": "extension-definition", "spec_version": "2.1", "name": "Extension Foo 1",
                 "description": "This schema adds two properties to a STIX object",
                 "created": "2014-02-20T09:16:08.989000Z", "modified": "2014-02-20T09:16:08.989000Z",
                 "created_by_ref": "identity--11b76a96-5d2b-45e0-8a5a-f6994f370731",
                 "schema": "https://www.example.com/schema-foo-1/v1/", "version": "1.2.1",
                 "extension_types": ["property-extension"]}
                """);
    }

    /** The standard TLP:GREEN marking of section 7.2.1.4. */
    static final String TLP_GREEN = """
            {"type": "marking-definition", "spec_version": "2.1",
             "id": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
             "created": "2017-01-20T00:00:00.000Z", "definition_type": "tlp", "name": "TLP:GREEN",
             "definition": {"tlp": "green"}}
            """;

    /** TLP 2.0 AMBER+STRICT as published by the OASIS CTI TC (cti-stix-common-objects). */
    static final String TLP2_AMBER_STRICT = """
            {"type": "marking-definition", "spec_version": "2.1",
             "id": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
             "created": "2022-10-01T00:00:00.000Z", "name": "TLP:AMBER+STRICT",
             "extensions": {"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":
                            {"extension_type": "property-extension", "tlp_2_0": "amber+strict"}}}
            """;

    static JsonNode parse(String json) {
        return StixJson.MAPPER.readTree(json);
    }

    /** A fresh copy of the valid object of {@code type}. */
    static ObjectNode valid(String type) {
        String json = VALID.get(type);
        if (json == null) {
            throw new IllegalArgumentException("no fixture for " + type);
        }
        return (ObjectNode) parse(json);
    }

    /** The valid object of {@code type} with one change. */
    static ObjectNode valid(String type, Consumer<ObjectNode> change) {
        ObjectNode o = valid(type);
        change.accept(o);
        return o;
    }
}
