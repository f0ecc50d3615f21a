package io.hasp.faults.nemesis;

import java.util.Random;

/**
 * Moves the lock's hash slot, with its keys, to another primary of the cluster while the workers contend for it
 * ({@code MIGRATING}/{@code IMPORTING}, {@code MIGRATE}, {@code SETSLOT NODE}): clients meet {@code ASK} and
 * {@code MOVED} redirects, and the lock must stay exclusive. Nothing is lost, so nothing is excused. Claims the group.
 */
final class MoveLockSlot extends GroupNemesis {

    @Override
    public String kind() {
        return "move-slot";
    }

    @Override
    void hit(Deployment deployment, FailoverGroup group, Random random) {
        int id = deployment.faults().begin(kind() + " node:" + group.lockPrimary().port());
        try {
            group.moveLockSlot(random);
        } finally {
            deployment.faults().end(id);
        }
    }
}
