package org.entente.stix.validation;

/**
 * Where a value sits inside the object being validated. Built while walking the tree but only turned
 * into an RFC 6901 JSON pointer when a violation is reported, so valid content costs no string work.
 */
final class Loc {

    static final Loc ROOT = new Loc(null, null, -1);

    private final Loc parent;
    private final String name;
    private final int index;

    private Loc(Loc parent, String name, int index) {
        this.parent = parent;
        this.name = name;
        this.index = index;
    }

    Loc child(String property) {
        return new Loc(this, property, -1);
    }

    Loc at(int i) {
        return new Loc(this, null, i);
    }

    /** The pointer relative to the object, e.g. {@code /external_references/0/source_name}. */
    String pointer() {
        if (parent == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        append(sb);
        return sb.toString();
    }

    private void append(StringBuilder sb) {
        if (parent == null) {
            return;
        }
        parent.append(sb);
        sb.append('/');
        if (name != null) {
            sb.append(Findings.token(name));
        } else {
            sb.append(index);
        }
    }

    @Override
    public String toString() {
        return pointer();
    }
}
