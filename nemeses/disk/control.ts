// The faultfs control protocol (see fuse/faultfs.c): rule lines, the command line, and the daemon's status. Pure.

export const FAULTFS_DIR = '/var/lib/faultline/faultfs';
export const FAULTFS_BINARY = `${FAULTFS_DIR}/faultfs`;
export const RULES_FILE = `${FAULTFS_DIR}/rules`;
export const COMMAND_FILE = `${FAULTFS_DIR}/command`;
export const STATUS_FILE = `${FAULTFS_DIR}/status`;
/** What the disk nemesis has done to the node and not yet healed (JSON), so a fresh process can heal it. */
export const ACTIVE_FILE = `${FAULTFS_DIR}/active`;

export const FS_OPS = ['read', 'write', 'fsync', 'open', 'create', 'truncate', 'rename', 'unlink', 'mkdir', 'readdir', 'getattr', 'statfs'] as const;
export type FsOp = (typeof FS_OPS)[number];

export type DiskRule =
  | { kind: 'eio'; ops: FsOp[] | 'all'; probability: number; path?: string }
  | { kind: 'delay'; ops: FsOp[] | 'all'; ms: number; probability?: number; path?: string }
  | { kind: 'full' };

const opsText = (ops: FsOp[] | 'all'): string => (ops === 'all' ? 'all' : ops.join(','));

function pathArg(path: string | undefined): string {
  if (path === undefined) return '';
  if (!/^[A-Za-z0-9._/-]+$/.test(path)) throw new Error(`faultfs path filter ${JSON.stringify(path)}: letters, digits, . _ / - only`);
  return ` path=${path}`;
}

/** The rules file's text for a set of rules (empty text = no faults). */
export function renderRules(rules: DiskRule[]): string {
  return rules
    .map((r) => {
      if (r.kind === 'full') return 'full';
      if (r.kind === 'eio') return `eio ops=${opsText(r.ops)} p=${r.probability}${pathArg(r.path)}`;
      return `delay ops=${opsText(r.ops)} ms=${Math.round(r.ms)}${r.probability === undefined ? '' : ` p=${r.probability}`}${pathArg(r.path)}`;
    })
    .map((l) => `${l}\n`)
    .join('');
}

export const renderCommand = (id: string, verb: 'rollback'): string => `${id} ${verb}\n`;

export interface FaultfsStatus {
  ack: string;
  result: string;
  crashed: boolean;
  rules: number;
  values: Record<string, string>;
}

export function parseStatus(text: string): FaultfsStatus {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return { ack: values.ack ?? '', result: values.result ?? '', crashed: values.crashed === '1', rules: Number(values.rules ?? 0), values };
}
