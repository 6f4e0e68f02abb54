package org.entente.sharing;

import static org.entente.sharing.Rule.ArrayColumn.AUDIENCE_ORGS;
import static org.entente.sharing.Rule.ArrayColumn.AUDIENCE_PARTICIPANTS;
import static org.entente.sharing.Rule.Column.AUDIENCE;
import static org.entente.sharing.Rule.Column.AUDIENCE_TASK_FORCE;
import static org.entente.sharing.Rule.Column.OWNER_ORG;
import static org.entente.sharing.Rule.Column.OWNER_PARTICIPANT;
import static org.entente.sharing.Rule.Column.TLP;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.entente.community.Caller;
import org.entente.community.Community;
import org.entente.community.Permission;
import org.entente.community.Tier;
import org.entente.stix.Tlp;
import org.springframework.stereotype.Service;

/**
 * The one decision point for every disclosure of intelligence. A caller may see a stored version when
 * they hold {@code intel.read} and either belong to the owner's organisation, or pass all three named
 * policies, the most restrictive winning:
 * <ol>
 *   <li><b>audience</b>: the caller's participant, organisation, tier or task force is in it;</li>
 *   <li><b>marking</b>: TLP:RED reaches only recipients the owner named individually;</li>
 *   <li><b>ceiling</b>: the TLP is not above what the caller's tier may ever receive.</li>
 * </ol>
 * Each policy is a {@link Rule} built for the caller; {@link #decide} evaluates it in Java and
 * {@link #filter} renders the very same rules as SQL for queries that must filter many objects.
 * See docs/SHARING_POLICY.md.
 */
@Service
public class SharingPolicy {

    private final Community community;

    SharingPolicy(Community community) {
        this.community = community;
    }

    /** One named policy, specialised for a caller, with the reason it gives when it refuses. */
    record Named(String name, Rule rule, String refusal) {
    }

    public Decision decide(Caller caller, SharingLabel label) {
        return decide(caller, LabelRow.of(label), community.ceilings());
    }

    Decision decide(Caller caller, LabelRow label, Map<Tier, Tlp> ceilings) {
        if (!caller.has(Permission.INTEL_READ)) {
            return DecisionMetrics.denied(new Decision.Denied("permission", "the caller does not hold intel.read"));
        }
        if (owner(caller).test(label)) {
            return DecisionMetrics.allowed("owner", new Decision.Allowed("the caller's organisation owns it"));
        }
        for (Named policy : policies(caller, ceilings)) {
            if (!policy.rule().test(label)) {
                return DecisionMetrics.denied(new Decision.Denied(policy.name(), policy.refusal()));
            }
        }
        return DecisionMetrics.allowed("audience", new Decision.Allowed("in its audience (" + label.audience() + "), TLP:"
                + Tlp.values()[label.tlp()].label().toUpperCase() + " within the " + caller.tier().code() + " ceiling"));
    }

    public SqlFilter filter(Caller caller) {
        return filter(caller, "");
    }

    /** The filter over the label columns of a table alias, e.g. {@code "o."}. */
    public SqlFilter filter(Caller caller, String alias) {
        return filter(caller, community.ceilings(), alias);
    }

    /**
     * The filter over several aliases of one query (e.g. {@code "r."} and {@code "o."} of a join): the
     * caller's rule is built once, from one reading of the ceilings, and rendered for each alias.
     */
    public List<SqlFilter> filters(Caller caller, String... aliases) {
        return filters(rule(caller, community.ceilings()), aliases);
    }

    /** The filters of exactly this visibility class (the rule it holds, not one built again). */
    public List<SqlFilter> filters(Visibility visibility, String... aliases) {
        return filters(visibility.rule(), aliases);
    }

    private static List<SqlFilter> filters(Rule rule, String... aliases) {
        List<SqlFilter> out = new ArrayList<>(aliases.length);
        for (String alias : aliases) {
            StringBuilder sql = new StringBuilder();
            List<Object> params = new ArrayList<>();
            rule.sql(sql, params, alias);
            out.add(new SqlFilter(sql.toString(), params));
        }
        return out;
    }

