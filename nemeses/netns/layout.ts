// The part of a cluster network faults need: each node's address, and the clients' (the host's side of the bridge,
// and the client host container's when the clients run there).

export interface NetLayout {
  /** The host's address on the cluster network. */
  gateway: string;
  nodes: Array<{ name: string; ip: string }>;
  /** The client host container, when the clients run in one (--client-host container). */
  clientHost?: { ip: string };
}
