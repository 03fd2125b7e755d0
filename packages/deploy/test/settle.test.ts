/** Settling a file's revision: reuse the service's revision or the family's latest identical one, else register. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { MemoryLogger } from '../../runtime/index.js';
import { deploy } from '../engine.js';
import { ARN, deployOptions, FakeAws } from './fake-aws.js';

const dir = mkdtempSync(join(tmpdir(), 'deploy-settle-'));

/** A task-definition file of family web whose one container runs `image`. */
function file(image: string): string {
  const path = join(dir, `${image.replace(/\W/g, '_')}.json`);
  writeFileSync(
    path,
    JSON.stringify({ family: 'web', containerDefinitions: [{ name: 'app', image, essential: true }] }),
  );
  return path;
}

/** The service runs web:1; `latest` is the family's latest ACTIVE revision (as run-task may have registered). */
async function deployFile(path: string, latest: number) {
  const aws = new FakeAws({ runningAt: 20, completedAt: 40 });
  aws.ecsMock.on(DescribeTaskDefinitionCommand, { taskDefinition: 'web' }).resolves({
    taskDefinition: {
      taskDefinitionArn: ARN(latest),
      family: 'web',
      revision: latest,
      status: 'ACTIVE',
      containerDefinitions: [{ name: 'app', image: `repo/web:v${latest}`, essential: true }],
    },
    tags: [],
  });
  const log = new MemoryLogger();
  const result = await deploy(deployOptions({ taskDefinition: { kind: 'file', path } }), {
    clients: aws.clients,
    clock: aws.clock,
    log,
    http: () => Promise.reject(new Error('no HTTP in this test')),
  });
  const updates = aws.calls.filter((c) => c.op === 'UpdateService').map((c) => c.input);
  return { aws, log, result, updates };
}

describe('deploy of a task-definition file', () => {
  it('reuses the family’s latest revision when the file is identical to it, and keeps the service’s as previous', async () => {
    const { aws, log, result, updates } = await deployFile(file('repo/web:v2'), 2);
    expect(aws.ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    expect(log.text()).toContain(
      "reusing web:2, the family's latest revision, identical to the file (previous: web:1)",
    );
    expect(updates).toEqual([expect.objectContaining({ taskDefinition: ARN(2) })]);
    expect(result.status).toBe('succeeded');
    expect(result.report).toMatchObject({
      registered: false,
      taskDefinition: { arn: ARN(2), revision: 2 },
      previousTaskDefinition: { arn: ARN(1), revision: 1 },
    });
  });

  it('registers when the file differs from both the service’s revision and the family’s latest', async () => {
    const { aws, log, result, updates } = await deployFile(file('repo/web:v3'), 2);
    expect(aws.ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1);
    expect(aws.ecsMock.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input).toMatchObject({
      family: 'web',
      containerDefinitions: [{ name: 'app', image: 'repo/web:v3' }],
    });
    expect(log.text()).not.toContain('reusing');
    expect(updates).toHaveLength(1);
    expect(result.report).toMatchObject({ registered: true, previousTaskDefinition: { revision: 1 } });
  });

  it('reuses the service’s own revision when the file is identical to it, whatever the latest is', async () => {
    const { aws, log, updates, result } = await deployFile(file('repo/web:v1'), 2);
    expect(aws.ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    expect(log.text()).toContain('identical to the running web:1');
    expect(updates).toEqual([]);
    expect(result.report).toMatchObject({ registered: false, taskDefinition: { arn: ARN(1) } });
  });
});