    /**
     * The caller's visibility class: what every filter of this policy for them is made of. Callers with
     * equal visibilities get identical answers from {@link #filter}/{@link #filters}, so caches of
     * filtered answers key on it (the TAXII page cache, docs/adr/0007-taxii-page-cache.md).
     */
    public Visibility visibility(Caller caller) {
        return new Visibility(rule(caller, community.ceilings()));
    }

    SqlFilter filter(Caller caller, Map<Tier, Tlp> ceilings, String alias) {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        rule(caller, ceilings).sql(sql, params, alias);
        return new SqlFilter(sql.toString(), params);
    }

    /**
     * Which organisations a label would reach: each organisation is tried as a reader (a caller of
     * that organisation holding intel.read). The share dialog's preview and the widening check use it.
     */
    public java.util.Set<org.entente.community.Ids.OrganisationId> recipients(SharingLabel label) {
        java.util.Set<org.entente.community.Ids.OrganisationId> out = new java.util.LinkedHashSet<>();
        decisionsByOrganisation(label).forEach((org, decision) -> {
            if (decision.allowed()) {
                out.add(org);
            }
        });
        return out;
    }

    /**
     * Every organisation of the community tried as a reader of {@code label} (a caller of that
     * organisation holding intel.read), with the decision and its reason: the share dialog's preview
     * says who receives it and, for those who do not, which policy (audience, marking, ceiling) refused.
     */
    public Map<org.entente.community.Ids.OrganisationId, Decision> decisionsByOrganisation(SharingLabel label) {
        Map<Tier, Tlp> ceilings = community.ceilings();
        var participants = community.participants().stream()
                .collect(Collectors.toMap(Community.Participant::id, p -> p));
        var taskForces = community.taskForces();
        LabelRow row = LabelRow.of(label);
        Map<org.entente.community.Ids.OrganisationId, Decision> out = new java.util.LinkedHashMap<>();
        for (Community.Organisation org : community.organisations()) {
            Community.Participant p = participants.get(org.participant());
            var memberOf = taskForces.stream().filter(t -> t.members().contains(p.id()))
                    .map(Community.TaskForce::id).collect(Collectors.toSet());
            Caller reader = new Caller(new org.entente.community.Ids.UserId(0), "preview", org.id(), p.id(), p.tier(),
                    memberOf, java.util.Set.of(Permission.INTEL_READ));
            out.put(org.id(), decide(reader, row, ceilings));
        }
        return out;
    }

    /** The whole policy as one rule: owner, or every named policy. */
    Rule rule(Caller caller, Map<Tier, Tlp> ceilings) {
        if (!caller.has(Permission.INTEL_READ)) {
            return new Rule.Const(false);
        }
        List<Rule> all = policies(caller, ceilings).stream().map(Named::rule).toList();
        return new Rule.Or(owner(caller), new Rule.And(all));
    }

    private static Rule owner(Caller caller) {
        return new Rule.Is(OWNER_ORG, caller.organisation().value());
    }

    List<Named> policies(Caller caller, Map<Tier, Tlp> ceilings) {
        return policies(caller.tier(), caller.participant().value(),
                caller.taskForces().stream().map(t -> t.value()).collect(Collectors.toSet()),
                new Rule.Contains(AUDIENCE_ORGS, caller.organisation().value()), ceilings);
    }

    // --- a participant as the recipient (a federation peer) ---------------------------------------------

    /**
     * What a participant as a whole may receive (a federation peer serving that participant): what at
     * least one of its organisations may read. It is the union of the organisation callers' rules: the
     * owner rule becomes "one of its organisations owns it", a named audience reaches it when it names
     * the participant or one of its organisations; audience, marking and the tier ceiling are the
     * participant's, exactly as for each of its organisations.
     */
    public Decision decide(ParticipantRecipient recipient, SharingLabel label) {
        return decide(recipient, LabelRow.of(label), community.ceilings());
    }

    Decision decide(ParticipantRecipient recipient, LabelRow label, Map<Tier, Tlp> ceilings) {
        if (owner(recipient).test(label)) {
            return DecisionMetrics.allowed("owner", new Decision.Allowed("one of the participant's organisations owns it"));
        }
        for (Named policy : policies(recipient, ceilings)) {
            if (!policy.rule().test(label)) {
                return DecisionMetrics.denied(new Decision.Denied(policy.name(), policy.refusal()));
            }
        }
        return DecisionMetrics.allowed("audience", new Decision.Allowed("in its audience (" + label.audience() + "), TLP:"
                + Tlp.values()[label.tlp()].label().toUpperCase() + " within the " + recipient.tier().code() + " ceiling"));
    }

