/** CloudWatch alarms named by the user must stay out of ALARM through the rollout and the bake time. */
import { fail, pass, wait, type GateContext, type Observation, type Verdict } from '../observation.js';

export function alarmsGate(
  obs: Pick<Observation, 'alarms'>,
  ctx: Pick<GateContext, 'ignoredAlarms' | 'clearingAlarms'>,
): Verdict {
  const firing = obs.alarms.find(
    (a) => a.state === 'ALARM' && !ctx.ignoredAlarms.has(a.name) && !ctx.clearingAlarms?.has(a.name),
  );
  if (firing) {
    return fail({
      gate: 'alarms',
      summary: `alarm ${firing.name} is in ALARM${firing.reason ? `: ${firing.reason}` : ''}`,
      alarmName: firing.name,
    });
  }
  // Alarms that fired before a rollback began must clear: wait for them, while new ones fail at once.
  const clearing = obs.alarms.find((a) => a.state === 'ALARM' && ctx.clearingAlarms?.has(a.name));
  if (clearing) return wait(`alarm ${clearing.name} is still in ALARM from before: waiting for it to clear`);
  return pass(obs.alarms.length ? `${obs.alarms.length} alarm(s) OK` : 'no alarms');
}
