/**
 * Exactly one registration: RegisterTaskDefinition is sent once per attempt, and after an answer that may
 * have been lost the family's latest revision is checked before registering again.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  ClientException,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  ServerException,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { explainAwsError } from '../../aws/index.js';
import { normalizeForRegister, type LoadedTaskDefinition, type Tag } from '../../task-definition/index.js';
import {
  REGISTER_ATTEMPTS,
  REGISTER_BACKOFF_MS,
  Revisions,
  THROTTLED_BACKOFF_MAX_MS,
  THROTTLED_PATIENCE_MS,
  type Settlement,
} from '../revisions.js';

const ecsMock = mockClient(ECSClient);
const meta = { $metadata: {} };
const ARN = (n: number) => `arn:aws:ecs:eu-west-1:111122223333:task-definition/backend:${n}`;

const running: TaskDefinition = {
  taskDefinitionArn: ARN(7),
  family: 'backend',
  revision: 7,
  status: 'ACTIVE',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '512',
  memory: '1024',
  containerDefinitions: [{ name: 'backend', image: 'repo/backend:v1', essential: true }],
};
const file: LoadedTaskDefinition = {
  taskDefinition: {
    ...normalizeForRegister(running),
    containerDefinitions: [{ name: 'backend', image: 'repo/backend:v2', essential: true }],
  },
  tags: [{ key: 'team', value: 'web' }],
};
const runTags: Tag[] = [{ key: 'ecs-deploy-actions:run-id', value: '42' }];
const tags = [...file.tags, ...runTags];
const registered = (n: number): TaskDefinition => ({
  ...running,
  ...file.taskDefinition,
  taskDefinitionArn: ARN(n),
  revision: n,
  status: 'ACTIVE',
});

/** A settlement as settle() makes it: the file differs from backend:7, the family's latest. */
const settlement = (): Extract<Settlement, { kind: 'register' }> => ({
  kind: 'register',
  file,
  tags,
  latest: { td: running, tags: [], info: { ref: { arn: ARN(7) } } as never },
});

/** Node's error for a connection cut before the answer, as the SDK's HTTP handler raises it. */
const reset = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' });
const timeout = () =>
  Object.assign(new Error('a request has exceeded the configured 1500 ms requestTimeout.'), {
    name: 'TimeoutError',
    code: 'ETIMEDOUT',
  });
const throttled = () =>
  Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 },
  });

