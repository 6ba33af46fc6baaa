// `faultline cluster up|status|down`: a Kafka cluster to explore by hand or to run several tests against.
import type { Command } from 'commander';
import { createProgress } from '../../core/progress.ts';
import type { ClusterStatus } from '../../systems/kafka/cluster.ts';
import { loadDocker, loadKafkaCluster } from './lazy.ts';
import { renderCompose } from '../../systems/kafka/compose.ts';
import { nodeImageTag } from '../../runtime/docker/image.ts';
import { addClusterOptions, clusterOptionsFrom, type ClusterFlags } from './options.ts';

export function registerCluster(program: Command): void {
  const cluster = program.command('cluster').description('start, inspect and remove a Kafka KRaft cluster in Docker');

  addClusterOptions(
    cluster
      .command('up')
      .description('start a cluster (reuses a running one with the same settings, else replaces it) and wait until it serves')
      .option('--faketime', 'preload libfaketime into the brokers, so `faultline nemesis clock …` needs no restart', false),
  ).action(async (flags: ClusterFlags & { faketime: boolean }) => {
    const options = clusterOptionsFrom(flags, { faketime: flags.faketime });
    const progress = createProgress();
    const { clusterUp, clusterStatus } = await loadKafkaCluster();
    const runtime = await (await loadDocker()).dockerRuntime(progress);
    const c = await clusterUp(runtime, options, progress);
    const status = await clusterStatus(runtime, c.name);
    process.stdout.write(formatStatus(status) + `bootstrap  ${c.bootstrap.join(',')}\n`);
  });

  cluster
    .command('status')
    .description('show nodes, IPs, broker ids and the quorum leader, asked of the cluster itself')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }) => {
      const { clusterStatus } = await loadKafkaCluster();
      const runtime = await (await loadDocker()).dockerRuntime(createProgress({ quiet: !!opts.json }));
      const status = await clusterStatus(runtime);
      process.stdout.write(opts.json ? JSON.stringify(status) + '\n' : formatStatus(status));
      if (!status.exists) process.exitCode = 1;
    });

  cluster
    .command('compose')
    .description('print docker-compose.yml for the default topology (the committed file is this output)')
    .action(() => {
      process.stdout.write(renderCompose(nodeImageTag()));
    });

  cluster
    .command('down')
    .description('remove every container and network faultline made for the cluster')
    .action(async () => {
      const progress = createProgress();
      const { clusterDown } = await loadKafkaCluster();
      const runtime = await (await loadDocker()).dockerRuntime(progress);
      const removed = await clusterDown(runtime, progress);
      process.stdout.write(`removed ${removed.nodes} nodes and ${removed.networks} networks\n`);
    });
}

export function formatStatus(s: ClusterStatus): string {
  if (!s.exists) return `cluster ${s.cluster}: not running (no faultline containers)\n`;
  const lines = [
    `cluster    ${s.cluster} (Kafka ${s.version ?? '?'}, cluster id ${s.clusterId ?? '?'}, image ${s.image ?? '?'})`,
    ...s.nodes.map(
      (n) =>
        `  ${n.name.padEnd(4)} ${`${s.cluster}-${n.name}`.padEnd(16)} ${n.state.padEnd(8)} ${(n.ip ?? '-').padEnd(14)} ${n.roles.join('+')} ${n.nodeId}${s.brokers.includes(n.nodeId) ? ' registered' : ''}${s.quorumLeader === n.nodeId ? ', quorum leader' : ''}`,
    ),
    `brokers    ${s.brokers.length > 0 ? s.brokers.join(', ') : 'none answering'}`,
    `quorum     ${s.quorumLeader !== undefined ? `leader ${s.quorumLeader}, epoch ${s.quorumEpoch}, voters ${s.quorumVoters?.join(', ')}` : 'unknown'}`,
    ...(s.problem ? [`problem    ${s.problem}`] : []),
  ];
  return lines.join('\n') + '\n';
}
