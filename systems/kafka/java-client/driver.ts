// The Java driver process: one JVM hosting every Java client of a run. Spawns it (driver jar + the distribution's
// libs/), waits for `ping`, matches responses to requests by id (many in flight, answered in any order), and shuts
// it down by closing its stdin. Its stderr (the clients' logging) is kept: the last lines for error messages, all of
// it in `stderrLog` when given.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { EnvironmentError } from '../../../core/errors.ts';
import type { Progress } from '../../../core/progress.ts';
import { driverClasspath, kafkaClientsJar } from './classpath.ts';
import { ensureDriverJar, type DriverJarOptions } from './driver-jar.ts';
import { DriverExited, DriverRequestTimeout, JavaClientError } from './errors.ts';
import { requireJava } from './host-tools.ts';
import { encodeRequest, parseResponseLine, PROTOCOL_VERSION, type DriverResponse } from './protocol.ts';

/**
 * Small heap and serial GC: the driver holds little (records are strings in flight), and the machine has 2 cores.
 * C1 only (TieredStopAtLevel=1): C2's compiler threads compete with the brokers and the harness for those cores
 * during a run's first tens of seconds; without them, 10 lost-writes producers flat out did 2074 and 1893 sends/s
 * against 1602 and 961 with C2 (alternating runs, scripts/java-workloads.ts), at ~100 instead of ~135 MiB RSS.
 */
export const DEFAULT_JVM_ARGS = ['-Xms32m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:+ExitOnOutOfMemoryError'];
const MAIN_CLASS = 'faultline.driver.Main';
const STDERR_TAIL_LINES = 40;

export interface JavaDriverOptions {
  /** Kafka distribution directory (with libs/) whose kafka-clients the driver runs. */
  kafkaHome: string;
  progress: Progress;
  jvmArgs?: string[];
  /** Level of the clients' logging on stderr (log4j2/reload4j level name). */
  logLevel?: 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
  /** File that receives the driver's stderr. */
  stderrLog?: string;
  /** Time allowed from spawn to the answer to `ping`. */
  readyTimeoutMs?: number;
  jar?: DriverJarOptions;
  /** Run the JVM in the network namespace of this host PID (the client host container's), entered with nsenter. */
  netnsPid?: number;
}

export interface PingResult {
  driver: string;
  protocol: number;
  kafkaClientsVersion: string | null;
  java: string;
  pid: number;
  /** IPv4 addresses of the interfaces the JVM sees, loopback left out. */
  addresses?: string[];
}

export interface DriverStats {
  rssBytes: number | null;
  heapUsedBytes: number;
  heapCommittedBytes: number;
  threads: number;
  handles: number;
  inFlightRequests: number;
}

