/**
 * Load-balancer health of the release's tasks. A new target unhealthy after the service's health-check
 * grace period fails with the ELB's reason; old targets draining are the deployment working, not failing.
 */
import {
  fail,
  pass,
  servingTasks,
  wait,
  type GateContext,
  type Observation,
  type Verdict,
} from '../observation.js';

export function targetHealthGate(obs: Observation, _ctx: GateContext): Verdict {
  if (!obs.service.hasLoadBalancer) return pass('no load balancer');
  const graceMs = obs.service.healthCheckGracePeriodSeconds * 1000;
  const started = new Map(obs.tasks.map((t) => [t.arn, t.startedAt ?? t.createdAt]));
  const running = new Set(
    obs.tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus !== 'STOPPED').map((t) => t.arn),
  );
  for (const target of obs.targets) {
    if (target.state !== 'unhealthy' || !running.has(target.taskArn)) continue;
    if (obs.awsNow - (started.get(target.taskArn) ?? obs.awsNow) < graceMs) continue;
    return fail({
      gate: 'target-health',
      summary: `target ${target.id}${target.port ? `:${target.port}` : ''} is unhealthy${target.reason ? ` (${target.reason})` : ''}${target.description ? `: ${target.description}` : ''}`,
      taskArn: target.taskArn,
      targetGroupArn: target.targetGroupArn,
      ...(target.reason ? { targetHealthReason: target.reason } : {}),
      ...(target.description ? { targetHealthDescription: target.description } : {}),
    });
  }
  const serving = servingTasks(obs.tasks);
  // Targets are matched to tasks by IP (awsvpc, as on Fargate); without IPs there is nothing to match.
  if (serving.length && serving.every((t) => !t.ip))
    return pass('targets not matched: the tasks have no IP addresses');
  const healthy = serving.filter((t) =>
    obs.targets.some((g) => g.taskArn === t.arn && g.state === 'healthy'),
  );
  if (serving.length && healthy.length === serving.length) return pass(`${healthy.length} target(s) healthy`);
  return wait(`${healthy.length}/${serving.length} new target(s) healthy`);
}
