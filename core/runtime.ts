// The Runtime seam: where nodes live. Everything above core acts on a node only through a NodeHandle; the Docker
// implementation (runtime/docker) is the one place that knows containers exist.

export type NodeState = 'running' | 'paused' | 'stopped' | 'missing';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface FileEntry {
  /** Path inside the copied tree, without a leading "./". */
  name: string;
  type: 'file' | 'dir' | 'other';
  mode: number;
  data: Buffer;
}

export interface NodeStatus {
  state: NodeState;
  /** Exit code of the node's main process once it has stopped. */
  exitCode?: number;
}

/** One node: a machine-like unit with its own processes, files and network namespace. */
export interface NodeHandle {
  /** The node's name as faults and reports use it (n1, n2, …). */
  readonly name: string;
  status(): Promise<NodeStatus>;
  /** Runs a command inside the node and waits for it (refused while the node is paused or stopped). */
  exec(cmd: string[], opts?: { timeoutMs?: number }): Promise<ExecResult>;
  /**
   * Runs a host shell script inside the node's network namespace (host iptables, tc, …); works while the node is
   * paused. undefined when the node is not running (it has no namespace then).
   */
  inNetns(script: string, opts?: { timeoutMs?: number }): Promise<ExecResult | undefined>;
  /**
   * Host PID of a process in the node's network namespace (for host tools that enter it, e.g. `nsenter -t PID -n`).
   * It changes whenever the node restarts (a new namespace); undefined when the node is not running.
   */
  netnsPid(): Promise<number | undefined>;
  start(): Promise<void>;
  /** Clean shutdown: SIGTERM, then SIGKILL after `graceS` seconds. */
  stop(graceS: number): Promise<void>;
  restart(graceS: number): Promise<void>;
  /** Sends a signal to the node's main process (default SIGKILL). */
  kill(signal?: string): Promise<void>;
  /** Freezes every process of the node, and thaws them. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Writes (replaces) one file; works whether the node runs, is paused or stopped. */
  writeFile(path: string, content: Buffer | string, mode?: number): Promise<void>;
  /** Every entry under `path` (a file or a directory), or [] when it does not exist; works on stopped nodes. */
  readTree(path: string): Promise<FileEntry[]>;
  /** Copies the directory `path` into `destDir`, and the node's console output into `destDir/container-stdout.log`. */
  copyOut(path: string, destDir: string): Promise<void>;
  /** The last lines of the node's console output. */
  logTail(lines: number): Promise<string>;
  /** Host PIDs and command lines of the node's processes (works while paused). */
  processes(): Promise<Array<{ pid: number; args: string }>>;
}

/** One file's content, or undefined when it does not exist. */
export async function readNodeFile(node: NodeHandle, path: string): Promise<Buffer | undefined> {
  return (await node.readTree(path)).find((e) => e.type === 'file')?.data;
}

/** Runs a shell script inside the node. */
export const nodeShell = (node: NodeHandle, script: string, timeoutMs = 30_000): Promise<ExecResult> => node.exec(['sh', '-c', script], { timeoutMs });

/** Like nodeShell, but throws with the script's output when it exits non-zero. */
export async function nodeShellOk(node: NodeHandle, script: string, timeoutMs = 30_000): Promise<string> {
  const r = await nodeShell(node, script, timeoutMs);
  if (r.exitCode !== 0) throw new Error(`${node.name}: \`${script.slice(0, 80)}\` exited ${r.exitCode}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
  return r.stdout;
}

/** inNetns that throws with the script's output on failure, and when the node has no namespace. */
export async function netnsShellOk(node: NodeHandle, script: string): Promise<string> {
  const r = await node.inNetns(script);
  if (!r) throw new Error(`${node.name} is not running: no network namespace to change`);
  if (r.exitCode !== 0) throw new Error(`${node.name}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  return r.stdout;
}

/** What a node is made from: the runtime turns it into a container (or a VM, or a process group). */
export interface NodeRequest {
  /** Cluster this node belongs to (every node and network of a cluster is removed together). */
  cluster: string;
  name: string;
  hostname: string;
  image: string;
  network: string;
  ip: string;
  aliases: string[];
  env: Record<string, string>;
  cmd: string[];
  /** Host paths made visible in the node, read-only. */
  mounts: Array<{ host: string; node: string }>;
  /** Extra facts stored with the node, read back by `list` (e.g. the settings it was made with). */
  labels: Record<string, string>;
  capabilities: string[];
  devices: string[];
  extraHosts: string[];
}

export interface NetworkRequest {
  cluster: string;
  name: string;
  subnet: string;
  gateway: string;
}

/** A node the runtime knows of, as it lists them. */
export interface NodeRecord {
  cluster: string;
  name: string;
  state: NodeState;
  ip?: string;
  labels: Record<string, string>;
}

/** Where nodes live: Docker first (runtime/docker; a remote engine through DOCKER_HOST is a configuration). */
export interface Runtime {
  /** e.g. "docker unix:///var/run/docker.sock (Docker 20.10.24)". */
  readonly description: string;
  /** The image nodes start from: a named local image, or the default one (built when missing). */
  ensureImage(custom?: string): Promise<string>;
  createNetwork(req: NetworkRequest): Promise<void>;
  createNode(req: NodeRequest): Promise<NodeHandle>;
  /** A handle on an existing node of `cluster`. */
  node(cluster: string, name: string): NodeHandle;
  /** Nodes of one cluster (or of every cluster faultline made). */
  list(cluster?: string): Promise<NodeRecord[]>;
  /** Removes every node and network of `cluster` (all of faultline's when omitted). Idempotent. */
  remove(cluster?: string): Promise<{ nodes: number; networks: number }>;
  /** Security features of the engine that can block faults (e.g. "apparmor"). */
  securityFeatures(): Promise<string[]>;
}