interface Pending {
  op: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/** Everything `java` is started with, in order (exported for tests that drive the raw protocol). */
export function driverCommand(
  java: string,
  jar: string,
  kafkaHome: string,
  opts: { jvmArgs?: string[]; logLevel?: string } = {},
): { command: string; args: string[] } {
  return {
    command: java,
    args: [
      ...(opts.jvmArgs ?? DEFAULT_JVM_ARGS),
      '-Dlog4j2.configurationFile=faultline-driver-log4j2.properties',
      '-Dlog4j.configuration=faultline-driver-log4j.properties',
      `-Dfaultline.log.level=${opts.logLevel ?? 'WARN'}`,
      '-cp',
      driverClasspath(jar, kafkaHome),
      MAIN_CLASS,
    ],
  };
}

/**
 * Checks the distribution, Java and the driver jar (building it when needed) before anything is started, then
 * spawns the driver and waits until it answers `ping`.
 */
export async function startJavaDriver(opts: JavaDriverOptions): Promise<JavaDriver> {
  const clients = kafkaClientsJar(opts.kafkaHome);
  const java = requireJava();
  const jar = await ensureDriverJar(opts.progress, opts.jar);
  const direct = driverCommand(java, jar, opts.kafkaHome, opts);
  // nsenter -n execs the JVM after entering the namespace: same PID, so /proc and signals reach the JVM itself.
  const { command, args } =
    opts.netnsPid === undefined ? direct : { command: 'nsenter', args: ['-t', String(opts.netnsPid), '-n', '--', direct.command, ...direct.args] };
  const startedAt = performance.now();
  // A process group of its own: a terminal's Ctrl-C goes to faultline, which answers it by closing the driver in
  // order (stdin EOF) after healing; a faultline killed outright leaves the driver at EOF too, and it exits.
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const driver = new JavaDriver(child, opts.stderrLog);
  try {
    const ping = await driver.request<PingResult>('ping', {}, { timeoutMs: opts.readyTimeoutMs ?? 30_000 });
    if (ping.protocol !== PROTOCOL_VERSION)
      throw new EnvironmentError(`the Java driver speaks protocol ${ping.protocol}, faultline ${PROTOCOL_VERSION}: rebuild it (remove ${jar})`);
    driver.ready(ping, performance.now() - startedAt);
  } catch (e) {
    await driver.close();
    const tail = driver.stderrTail().slice(-3).join(' | ');
    throw new EnvironmentError(
      `the Java driver did not start (kafka-clients ${clients.version} from ${opts.kafkaHome}/libs): ${e instanceof Error ? e.message : String(e)}${tail ? ` — stderr: ${tail}` : ''}`,
    );
  }
  opts.progress.info(
    `Java driver ready in ${Math.round(driver.startupMs)} ms (pid ${driver.pid}, kafka-clients ${driver.kafkaClientsVersion}${opts.netnsPid === undefined ? '' : ', in the client host network namespace'})`,
  );
  return driver;
}

export class JavaDriver {
  readonly pid: number;
  /** Spawn to `ping` answered. */
  startupMs = NaN;
  kafkaClientsVersion: string | null = null;
  /** The JVM's interface addresses (from `ping`). */
  addresses: string[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly stderrLines: string[] = [];
  private exitReason: string | undefined;
  private closing = false;
  private readonly exited: Promise<number | null>;
  /** Responses no request was waiting for (a line the driver could not read names no id); at most 100 kept. */
  readonly unmatched: DriverResponse[] = [];
  /** Answers that came after their request's timeout (already rejected with DriverRequestTimeout). */
  lateAnswers = 0;
  private readonly timedOut = new Set<number>();

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly stderrLog?: string,
  ) {
    this.pid = child.pid ?? -1;
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => this.onLine(line));
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => this.onStderr(line));
    // Writes after the JVM died fail with EPIPE; the exit handler rejects what was pending.
    child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      child.on('error', (e) => {
        this.exitReason ??= `could not be started: ${e.message}`;
        this.failAll();
        resolve(null);
      });
      child.on('exit', (code, signal) => {
        this.exitReason ??= `exited (${signal ? `signal ${signal}` : `code ${code}`})`;
        this.failAll();
        resolve(code);
      });
    });
  }

  /** Called once `ping` answered. */
  ready(ping: PingResult, startupMs: number): void {
    this.startupMs = startupMs;
    this.kafkaClientsVersion = ping.kafkaClientsVersion;
    this.addresses = ping.addresses ?? [];
  }

  get running(): boolean {
    return this.exitReason === undefined;
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Sends one request; resolves with its result, rejects with a JavaClientError (the driver's classified Java
   * exception), a DriverRequestTimeout or DriverExited.
   */
  request<T>(op: string, args: Record<string, unknown> = {}, opts: { timeoutMs?: number } = {}): Promise<T> {
    if (this.exitReason !== undefined) return Promise.reject(new DriverExited(op, this.exitReason));
    if (this.closing) return Promise.reject(new DriverExited(op, 'is being closed'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { op, resolve: resolve as (v: unknown) => void, reject };
      if (opts.timeoutMs !== undefined) {
        entry.timer = setTimeout(() => {
          this.pending.delete(id);
          this.timedOut.add(id);
          reject(new DriverRequestTimeout(op, opts.timeoutMs!));
        }, opts.timeoutMs);
      }
      this.pending.set(id, entry);
      this.child.stdin.write(encodeRequest({ id, op, args }));
    });
  }

  /** Memory, threads and open handles of the driver JVM. */
  stats(): Promise<DriverStats> {
    return this.request<DriverStats>('driver.stats');
  }

  /** The last lines the driver wrote to stderr. */
  stderrTail(): string[] {
    return [...this.stderrLines];
  }

  /**
   * Ends the driver: closes stdin, upon which it answers or abandons what is in flight, closes every client and
   * exits. After `graceMs` it is killed. Resolves with the exit code (null when killed).
   */
  async close(graceMs = 10_000): Promise<number | null> {
    this.closing = true;
    if (this.exitReason === undefined) this.child.stdin.end();
    const timer = setTimeout(() => {
      this.exitReason ??= 'was killed after not exiting at close';
      this.child.kill('SIGKILL');
    }, graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private onLine(line: string): void {
    if (!line.trim()) return;
    let response: DriverResponse;
    try {
      response = parseResponseLine(line);
    } catch (e) {
      this.onStderr(`[protocol] ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const entry = typeof response.id === 'number' ? this.pending.get(response.id) : undefined;
    if (!entry && typeof response.id === 'number' && this.timedOut.delete(response.id)) {
      this.lateAnswers++;
      return;
    }
    if (!entry) {
      if (this.unmatched.length < 100) this.unmatched.push(response);
      return;
    }
    this.pending.delete(response.id as number);
    clearTimeout(entry.timer);
    if (response.ok) entry.resolve(response.result);
    else entry.reject(new JavaClientError(entry.op, response.error));
  }

  private onStderr(line: string): void {
    this.stderrLines.push(line);
    if (this.stderrLines.length > STDERR_TAIL_LINES) this.stderrLines.shift();
    if (this.stderrLog) appendFileSync(this.stderrLog, line + '\n');
  }

  private failAll(): void {
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new DriverExited(entry.op, this.exitReason ?? 'exited'));
      this.pending.delete(id);
    }
  }
}
