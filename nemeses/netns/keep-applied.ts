// Keeps a node's network-namespace faults in place across restarts: a restarted container gets a new namespace
// without our rules, so while a fault is meant to be active we re-apply it whenever the node's init PID changes.
import type { ClusterNode } from '../../core/cluster.ts';
import type { Progress } from '../../core/progress.ts';
import { errorMessage } from '../../core/errors.ts';

type Apply = (node: ClusterNode) => Promise<void>;

const CHECK_EVERY_MS = 1000;

export class KeepApplied {
  private readonly desired = new Map<string, { node: ClusterNode; apply: Apply; pid?: number }>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(
    private readonly progress: Progress,
    private readonly label: string,
  ) {}

  /** Applies now (when the node runs) and again after every restart until `forget`/`clear`. */
  async keep(node: ClusterNode, apply: Apply): Promise<void> {
    const pid = await node.handle.netnsPid();
    if (pid !== undefined) await apply(node);
    this.desired.set(node.name, { node, apply, pid });
    this.timer ??= setInterval(() => void this.tick(), CHECK_EVERY_MS).unref();
  }

  /** Stops keeping anything; resolves once a re-apply already under way has finished (so a heal runs after it). */
  async clear(): Promise<void> {
    this.desired.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    while (this.ticking) await new Promise((r) => setTimeout(r, 20));
  }

  nodes(): ClusterNode[] {
    return [...this.desired.values()].map((d) => d.node);
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const d of this.desired.values()) {
        const pid = await d.node.handle.netnsPid();
        if (pid === undefined || pid === d.pid || this.desired.get(d.node.name) !== d) continue;
        try {
          await d.apply(d.node);
          if (d.pid !== undefined) this.progress.info(`${this.label}: ${d.node.name} restarted, fault re-applied`);
          d.pid = pid;
        } catch (e) {
          this.progress.warn(`${this.label}: re-applying on ${d.node.name} failed: ${errorMessage(e)}`);
        }
      }
    } finally {
      this.ticking = false;
    }
  }
}
