// What the driver observed about one producer.send, beyond the exception: whether the client rejected the record
// before it reached the producer's queue, whether the producer is transactional, its acks, and whether the record
// can have been sent more than once.
package faultline.driver.outcome;

public final class SendFacts {
    /** The error was delivered before send() returned, i.e. from the client's checks before the record accumulator. */
    public final boolean rejectedBeforeQueue;
    public final boolean transactional;
    /** acks=all: the leader answers after replication, so its answer may follow an append (produce purgatory). */
    public final boolean acksAll;
    /** At most one produce request carried the record: retries=0, or no record of the producer was retried meanwhile. */
    public final boolean singleAttempt;

    public SendFacts(boolean rejectedBeforeQueue, boolean transactional, boolean acksAll, boolean singleAttempt) {
        this.rejectedBeforeQueue = rejectedBeforeQueue;
        this.transactional = transactional;
        this.acksAll = acksAll;
        this.singleAttempt = singleAttempt;
    }
}
