// Timeouts for @platformatic/kafka clients derived from the run's op timeout, so that a request to a dead broker fails
// inside the op (the client's own requestTimeout default is 30 s, far beyond any op timeout).

export interface ClientTimeouts {
  connectTimeout: number;
  /** One request on the wire. */
  requestTimeout: number;
  /** Broker-side wait of a produce (acks=all) and the transaction timeout sent in InitProducerId. */
  timeout: number;
  retryDelay: number;
}

export function clientTimeouts(opTimeoutMs: number): ClientTimeouts {
  return {
    connectTimeout: Math.min(2000, Math.max(500, Math.floor(opTimeoutMs / 5))),
    requestTimeout: Math.min(5000, Math.max(1000, Math.floor(opTimeoutMs / 3))),
    timeout: Math.max(1000, opTimeoutMs - 500),
    retryDelay: 200,
  };
}
