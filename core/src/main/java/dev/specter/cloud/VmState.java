package dev.specter.cloud;

/** A VM's state as the cloud reports it, reduced to what the control loop needs. */
public enum VmState {
    PENDING, RUNNING, FAILED, STOPPING, TERMINATED;

    public boolean gone() {
        return this == TERMINATED;
    }
}
