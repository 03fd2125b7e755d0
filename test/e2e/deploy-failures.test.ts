/**
 * The bundled deploy action against failing releases on the simulator: each failure is caught by its gate,
 * the service goes back to the previous revision, and the step fails saying why.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { errorAnnotations } from '../helpers/run-action.js';
import {
  releaseFile,
  rev,
  runDeploy,
  serviceNow,
  startWorld,
  stopWorld,
  type World,
} from './deploy.helpers.js';

let world: World | undefined;
afterEach(async () => {
  await stopWorld(world);
  world = undefined;
});

function expectRolledBack(run: Awaited<ReturnType<typeof runDeploy>>, cause: RegExp): void {
  expect(run.exitCode).toBe(1);
  expect(run.outputs.status).toBe('rolled-back');
  expect(errorAnnotations(run)[0]?.message).toMatch(
    new RegExp(`^rolled back to backend:1.*: ${cause.source}`),
  );
  expect(run.report?.status).toBe('rolled-back');
  expect(rev(run.report?.rolledBackTo?.arn)).toBe('backend:1');
}

describe('deploy failures (bundled action on the simulator)', () => {
  it('crash loop: the first crashed task fails the deploy, the rollback restores backend:1, the log tail is redacted', async () => {
    // Slower simulated time, so the first crash is seen before ECS's circuit breaker (threshold 3) trips.
    world = await startWorld(
      [
        {
          match: { image: ':crash' },
          crash: { afterSeconds: 5, exitCode: 3 },
          logLines: [
            'Booting worker',
            'connecting with password hunter2-db-password',
            'django.db.utils.OperationalError: could not connect to server',
          ],
        },
      ],
      undefined,
      10,
    );
    const file = await releaseFile(world, 'backend', {
      image: 'repo/backend:crash',
      environment: [{ name: 'DB_PASSWORD', value: 'hunter2-db-password' }],
    });
    const run = await runDeploy(world, { 'task-definition': file });
    expectRolledBack(run, /container backend exited with code 3 \(EssentialContainerExited/);
    const cause = run.report!.cause!;
    expect(cause).toMatchObject({
      gate: 'tasks',
      container: 'backend',
      exitCode: 3,
      stopCode: 'EssentialContainerExited',
      logGroup: '/ecs/backend',
    });
    expect(cause.logStream).toMatch(/^ecs\/backend\/[0-9a-f]{32}$/);
    expect(cause.logLines).toContain('django.db.utils.OperationalError: could not connect to server');
    expect(cause.logLines).toContain('connecting with password ***');
    expect(run.summary).toContain('django.db.utils.OperationalError');
    expect(run.summary).not.toContain('hunter2-db-password');
    expect(run.report!.rolledBackBy).toBe('deploy');
    const service = await serviceNow(world);
    expect(rev(service.taskDefinition)).toBe('backend:1');
    expect(service.deployments).toHaveLength(1);
    expect(service.deployments![0]).toMatchObject({ rolloutState: 'COMPLETED', runningCount: 2 });
  });

  it('ECS circuit breaker rolling back by itself fails the step (never success)', async () => {
    world = await startWorld([{ match: { image: ':crash' }, crash: { afterSeconds: 2, exitCode: 137 } }]);
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:crash' });
    const run = await runDeploy(world, { 'task-definition': file, 'max-task-failures': '100' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('rolled-back');
    expect(run.report!.rolledBackBy).toBe('ECS');
    expect(run.report!.cause!.summary).toMatch(/circuit breaker/);
    expect(errorAnnotations(run)[0]?.message).toMatch(/^rolled back to backend:1 \(by ECS\): /);
    expect(world.sim.calls({ operation: 'UpdateService' })).toHaveLength(1);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:1');
  });

  it('ALB health checks failing: target-health names the reason code, rollback restores backend:1', async () => {
    world = await startWorld([
      {
        match: { image: ':unhealthy' },
        failsHealthCheck: {
          reason: 'Target.ResponseCodeMismatch',
          description: 'Health checks failed with these codes: [502]',
        },
      },
    ]);
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:unhealthy' });
    const run = await runDeploy(world, { 'task-definition': file });
    expectRolledBack(
      run,
      /.*\(Target\.ResponseCodeMismatch\): Health checks failed with these codes: \[502\]/,
    );
    expect(run.report!.cause).toMatchObject({
      targetHealthReason: 'Target.ResponseCodeMismatch',
      targetHealthDescription: 'Health checks failed with these codes: [502]',
    });
    expect(run.report!.cause!.targetGroupArn).toMatch(/targetgroup\/backend-tg\//);
    expect(run.summary).toContain('Target.ResponseCodeMismatch');
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:1');
  });

  it('an alarm firing during the bake time fails the deploy after a completed rollout', async () => {
    world = await startWorld([
      {
        match: { image: ':alarming' },
        alarm: { name: 'web-alb-5xx', afterSeconds: 150, reason: 'Threshold Crossed: 9 5xx' },
      },
    ]);
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:alarming' });
    const run = await runDeploy(world, {
      'task-definition': file,
      alarms: 'web-alb-5xx',
      'bake-time': '20s',
    });
    expectRolledBack(run, /alarm web-alb-5xx is in ALARM/);
    expect(run.report!.cause).toMatchObject({ gate: 'alarms', alarmName: 'web-alb-5xx' });
    expect(run.stdout).toMatch(/all gates passed: baking for 20s/);
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:1');
  });

  it('an alarm already in ALARM stops the deploy before anything changes', async () => {
    world = await startWorld();
    world.sim.setAlarmState('web-alb-5xx', 'ALARM', 'already bad');
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:v2' });
    const run = await runDeploy(world, { 'task-definition': file, alarms: 'web-alb-5xx' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('failed');
    expect(errorAnnotations(run)[0]?.message).toMatch(
      /alarm web-alb-5xx was already in ALARM before the deploy/,
    );
    expect(world.sim.calls({ operation: 'UpdateService' })).toHaveLength(0);
    expect(world.sim.calls({ operation: 'RegisterTaskDefinition' })).toHaveLength(0);
  });

  it('HTTP body mismatch fails the HTTP gate and rolls back', async () => {
    world = await startWorld([
      { match: { image: ':maintenance' }, http: { status: 200, body: 'under maintenance' } },
    ]);
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:maintenance' });
    const production = world.sim.listeners().production;
    const run = await runDeploy(world, {
      'task-definition': file,
      'health-check-url': `${production}/api/health`,
      'health-check-body': '^ok backend',
    });
    expectRolledBack(
      run,
      /GET .*\/api\/health: status 200 but the body did not match \/\^ok backend\/ \(got "under maintenance"\) \(3 times in a row\)/,
    );
    expect(run.report!.cause).toMatchObject({ gate: 'http', httpStatus: 200 });
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:1');
  });

  it('the timeout is honoured to the second and ends in a rollback', async () => {
    world = await startWorld([{ match: { image: ':slow' }, startSeconds: 3600 }]);
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:slow' });
    const run = await runDeploy(world, { 'task-definition': file, timeout: '4s' });
    expectRolledBack(run, /timed out after 4s/);
    expect(run.report!.cause!.gate).toBe('timeout');
    const deployed = run.report!.timeline.find((e) => /^updated service/.test(e.message))!;
    const failed = run.report!.timeline.find((e) => /^deploy failed/.test(e.message))!;
    const waited = Date.parse(failed.at) - Date.parse(run.report!.startedAt);
    expect(waited).toBeGreaterThanOrEqual(4000);
    expect(waited).toBeLessThan(5500);
    expect(deployed).toBeDefined();
    expect(rev((await serviceNow(world)).taskDefinition)).toBe('backend:1');
  });

  it('rollback: none leaves the service and fails, saying where it stands', async () => {
    world = await startWorld(
      [{ match: { image: ':crash' }, crash: { afterSeconds: 5, exitCode: 3 } }],
      undefined,
      10,
    );
    const file = await releaseFile(world, 'backend', { image: 'repo/backend:crash' });
    const run = await runDeploy(world, { 'task-definition': file, rollback: 'none' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('failed');
    expect(errorAnnotations(run)[0]?.message).toMatch(
      /^deploy of backend:2 to web\/backend failed: container backend exited with code 3.*rollback is off; the service was left as it is: PRIMARY deployment backend:2/,
    );
    expect(world.sim.calls({ operation: 'StopServiceDeployment' })).toHaveLength(0);
    expect(world.sim.calls({ operation: 'UpdateService' })).toHaveLength(1);
  });
});
