package org.entente.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.coordination.OperationState.ABORTED;
import static org.entente.coordination.OperationState.ACTIVE;
import static org.entente.coordination.OperationState.CONCLUDED;
import static org.entente.coordination.OperationState.PROPOSED;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** A joint operation against a ransomware campaign on member states' border services, and its tasks. */
class OperationLifecycleTest {

    @Test
    void anOperationIsProposedActivatedAndConcludedOrAborted() {
        assertThat(PROPOSED.to(ACTIVE)).isInstanceOf(Transition.Allowed.class);
        assertThat(ACTIVE.to(CONCLUDED)).isInstanceOf(Transition.Allowed.class);
        assertThat(PROPOSED.to(ABORTED)).isInstanceOf(Transition.Allowed.class);
        assertThat(ACTIVE.to(ABORTED)).isInstanceOf(Transition.Allowed.class);
    }

    @Test
    void everyIllegalOperationTransitionIsRefusedWithItsReason() {
        Map<OperationState, Set<OperationState>> legal = Map.of(PROPOSED, Set.of(ACTIVE, ABORTED), ACTIVE, Set.of(CONCLUDED, ABORTED),
                CONCLUDED, Set.of(), ABORTED, Set.of());
        Map<String, String> expected = Map.of(
                "proposed->proposed", "is proposed already",
                "proposed->concluded", "only an active operation can be concluded",
                "active->proposed", "never goes back to proposed",
                "active->active", "is active already");
        int refused = 0;
        for (OperationState from : OperationState.values()) {
            for (OperationState to : OperationState.values()) {
                Transition t = from.to(to);
                if (legal.get(from).contains(to)) {
                    assertThat(t).isInstanceOf(Transition.Allowed.class);
                    continue;
                }
                refused++;
                Transition.Refused r = (Transition.Refused) t;
                assertThat(r.from()).isEqualTo(from.code());
                assertThat(r.to()).isEqualTo(to.code());
                assertThat(r.reason()).as(from + "->" + to)
                        .contains(from.isFinal() ? "a " + from.code() + " operation is closed for good" : expected.get(from.code() + "->" + to.code()));
            }
        }
        assertThat(refused).isEqualTo(12);
    }

    @Test
    void everyIllegalTaskTransitionIsRefused() {
        Map<TaskState, Set<TaskState>> legal = Map.of(
                TaskState.OPEN, Set.of(TaskState.IN_PROGRESS, TaskState.DONE, TaskState.CANCELLED),
                TaskState.IN_PROGRESS, Set.of(TaskState.DONE, TaskState.CANCELLED),
                TaskState.DONE, Set.of(), TaskState.CANCELLED, Set.of());
        for (TaskState from : TaskState.values()) {
            for (TaskState to : TaskState.values()) {
                Transition t = from.to(to);
                assertThat(t instanceof Transition.Allowed).as(from + "->" + to).isEqualTo(legal.get(from).contains(to));
                if (t instanceof Transition.Refused r) {
                    assertThat(r.reason()).isNotBlank();
                }
            }
        }
    }
}
