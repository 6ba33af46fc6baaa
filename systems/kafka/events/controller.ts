// The active controller changing (3.9 and 4.x write the same line; every controller logs it as it learns the new
// epoch, and "(none)" while an election is under way, which is not a change of controller).
import type { Matcher } from './node-log.ts';

// 3.9:  [QuorumController id=1] In the new epoch 5, the leader is 2.
// 4.x:  [QuorumController id=1] In the new epoch 2, the leader is 2.
const NEW_EPOCH = /^\[QuorumController id=\d+\] In the new epoch (\d+), the leader is (\d+)\.$/;

export const matchController: Matcher = (line, origin) => {
  if (!line.message.includes('In the new epoch')) return undefined;
  const m = NEW_EPOCH.exec(line.message);
  if (!m) return undefined;
  return [{ kind: 'event', key: `controller-change:${m[1]}`, event: { kind: 'controller-change', ...origin, controller: Number(m[2]), epoch: Number(m[1]) } }];
};
