/** CloudWatch alarms named by the user must stay out of ALARM through the rollout and the bake time. */
import { fail, pass, type GateContext, type Observation, type Verdict } from '../observation.js';

export function alarmsGate(
  obs: Pick<Observation, 'alarms'>,
  ctx: Pick<GateContext, 'ignoredAlarms'>,
): Verdict {
  const firing = obs.alarms.find((a) => a.state === 'ALARM' && !ctx.ignoredAlarms.has(a.name));
  if (firing) {
    return fail({
      gate: 'alarms',
      summary: `alarm ${firing.name} is in ALARM${firing.reason ? `: ${firing.reason}` : ''}`,
      alarmName: firing.name,
    });
  }
  return pass(obs.alarms.length ? `${obs.alarms.length} alarm(s) OK` : 'no alarms');
}
