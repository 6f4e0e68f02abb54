package org.entente.coordination;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The self-contained document of an adopted declaration ({@code GET /api/v1/coordination/declarations/{id}/document})
 * and its offline verification ({@code entente declaration verify FILE}): every full member listed must
 * have endorsed, with a signature by its own key (from the document's {@code keys}) over this
 * declaration, this version, the SHA-256 of this very text and the decision "endorse".
 *
 * <pre>
 * {"format": "entente-declaration/1", "declaration": ID, "title": ..., "state": "adopted", "version": N,
 *  "text": ..., "text_sha256": HEX, "members": [NAME, ...],
 *  "endorsements": [{"participant": NAME, "decision": "endorse", "key_id": HEX, "jws": ..., "at": ...}, ...],
 *  "support": [{"participant": NAME, "tier": ...}, ...],
 *  "keys": [{"key_id": HEX, "participant": NAME, "algorithm": "Ed25519", "public_key": BASE64 X.509}, ...]}
 * </pre>
 */
public final class DeclarationDocument {

    public static final String FORMAT = "entente-declaration/1";

    private DeclarationDocument() {
    }

    /** The verdict: valid or not, with one line per finding (the failing signatures and members named). */
    public record Report(boolean valid, String verdict, List<String> findings) {
    }

    public static Report verify(JsonNode doc) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (doc == null || !doc.isObject() || !FORMAT.equals(doc.path("format").asString(null))) {
            return invalid("not an Entente declaration document (format " + FORMAT + ")", List.of());
        }
        String id = doc.path("declaration").asString(null);
        String text = doc.path("text").asString(null);
        JsonNode versionNode = doc.path("version");
        if (id == null || text == null || !versionNode.canConvertToInt()) {
            return invalid("the document lacks its declaration id, version or text", List.of());
        }
        int version = versionNode.asInt();
        if (!"adopted".equals(doc.path("state").asString(null))) {
            problems.add("the document says the declaration is '" + doc.path("state").asString("?") + "', not adopted");
        }
        String hash = EndorsementSignatures.sha256Hex(text);
        if (!hash.equals(doc.path("text_sha256").asString(null))) {
            problems.add("the text was altered: its SHA-256 is " + hash + ", the document says "
                    + doc.path("text_sha256").asString("nothing"));
        }
        Map<String, JsonNode> keys = new HashMap<>();
        for (JsonNode k : doc.path("keys")) {
            keys.put(k.path("key_id").asString(""), k);
        }
        Set<String> members = new LinkedHashSet<>();
        for (JsonNode m : doc.path("members")) {
            members.add(m.asString(""));
        }
        if (members.isEmpty()) {
            problems.add("the document lists no full members");
        }
        Map<String, List<JsonNode>> byParticipant = new HashMap<>();
        for (JsonNode e : doc.path("endorsements")) {
            byParticipant.computeIfAbsent(e.path("participant").asString(""), x -> new ArrayList<>()).add(e);
        }
        int verified = 0;
        for (String member : members) {
            List<JsonNode> own = byParticipant.getOrDefault(member, List.of());
            if (own.isEmpty()) {
                problems.add("member " + member + ": no endorsement");
                continue;
            }
            if (own.size() > 1) {
                problems.add("member " + member + ": more than one endorsement");
                continue;
            }
            JsonNode e = own.get(0);
            String decision = e.path("decision").asString("");
            String jws = e.path("jws").asString(null);
            String kid = EndorsementSignatures.keyIdOf(jws);
            JsonNode key = kid == null ? null : keys.get(kid);
            if (key == null) {
                problems.add("member " + member + ": signature by a key the document does not contain");
                continue;
            }
            String keyOwner = key.path("participant").asString("");
            if (!keyOwner.equals(member)) {
                problems.add("member " + member + ": signed with " + keyOwner + "'s key, not its own");
                continue;
            }
            PublicKey publicKey;
            try {
                publicKey = EndorsementSignatures.decodePublicKey(key.path("public_key").asString(""));
            } catch (IllegalArgumentException ex) {
                problems.add("member " + member + ": its public key is unreadable");
                continue;
            }
            // The signed content is rebuilt from this document's own declaration, version and text, with
            // the decision "endorse": a signature made for anything else does not verify.
            byte[] payload = EndorsementSignatures.payload(id, version, hash, member, "endorse");
            switch (EndorsementSignatures.verify(jws, publicKey, member, payload)) {
                case EndorsementSignatures.Check.Verified v -> {
                    if (!"endorse".equals(decision)) {
                        problems.add("member " + member + ": its decision is '" + decision + "', not endorse");
                    } else {
                        verified++;
                    }
                }
                case EndorsementSignatures.Check.Rejected r -> problems.add("member " + member + ": invalid signature: " + r.reason());
            }
        }
        for (String other : byParticipant.keySet()) {
            if (!members.contains(other)) {
                notes.add("endorsement by " + other + " ignored: not a full member listed");
            }
        }
        for (JsonNode s : doc.path("support")) {
            notes.add("supported by " + s.path("participant").asString("?") + " (" + s.path("tier").asString("?")
                    + "; support does not count towards adoption)");
        }
        String title = doc.path("title").asString("");
        if (!problems.isEmpty()) {
            List<String> all = new ArrayList<>(problems);
            all.addAll(notes);
            return invalid("declaration \"" + title + "\" (" + id + ") version " + version + ": " + problems.size()
                    + " problem" + (problems.size() == 1 ? "" : "s"), all);
        }
        return new Report(true, "VALID: declaration \"" + title + "\" (" + id + ") version " + version + " adopted by all "
                + members.size() + " full members; " + verified + " signatures verified over text SHA-256 " + hash, notes);
    }

    private static Report invalid(String what, List<String> findings) {
        return new Report(false, "INVALID: " + what, findings);
    }
}
