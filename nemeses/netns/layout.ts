// The part of a cluster network faults need: each node's address, and the host's (where the harness's clients are).

export interface NetLayout {
  /** The host's address on the cluster network. */
  gateway: string;
  nodes: Array<{ name: string; ip: string }>;
}
