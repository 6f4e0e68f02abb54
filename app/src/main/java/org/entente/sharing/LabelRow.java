package org.entente.sharing;

/** A sharing label as stored: the columns of stix_object the policy reads. */
record LabelRow(long ownerOrg, long ownerParticipant, int tlp, String audience, Long audienceTaskForce,
                long[] audienceParticipants, long[] audienceOrgs) {

    static LabelRow of(SharingLabel label) {
        Audience a = label.audience();
        return new LabelRow(label.owner().value(), label.ownerParticipant().value(), label.tlp().ordinal(), a.code(),
                a instanceof Audience.TaskForce tf ? tf.taskForce().value() : null,
                a instanceof Audience.Named n ? n.participants().stream().mapToLong(p -> p.value()).toArray() : new long[0],
                a instanceof Audience.Named n ? n.organisations().stream().mapToLong(o -> o.value()).toArray() : new long[0]);
    }
}
