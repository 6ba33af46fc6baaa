// A node as a Docker container: the NodeHandle implementation (exec, files through the archive API, signals, freezer,
// the network namespace through nsenter with the container's host PID).
import type Docker from 'dockerode';
import { execa } from 'execa';
import type { ExecResult, FileEntry, NodeHandle, NodeStatus } from '../../core/runtime.ts';
import { collectFiles, demuxBuffer, execIn, isNotFound } from './containers.ts';
import { tarOneFile, untar } from './tar.ts';

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

export class DockerNode implements NodeHandle {
  constructor(
    private readonly docker: Docker,
    readonly name: string,
    /** The container's name, e.g. faultline-n1. */
    readonly container: string,
  ) {}

  private get c(): Docker.Container {
    return this.docker.getContainer(this.container);
  }

  async status(): Promise<NodeStatus> {
    try {
      const s = (await this.c.inspect()).State;
      if (s.Paused) return { state: 'paused' };
      if (s.Running) return { state: 'running' };
      return { state: 'stopped', exitCode: s.ExitCode };
    } catch {
      return { state: 'missing' };
    }
  }

  exec(cmd: string[], opts: { timeoutMs?: number } = {}): Promise<ExecResult> {
    return execIn(this.docker, this.container, cmd, opts);
  }

  async netnsPid(): Promise<number | undefined> {
    try {
      const pid = (await this.c.inspect()).State.Pid;
      return pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  async inNetns(script: string, opts: { timeoutMs?: number } = {}): Promise<ExecResult | undefined> {
    const pid = await this.netnsPid();
    if (pid === undefined) return undefined;
    const r = await execa('nsenter', ['-t', String(pid), '-n', '--', 'sh', '-c', script], { reject: false, timeout: opts.timeoutMs ?? 30_000 });
    return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  async start(): Promise<void> {
    await this.c.start();
  }

  async stop(graceS: number): Promise<void> {
    await this.c.stop({ t: graceS });
  }

  async restart(graceS: number): Promise<void> {
    await this.c.restart({ t: graceS });
  }

  async kill(signal = 'SIGKILL'): Promise<void> {
    await this.c.kill({ signal });
  }

  async pause(): Promise<void> {
    await this.c.pause();
  }

  async resume(): Promise<void> {
    await this.c.unpause();
  }

  async writeFile(path: string, content: Buffer | string, mode = 0o644): Promise<void> {
    await this.c.putArchive(tarOneFile(path.replace(/^\/+/, ''), content, mode), { path: '/' });
  }

  async readTree(path: string): Promise<FileEntry[]> {
    try {
      const archive = await this.c.getArchive({ path });
      return untar(await readStream(archive as unknown as NodeJS.ReadableStream));
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
  }

  copyOut(path: string, destDir: string): Promise<void> {
    return collectFiles(this.docker, this.container, path, destDir);
  }

  async logTail(lines: number): Promise<string> {
    const buf = (await this.c.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    return demuxBuffer(buf).toString('utf8').trim();
  }

  async processes(): Promise<Array<{ pid: number; args: string }>> {
    const top = (await this.c.top({ ps_args: '-eo pid,args' })) as { Titles: string[]; Processes: string[][] };
    const pidCol = top.Titles.findIndex((t) => t.toUpperCase() === 'PID');
    const argsCol = top.Titles.findIndex((t) => /^(ARGS|COMMAND|CMD)$/i.test(t));
    return top.Processes.map((p) => ({ pid: Number(p[pidCol]), args: p[argsCol] ?? '' }));
  }
}
