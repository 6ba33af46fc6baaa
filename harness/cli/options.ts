// Shared CLI option sets (build under test, cluster shape) and their conversion into validated settings.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { chooseSource, type KafkaSource } from '../../systems/kafka/source.ts';
import { parseBrokerOverrides } from '../../systems/kafka/broker-config.ts';
import { DEFAULT_KAFKA_VERSION } from '../../systems/kafka/versions.ts';
import { DEFAULT_NODES, MAX_CONTROLLERS, MAX_NODES, MIN_NODES, validateNodeCount } from '../../systems/kafka/topology.ts';
import type { ClusterOptions } from '../../systems/kafka/cluster.ts';
import { UserError } from '../../core/errors.ts';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function integerOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}`);
    }
    return n;
  };
}

export function positiveNumberOption(name: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a number greater than 0`);
    return n;
  };
}

/** --kafka / --kafka-dist / --image / --base-image / --nodes / --broker-config, and --fresh where a cluster can be reused. */
export function addClusterOptions(cmd: Command, opts: { reusable: boolean } = { reusable: true }): Command {
  cmd
    .addOption(
      new Option('--nodes <n>', `number of Kafka brokers (${MIN_NODES}-${MAX_NODES}); in combined mode each is also a controller`)
        .default(DEFAULT_NODES)
        .argParser(integerOption('--nodes', MIN_NODES, MAX_NODES)),
    )
    .addOption(
      new Option(
        '--controllers <n>',
        `dedicated KRaft controllers beside the brokers (0-${MAX_CONTROLLERS}; 0 = combined mode, every node broker and controller)`,
      )
        .default(0)
        .argParser(integerOption('--controllers', 0, MAX_CONTROLLERS)),
    )
    .option('--kafka <version>', `Kafka version resolved from Maven Central (default ${DEFAULT_KAFKA_VERSION})`)
    .option('--kafka-dist <dir|tgz>', "a Kafka distribution as Kafka's build produces it (bin/, libs/, config/)")
    .option('--image <name>', 'a local image that already contains Kafka at /opt/kafka (and Java)')
    .option('--base-image <name>', 'run nodes from this local image instead of the debootstrapped one (needs Java, iproute2, iptables, tini)')
    .option('--broker-config <key=value>', 'override a broker property (repeatable)', collect, [] as string[]);
  if (opts.reusable) cmd.option('--fresh', 'replace an existing cluster even if it matches', false);
  return cmd;
}

export interface ClusterFlags {
  nodes: number;
  controllers?: number;
  kafka?: string;
  kafkaDist?: string;
  image?: string;
  baseImage?: string;
  brokerConfig: string[];
  fresh?: boolean;
}

export function clusterOptionsFrom(flags: ClusterFlags, extra: Partial<ClusterOptions> = {}): ClusterOptions {
  const source: KafkaSource = chooseSource(flags);
  if (flags.image && flags.baseImage) throw new UserError('--image and --base-image both name the node image; give only one');
  return {
    nodes: validateNodeCount(flags.nodes),
    controllers: flags.controllers ?? 0,
    source,
    baseImage: flags.baseImage,
    brokerOverrides: parseBrokerOverrides(flags.brokerConfig),
    fresh: !!flags.fresh,
    ...extra,
  };
}
