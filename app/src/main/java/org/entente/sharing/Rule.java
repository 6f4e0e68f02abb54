package org.entente.sharing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A condition on a stored label, already specialised for one caller. It has exactly two readings,
 * side by side in each record: {@link #test} in Java and {@link #sql} in SQL, so the decision point
 * and the query filter are one definition (and {@code SharingPolicySqlAgreementTest} checks they agree).
 */
sealed interface Rule {

    boolean test(LabelRow label);

    /** Renders the rule over the label columns of {@code alias} (e.g. "o.") or of no alias (""). */
    void sql(StringBuilder out, List<Object> params, String alias);

    /** Label columns of stix_object, with how to read them from a {@link LabelRow}. */
    enum Column {
        OWNER_ORG("owner_org"), OWNER_PARTICIPANT("owner_participant"), TLP("tlp"), AUDIENCE("audience"),
        AUDIENCE_TASK_FORCE("audience_task_force");

        final String name;

        Column(String name) {
            this.name = name;
        }

        Object read(LabelRow r) {
            return switch (this) {
                case OWNER_ORG -> r.ownerOrg();
                case OWNER_PARTICIPANT -> r.ownerParticipant();
                case TLP -> (long) r.tlp();
                case AUDIENCE -> r.audience();
                case AUDIENCE_TASK_FORCE -> r.audienceTaskForce();
            };
        }
    }

    enum ArrayColumn {
        AUDIENCE_PARTICIPANTS("audience_participants"), AUDIENCE_ORGS("audience_orgs");

        final String name;

        ArrayColumn(String name) {
            this.name = name;
        }

        long[] read(LabelRow r) {
            return this == AUDIENCE_PARTICIPANTS ? r.audienceParticipants() : r.audienceOrgs();
        }
    }

    record Const(boolean value) implements Rule {
        public boolean test(LabelRow l) {
            return value;
        }

        public void sql(StringBuilder out, List<Object> params, String alias) {
            out.append(value ? "true" : "false");
        }
    }

    /** column = value (a null column never equals anything, in both readings). */
    record Is(Column column, Object value) implements Rule {
        public boolean test(LabelRow l) {
            Object v = column.read(l);
            return v != null && v.equals(value);
        }

        public void sql(StringBuilder out, List<Object> params, String alias) {
            out.append(alias).append(column.name).append(" = ?");
            params.add(value);
        }
    }

    /** column is one of values. */
    record OneOf(Column column, Set<Long> values) implements Rule {
        public boolean test(LabelRow l) {
            Object v = column.read(l);
            return v != null && values.contains((Long) v);
        }

        public void sql(StringBuilder out, List<Object> params, String alias) {
            if (values.isEmpty()) {
                out.append("false");
                return;
            }
            out.append(alias).append(column.name).append(" = any (?)");
            params.add(values.toArray(Long[]::new));
        }
    }

    /** value is an element of the array column. */
    record Contains(ArrayColumn column, long value) implements Rule {
        public boolean test(LabelRow l) {
            return Arrays.stream(column.read(l)).anyMatch(x -> x == value);
        }

        public void sql(StringBuilder out, List<Object> params, String alias) {
            out.append("? = any (").append(alias).append(column.name).append(')');
            params.add(value);
        }
    }

    /** column <= bound (numeric). */
    record AtMost(Column column, long bound) implements Rule {
        public boolean test(LabelRow l) {
            return ((Long) column.read(l)) <= bound;
        }

        public void sql(StringBuilder out, List<Object> params, String alias) {
            out.append(alias).append(column.name).append(" <= ?");
            params.add(bound);
        }
    }

    record And(List<Rule> all) implements Rule {
        And(Rule... all) {
            this(List.of(all));
        }

        public boolean test(LabelRow l) {
            return all.stream().allMatch(r -> r.test(l));
        }

        public void sql(StringBuilder out, List<Object> params, String alias) {
            join(" and ", all, out, params, alias);
        }
    }

    record Or(List<Rule> any) implements Rule {
        Or(Rule... any) {
            this(List.of(any));
        }

        public boolean test(LabelRow l) {
            return any.stream().anyMatch(r -> r.test(l));
        }

        public void sql(StringBuilder out, List<Object> params, String alias) {
            join(" or ", any, out, params, alias);
        }
    }

    private static void join(String op, List<Rule> rules, StringBuilder out, List<Object> params, String alias) {
        out.append('(');
        List<Rule> list = new ArrayList<>(rules);
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(op);
            }
            list.get(i).sql(out, params, alias);
        }
        if (list.isEmpty()) {
            out.append(op.contains("and") ? "true" : "false");
        }
        out.append(')');
    }
}
