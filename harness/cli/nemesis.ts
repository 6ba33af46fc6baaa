// `faultline nemesis`: inject and heal faults by hand against a running cluster (`faultline cluster up`).
//   faultline nemesis <family> <action> [nodes...] [--option value]   e.g. partition one n1, clock skew n2 --offset 120
//   faultline nemesis heal       undo every family's faults, found on the cluster itself (works from a fresh process)
//   faultline nemesis status     list the faults found on the cluster
import type { Command } from 'commander';
import { NEMESES } from '../../nemeses/index.ts';
import type { FaultEnv, FaultFamily } from '../../nemeses/family.ts';
import { loadDocker, loadKafkaCluster } from './lazy.ts';
import { Random, randomSeed } from '../../core/generator/random.ts';
import type { NemesisOutcome } from '../../core/plugins.ts';
import { createProgress, type Progress } from '../../core/progress.ts';
import { EXIT, UserError, errorMessage } from '../../core/errors.ts';
import { flagText, Options } from '../../core/options.ts';
import { addSchemaFlags, schemaValues } from './plugin-flags.ts';

/** Every manual action's options, owned by "<family> <action>"; one flag per name. */
const actionFlags = () =>
  Object.values(NEMESES).flatMap((f) =>
    Object.entries(f.manual).flatMap(([action, m]) => (m.options ?? []).map((spec) => ({ owner: `${f.name} ${action}`, spec }))),
  );

function print(o: NemesisOutcome, json: boolean): void {
  const v = o.value;
  if (json) process.stdout.write(JSON.stringify(o) + '\n');
  else
    process.stdout.write(
      `${v.family} ${v.action}: ${o.type}${v.targets.length > 0 ? ` on ${v.targets.join(',')}` : ''}${v.detail !== undefined ? ` ${JSON.stringify(v.detail)}` : ''}${o.error ? ` (${o.error})` : ''}\n`,
    );
}

const exitFor = (outcomes: NemesisOutcome[]): number =>
  outcomes.some((o) => o.type === 'fail') ? EXIT.invalid : outcomes.some((o) => o.type === 'info') ? EXIT.unknown : EXIT.valid;

function familyNamed(name: string): FaultFamily {
  const f = NEMESES[name];
  if (!f) throw new UserError(`unknown nemesis family ${JSON.stringify(name)}; known: ${Object.keys(NEMESES).join(', ')} (or heal, status)`);
  return f;
}

/** Heals every family; each heal is independent, so one failing does not stop the others. */
export async function healEverything(env: FaultEnv): Promise<NemesisOutcome[]> {
  const out: NemesisOutcome[] = [];
  for (const f of Object.values(NEMESES)) {
    try {
      out.push(await f.heal(env));
    } catch (e) {
      out.push({ type: 'info', value: { family: f.name, action: 'heal', phase: 'stop', targets: [] }, error: errorMessage(e) });
    }
  }
  return out;
}

function helpText(): string {
  const lines = Object.values(NEMESES).flatMap((f) => [
    `  ${f.name}: ${f.description}`,
    ...Object.entries(f.manual).map(
      ([a, m]) => `    ${a.padEnd(14)} ${m.summary}${m.options?.length ? ` [${m.options.map((o) => flagText(o)).join('] [')}]` : ''}`,
    ),
    `    ${'heal'.padEnd(14)} undo this family's faults`,
  ]);
  return `\nFamilies and actions:\n${lines.join('\n')}\n`;
}

export function registerNemesis(program: Command): void {
  const cmd = program
    .command('nemesis')
    .description('inject or heal faults by hand on a running cluster: nemesis <family> <action> [nodes...], nemesis heal, nemesis status')
    .argument('<family>', 'a fault family, or heal / status')
    .argument('[action]', "the family's action (see below)")
    .argument('[nodes...]', 'node names, e.g. n1 n2')
    .option('--json', 'print outcomes as JSON lines')
    .option('--topic <name>', 'topic whose partition leaders count as "leader" targets (default: every non-internal topic)')
    .option('--seed <n>', 'seed for random choices')
    .addHelpText('after', helpText);
  addSchemaFlags(cmd, actionFlags());
  cmd.action(async (familyName: string, action: string | undefined, nodeNames: string[], opts: Record<string, string | boolean | undefined>) => {
    const progress: Progress = createProgress({ quiet: !!opts.json });
    const { attachCluster, listUserTopics } = await loadKafkaCluster();
    const cluster = await attachCluster(await (await loadDocker()).dockerRuntime(progress));
    const topic = opts.topic as string | undefined;
    const env: FaultEnv = { cluster, progress, topics: topic ? [topic] : await listUserTopics(cluster.bootstrap) };
    const json = !!opts.json;

    if (familyName === 'heal' || familyName === 'status') {
      if (action) throw new UserError(`nemesis ${familyName} takes no action`);
      if (familyName === 'heal') {
        const outcomes = await healEverything(env);
        for (const o of outcomes) print(o, json);
        process.exitCode = exitFor(outcomes);
      } else {
        const found = (
          await Promise.all(Object.values(NEMESES).map((f) => f.discover(env).catch((e) => [`${f.name}: cannot tell (${errorMessage(e)})`])))
        ).flat();
        process.stdout.write(json ? JSON.stringify(found) + '\n' : found.length > 0 ? found.join('\n') + '\n' : 'no faults found\n');
      }
      return;
    }

    const family = familyNamed(familyName);
    // `nemesis kill n1` = `nemesis kill kill n1`: a family's own-named action is its default.
    if (action && family.manual[familyName] && !family.manual[action] && action !== 'heal' && cluster.nodes.some((n) => n.name === action)) {
      nodeNames = [action, ...nodeNames];
      action = familyName;
    }
    if (!action) throw new UserError(`nemesis ${familyName}: name an action: ${[...Object.keys(family.manual), 'heal'].join(', ')}`);
    const targets = nodeNames.map((n) => {
      const node = cluster.nodes.find((x) => x.name === n);
      if (!node) throw new UserError(`no node ${n} in cluster ${cluster.name} (nodes: ${cluster.nodes.map((x) => x.name).join(', ')})`);
      return node;
    });
    if (action === 'heal') {
      const o = await family.heal(env);
      print(o, json);
      process.exitCode = exitFor([o]);
      return;
    }
    const manual = family.manual[action];
    if (!manual) throw new UserError(`nemesis ${familyName}: unknown action ${action}; known: ${[...Object.keys(family.manual), 'heal'].join(', ')}`);
    const owner = `${familyName} ${action}`;
    const options = Options.parse(manual.options ?? [], schemaValues(opts, actionFlags(), owner, `nemesis ${owner}`), `nemesis ${owner}`);
    const seed = opts.seed !== undefined ? Number(opts.seed) : randomSeed();
    const o = await manual.run(env, { targets, options, rng: new Random(seed) });
    print(o, json);
    process.exitCode = exitFor([o]);
  });
}