let slept: number[];
/** Jitter at its top: waits are the full doubling step. */
let jitter = () => 1;
const revisions = () =>
  new Revisions(
    new ECSClient({ region: 'eu-west-1' }),
    'eu-west-1',
    (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    () => jitter(),
  );

beforeEach(() => {
  ecsMock.reset();
  slept = [];
});

describe('Revisions.register', () => {
  it('registers once when the first attempt answers', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({ ...meta, taskDefinition: registered(8), tags });
    const out = await revisions().register(settlement());
    expect(out.info.ref.arn).toBe(ARN(8));
    expect(out.recovered).toBeUndefined();
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1);
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input.tags).toEqual(tags);
    expect(slept).toEqual([]);
  });

  it('a reset after the registration landed reuses the revision it made: no second registration', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).rejects(reset());
    ecsMock
      .on(DescribeTaskDefinitionCommand, { taskDefinition: 'backend', include: ['TAGS'] })
      .resolves({ ...meta, taskDefinition: registered(8), tags: [...tags].reverse() });
    const out = await revisions().register(settlement());
    expect(out.info.ref.arn).toBe(ARN(8));
    expect(out.recovered).toMatch(/answer was lost \(reset\); backend:8, which it registered, is reused/);
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1);
    expect(slept).toEqual([REGISTER_BACKOFF_MS]);
  });

  it('a timeout whose registration landed late is found after the wait', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).rejects(timeout());
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ ...meta, taskDefinition: registered(8), tags });
    const out = await revisions().register(settlement());
    expect(out.info.ref.arn).toBe(ARN(8));
    expect(out.recovered).toMatch(/\(timeout\)/);
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1);
  });

  it('a reset before anything landed registers again', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejectsOnce(reset())
      .resolves({ ...meta, taskDefinition: registered(8), tags });
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ ...meta, taskDefinition: running, tags: [] });
    const out = await revisions().register(settlement());
    expect(out.info.ref.arn).toBe(ARN(8));
    expect(out.recovered).toBeUndefined();
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(2);
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(1);
  });

  it('a server error is treated as a lost answer too: look, then register again', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejectsOnce(new ServerException({ message: 'We encountered an internal error.', $metadata: {} }))
      .resolves({ ...meta, taskDefinition: registered(8), tags });
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ ...meta, taskDefinition: running, tags: [] });
    await revisions().register(settlement());
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(1);
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(2);
  });

  it('the same content under other tags is somebody else’s revision: registers its own', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejectsOnce(reset())
      .resolves({ ...meta, taskDefinition: registered(9), tags });
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({
      ...meta,
      taskDefinition: registered(8),
      tags: [{ key: 'ecs-deploy-actions:run-id', value: '41' }],
    });
    const out = await revisions().register(settlement());
    expect(out.info.ref.arn).toBe(ARN(9));
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(2);
  });

  it('throttling proves nothing landed: registers again after the wait, without looking', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ ...meta, taskDefinition: registered(8), tags });
    const out = await revisions().register(settlement());
    expect(out.info.ref.arn).toBe(ARN(8));
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0);
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(3);
    expect(slept).toEqual([REGISTER_BACKOFF_MS, 2 * REGISTER_BACKOFF_MS]);
  });

  it('a fleet throttled together keeps trying for up to two minutes, with jittered waits, never looking', async () => {
    // Twelve throttles in a row (50 services sharing ECS's 20-token, 1-per-second bucket), then it lands.
    let chain = ecsMock.on(RegisterTaskDefinitionCommand);
    for (let i = 0; i < 12; i++) chain = chain.rejectsOnce(throttled());
    chain.resolves({ ...meta, taskDefinition: registered(8), tags });
    let n = 0;
    jitter = () => [0.3, 0.9, 0.6][n++ % 3]!;
    const out = await revisions().register(settlement());
    expect(out.info.ref.arn).toBe(ARN(8));
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(13);
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0);
    // Waits differ (jitter), never exceed 16 s, never drop below 1 s, and stay within two minutes.
    expect(new Set(slept).size).toBeGreaterThan(3);
    expect(Math.max(...slept)).toBeLessThanOrEqual(THROTTLED_BACKOFF_MAX_MS);
    expect(Math.min(...slept)).toBeGreaterThanOrEqual(1000);
    expect(slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(THROTTLED_PATIENCE_MS);
    jitter = () => 1;
  });

  it('throttled for longer than two minutes: gives up, saying how often it tried', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).rejects(throttled());
    const err = await revisions()
      .register(settlement())
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    const sent = ecsMock.commandCalls(RegisterTaskDefinitionCommand).length;
    expect(sent).toBeGreaterThan(REGISTER_ATTEMPTS);
    expect(err?.name).toBe(throttled().name);
    expect(slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(THROTTLED_PATIENCE_MS);
    expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThan(
      THROTTLED_PATIENCE_MS - THROTTLED_BACKOFF_MAX_MS,
    );
  });

  it('a refused registration (bad content) fails at once', async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(new ClientException({ message: 'Container.image should not be null', $metadata: {} }));
    await expect(revisions().register(settlement())).rejects.toThrow(/Container.image/);
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1);
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0);
    expect(slept).toEqual([]);
  });

  it(`gives up after ${REGISTER_ATTEMPTS} attempts with the last error`, async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(Object.assign(reset(), { $operation: 'RegisterTaskDefinitionCommand', $client: 'ECSClient' }));
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({ ...meta, taskDefinition: running, tags: [] });
    const err = await revisions()
      .register(settlement())
      .catch((e: unknown) => e);
    expect(explainAwsError(err).message).toBe(
      `the connection to ECS was reset before it answered (ecs:RegisterTaskDefinition) (tried ${REGISTER_ATTEMPTS} times)`,
    );
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(REGISTER_ATTEMPTS);
    expect(slept).toHaveLength(REGISTER_ATTEMPTS - 1);
  });

  it('when the latest revision cannot be read, fails with the registration’s error rather than risk a twin', async () => {
    ecsMock.on(RegisterTaskDefinitionCommand).rejects(reset());
    ecsMock.on(DescribeTaskDefinitionCommand).rejects(throttled());
    await expect(revisions().register(settlement())).rejects.toThrow('socket hang up');
    expect(ecsMock.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(1);
  });
});
