package dev.specter.reconcile;

/**
 * The slot a reconcile pass occupies among the passes allowed to run at once (which bounds the
 * database connections they can want). A pass gives it up while it waits on clouds, so passes
 * stuck on a slow site never keep other domains from being reconciled.
 */
public interface WorkSlot {
    WorkSlot NONE = new WorkSlot() {
        @Override
        public void release() {
        }

        @Override
        public void reacquire() {
        }
    };

    void release();

    void reacquire();
}
