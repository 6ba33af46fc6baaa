// What a request does to the cluster, which decides how its errors map to fail/info (see OutcomeRules).
package faultline.driver.outcome;

public enum OpKind {
    /** Changes nothing anywhere (poll, position, describe..., list...): any error is `fail`. */
    READ,
    /** Changes client-side state only (open, beginTransaction, assign, seek, subscribe): any error is `fail`. */
    LOCAL,
    /** Sends a request that may change the cluster (createTopics, electLeaders, commitSync, initTransactions, close...). */
    MUTATION,
    /** producer.send: classified with the facts of that send (OutcomeRules.classifySend). */
    SEND,
    /** producer.commitTransaction. */
    COMMIT,
    /** producer.abortTransaction. */
    ABORT
}
