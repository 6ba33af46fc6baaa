// The test spec: every setting of a run, validated with zod, stored as spec.json so the run can be repeated exactly.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from './errors.ts';

/** The Kafka client libraries a run's workload clients can use (README "Clients"). */
export const KAFKA_CLIENTS = ['platformatic', 'java'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];
export const DEFAULT_KAFKA_CLIENT: KafkaClientName = 'platformatic';

/** Where the workload's clients run: in faultline's process on the host, or in a client container on the cluster network. */
export const CLIENT_HOSTS = ['host', 'container'] as const;
export type ClientHost = (typeof CLIENT_HOSTS)[number];

/** The one line for an unknown client name, from `--client` and from spec.json alike. */
export const unknownClientMessage = (name: unknown): string => `unknown client ${JSON.stringify(name)}; known: ${KAFKA_CLIENTS.join(', ')}`;

/** Broker settings a fault needs to fit a test run, under a name the report shows (never applied silently). */
const presetSchema = z.object({ name: z.string(), settings: z.record(z.string()), why: z.string() }).strict();
export type Preset = z.infer<typeof presetSchema>;

const kafkaSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('maven'), version: z.string() }),
  z.object({ kind: z.literal('dist'), path: z.string() }),
  z.object({ kind: z.literal('image'), image: z.string() }),
]);

export const testSpecSchema = z
  .object({
    // '+' because the default name joins composed nemeses with it (lost-writes-partition+kill).
    name: z.string().regex(/^[A-Za-z0-9._+-]+$/, 'letters, digits, dot, dash, plus and underscore only'),
    workload: z.string(),
    nemesis: z.array(z.string()),
    seed: z.number().int().nonnegative(),
    timeLimitS: z.number().positive(),
    rate: z.number().positive(),
    concurrency: z.number().int().positive().max(256),
    nemesisIntervalS: z.number().positive(),
    recoveryS: z.number().nonnegative(),
    finalReadTimeoutS: z.number().positive(),
    opTimeoutMs: z.number().int().positive(),
    killTarget: z.enum(['random', 'leader', 'controller', 'mixed']),
    keepCluster: z.boolean(),
    cluster: z.object({
      nodes: z.number().int().min(1).max(9),
      /** Dedicated KRaft controllers beside the brokers (absent or 0: combined mode). */
      controllers: z.number().int().min(0).max(5).optional(),
      source: kafkaSource,
      baseImage: z.string().optional(),
      brokerOverrides: z.record(z.string()),
      /** Named broker-setting presets of the selected faults; --broker-config settings win over them. */
      presets: z.array(presetSchema).optional(),
    }),
    /** Which Kafka client runs the workload's ops; spec.json files older than this field mean the default. */
    client: z
      .string()
      .default(DEFAULT_KAFKA_CLIENT)
      .refine(
        (c): c is KafkaClientName => (KAFKA_CLIENTS as readonly string[]).includes(c),
        (c) => ({ message: unknownClientMessage(c) }),
      ),
    /** Where the clients run (README "Clients"); spec.json files older than this field mean the host. */
    clientHost: z.enum(CLIENT_HOSTS).default('host'),
    workloadOptions: z.record(z.union([z.string(), z.number(), z.boolean()])),
    /** Fault family settings from `--<family>-<key>` flags, keyed `<family>-<key>` (see nemeses/options.ts). */
    nemesisOptions: z.record(z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict();

export type TestSpec = z.infer<typeof testSpecSchema>;

export function validateSpec(raw: unknown, origin: string): TestSpec {
  const r = testSpecSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new UserError(`${origin}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data;
}

export function readSpecFile(path: string): TestSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`${path}: not a readable JSON spec (${e instanceof Error ? e.message : e})`);
  }
  return validateSpec(raw, path);
}