    /** The same decision as SQL over the label columns of {@code alias}. */
    public SqlFilter filter(ParticipantRecipient recipient, String alias) {
        return filter(recipient, community.ceilings(), alias);
    }

    SqlFilter filter(ParticipantRecipient recipient, Map<Tier, Tlp> ceilings, String alias) {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        rule(recipient, ceilings).sql(sql, params, alias);
        return new SqlFilter(sql.toString(), params);
    }

    /** A participant of this node's community as a recipient, with its organisations and task forces. */
    public ParticipantRecipient recipient(org.entente.community.Ids.ParticipantId participant) {
        Community.Participant p = community.participants().stream().filter(x -> x.id().equals(participant)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown participant " + participant.value()));
        return new ParticipantRecipient(p.id(), p.tier(),
                community.taskForces().stream().filter(t -> t.members().contains(p.id())).map(Community.TaskForce::id)
                        .collect(Collectors.toSet()),
                community.organisations().stream().filter(o -> o.participant().equals(p.id())).map(Community.Organisation::id)
                        .collect(Collectors.toSet()));
    }

    Rule rule(ParticipantRecipient recipient, Map<Tier, Tlp> ceilings) {
        List<Rule> all = policies(recipient, ceilings).stream().map(Named::rule).toList();
        return new Rule.Or(owner(recipient), new Rule.And(all));
    }

    private static Rule owner(ParticipantRecipient recipient) {
        return new Rule.OneOf(OWNER_ORG, recipient.organisations().stream().map(o -> o.value()).collect(Collectors.toSet()));
    }

    private List<Named> policies(ParticipantRecipient r, Map<Tier, Tlp> ceilings) {
        List<Rule> orgs = r.organisations().stream().<Rule>map(o -> new Rule.Contains(AUDIENCE_ORGS, o.value())).toList();
        return policies(r.tier(), r.participant().value(), r.taskForces().stream().map(t -> t.value()).collect(Collectors.toSet()),
                new Rule.Or(orgs), ceilings);
    }

    /**
     * The three named policies for a reader of {@code tier}, of participant {@code participant}, in
     * {@code taskForces}; {@code namedOrganisation} says whether a named audience's organisations include
     * the reader (one organisation for a caller, any of them for a participant).
     */
    private static List<Named> policies(Tier tier, long participant, java.util.Set<Long> taskForces, Rule namedOrganisation,
                                        Map<Tier, Tlp> ceilings) {
        Tlp ceiling = ceilings.getOrDefault(tier, Tlp.CLEAR);
        Rule audience = new Rule.Or(
                new Rule.Is(AUDIENCE, "whole-community"),
                new Rule.And(new Rule.Const(tier == Tier.MEMBER), new Rule.Is(AUDIENCE, "all-members")),
                new Rule.And(new Rule.Const(tier != Tier.DIALOGUE_PARTNER), new Rule.Is(AUDIENCE, "members-and-observers")),
                new Rule.And(new Rule.Is(AUDIENCE, "own-participant"), new Rule.Is(OWNER_PARTICIPANT, participant)),
                new Rule.And(new Rule.Is(AUDIENCE, "task-force"), new Rule.OneOf(AUDIENCE_TASK_FORCE, taskForces)),
                new Rule.And(new Rule.Is(AUDIENCE, "named"), new Rule.Or(
                        new Rule.Contains(AUDIENCE_PARTICIPANTS, participant), namedOrganisation)));
        Rule marking = new Rule.Or(new Rule.AtMost(TLP, Tlp.AMBER_STRICT.ordinal()), new Rule.Is(AUDIENCE, "named"));
        Rule withinCeiling = new Rule.AtMost(TLP, ceiling.ordinal());
        return List.of(
                new Named("audience", audience, "the caller is not in the object's audience"),
                new Named("marking", marking, "TLP:RED reaches only the recipients its owner named"),
                new Named("ceiling", withinCeiling, "a " + tier.code() + " never receives above TLP:"
                        + ceiling.label().toUpperCase()));
    }
}
