/**
 * A one-off task's awslogs stream read the way `aws logs tail --follow` and run-task do: GetLogEvents from
 * the head, then with each nextForwardToken. The stream does not exist before the container runs; lines
 * spread over the run appear as time passes; the end of the stream answers the token it was given.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { RunTaskCommand } from '@aws-sdk/client-ecs';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { seedArchitecture, startSimulator, type RunningSimulator } from '../index.js';
import { clients } from './clients.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('CloudWatch Logs: following a stream', () => {
  it('pages forward with tokens, answers the same token at the end, and has every spread line by the exit', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`);
    sim = await startSimulator({
      speed: 0,
      scenario: seedArchitecture({
        releases: [{ match: { family: 'backend' }, runSeconds: 50, logLines: lines, logSpreadSeconds: 50 }],
      }),
    });
    const { ecs, logs } = clients(sim);
    const run = await ecs.send(new RunTaskCommand({ cluster: 'web', taskDefinition: 'backend' }));
    const stream = `ecs/backend/${run.tasks![0]!.taskArn!.split('/').pop()}`;
    const read = (nextToken?: string, limit?: number) =>
      logs.send(
        new GetLogEventsCommand({
          logGroupName: '/ecs/backend',
          logStreamName: stream,
          startFromHead: true,
          ...(nextToken ? { nextToken } : {}),
          ...(limit ? { limit } : {}),
        }),
      );
    await expect(read()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    sim.clock.advance(10_000 + 25_000); // started (10 s), then half the run
    const first = await read();
    const half = first.events!.map((e) => e.message);
    expect(half).toEqual(lines.slice(0, half.length));
    expect(half.length).toBeGreaterThanOrEqual(45);
    expect(half.length).toBeLessThanOrEqual(55);
    const atEnd = await read(first.nextForwardToken);
    expect(atEnd.events).toEqual([]);
    expect(atEnd.nextForwardToken).toBe(first.nextForwardToken);

    sim.clock.advance(30_000); // past the exit
    const rest: string[] = [];
    let token = first.nextForwardToken;
    for (;;) {
      const page = await read(token, 20);
      rest.push(...page.events!.map((e) => e.message!));
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    expect([...half, ...rest]).toEqual(lines);
  });
});
