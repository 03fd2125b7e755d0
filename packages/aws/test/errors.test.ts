/**
 * Errors in words: a cut connection, a timeout and a server error, raised by the real SDK stack against a
 * loopback server (aws-sdk-client-mock would skip the HTTP handler, where resets and timeouts are made).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { DescribeServicesCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { UserError } from '../../inputs/index.js';
import { clientConfig, explainAwsError, failureKind, nameOperations, withoutFullStop } from '../index.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function loopback(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stop = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const settings = (endpoint: string, maxAttempts: number, requestTimeoutMs = 5_000) => ({
  ...clientConfig({ region: 'eu-west-1', maxAttempts, requestTimeoutMs }),
  endpoint,
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
});

async function failure<T>(call: () => Promise<T>): Promise<unknown> {
  return call().then(
    () => {
      throw new Error('the call succeeded');
    },
    (err: unknown) => err,
  );
}

describe('what happened, in words', () => {
  // Under jest, Node's socket errors come from another realm and the SDK's retry step wraps them into a
  // plain "AWS SDK error wrapper for …" (it tests `instanceof Error`), which the bundled actions never see:
  // so the reset is built here as the SDK hands it over in one realm; the fault matrix checks it end to end.
  it('a connection reset says the connection was cut before ECS answered, and names the call', () => {
    const err = Object.assign(new Error('socket hang up'), {
      name: 'TimeoutError',
      code: 'ECONNRESET',
      $metadata: { attempts: 8, totalRetryDelay: 3_100 },
      $operation: 'DescribeServicesCommand',
      $client: 'ECSClient',
      $timeoutMs: 30_000,
    });
    expect(failureKind(err)).toBe('reset');
    expect(explainAwsError(err).message).toBe(
      'the connection to ECS was reset before it answered (ecs:DescribeServices) (tried 8 times)',
    );
  });

  it('a reset on the wire is tagged with the call it cut', async () => {
    let requests = 0;
    const endpoint = await loopback((req) => {
      requests++;
      req.socket.destroy();
    });
    const ecs = nameOperations(new ECSClient(settings(endpoint, 2)));
    const err = await failure(() => ecs.send(new DescribeServicesCommand({ services: ['backend'] })));
    ecs.destroy();
    expect(err).toMatchObject({ $operation: 'DescribeServicesCommand', $client: 'ECSClient' });
    expect(requests).toBe(2);
  });

  it('a slow answer ends at the per-call timeout, saying which call and how long it waited', async () => {
    const endpoint = await loopback(() => {
      // Never answers: only the client's timeout ends the call.
    });
    const elb = nameOperations(new ElasticLoadBalancingV2Client(settings(endpoint, 1, 300)));
    const started = Date.now();
    const err = await failure(() => elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: 'tg' })));
    elb.destroy();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(failureKind(err)).toBe('timeout');
    expect(explainAwsError(err).message).toBe(
      'elasticloadbalancing:DescribeTargetHealth timed out: Elastic Load Balancing did not answer within 0.3 s',
    );
  });

  it('a server error keeps the service words, without a closing full stop to double', async () => {
    const endpoint = await loopback((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          __type: 'ServerException',
          message: 'We encountered an internal error. Please try again.',
        }),
      );
    });
    const ecs = nameOperations(new ECSClient(settings(endpoint, 2)));
    const err = await failure(() => ecs.send(new DescribeServicesCommand({ services: ['backend'] })));
    ecs.destroy();
    expect(failureKind(err)).toBe('server');
    const message = explainAwsError(err).message;
    expect(message).toBe(
      'DescribeServices failed: ServerException: We encountered an internal error. Please try again (tried 2 times)',
    );
    // The way the deploy message goes on after a cause: one full stop, never two.
    expect(`${message}. rollback to backend:1 failed too`).not.toContain('..');
  });
});

describe('access denied', () => {
  const deniedBy =
    (message: string): Handler =>
    (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'AccessDeniedException', message }));
    };
  const who = 'User: arn:aws:sts::123456789012:assumed-role/deployer/gh is not authorized to perform:';

  it('says which permission the role needs on which resource', async () => {
    const service = 'arn:aws:ecs:eu-west-1:123456789012:service/prod/backend';
    const endpoint = await loopback(
      deniedBy(
        `${who} ecs:DescribeServices on resource: ${service} because no identity-based policy allows the ecs:DescribeServices action`,
      ),
    );
    const ecs = nameOperations(new ECSClient(settings(endpoint, 1)));
    const err = await failure(() =>
      ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['backend'] })),
    );
    ecs.destroy();
    const explained = explainAwsError(err) as UserError;
    expect(explained).toBeInstanceOf(UserError);
    expect(explained.problem).toMatch(/^AWS denied ecs:DescribeServices: User: .* on resource: /);
    expect(explained.fix).toBe(
      `the role needs ecs:DescribeServices on ${service}: allow it for the role this workflow assumes (role-to-assume in aws-actions/configure-aws-credentials)`,
    );
  });

  it('names iam:PassRole and the service it must be passed to when a role cannot be passed', async () => {
    const role = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
    const endpoint = await loopback(
      deniedBy(
        `${who} iam:PassRole on resource: ${role} because no identity-based policy allows the iam:PassRole action`,
      ),
    );
    const ecs = nameOperations(new ECSClient(settings(endpoint, 1)));
    const err = await failure(() =>
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'backend',
          executionRoleArn: role,
          containerDefinitions: [{ name: 'app', image: 'nginx' }],
        }),
      ),
    );
    ecs.destroy();
    const explained = explainAwsError(err) as UserError;
    expect(explained.problem).toMatch(/^AWS denied ecs:RegisterTaskDefinition: /);
    expect(explained.fix).toMatch(
      new RegExp(
        `^the role needs iam:PassRole on ${role} with iam:PassedToService ecs-tasks\\.amazonaws\\.com: allow it`,
      ),
    );
  });

  it('falls back to the call when the message does not name the permission', async () => {
    const endpoint = await loopback((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end(
        '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Access denied</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
      );
    });
    const elb = nameOperations(new ElasticLoadBalancingV2Client(settings(endpoint, 1)));
    const err = await failure(() => elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: 'tg' })));
    elb.destroy();
    expect((explainAwsError(err) as UserError).fix).toMatch(
      /^allow elasticloadbalancing:DescribeTargetHealth for the role this workflow assumes/,
    );
  });
});

describe('failureKind', () => {
  const error = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });

  it('tells apart the failures worth another try', () => {
    expect(failureKind(error('ThrottlingException', { $metadata: { httpStatusCode: 400 } }))).toBe(
      'throttled',
    );
    expect(failureKind(error('Throttling', { $metadata: { httpStatusCode: 400 } }))).toBe('throttled');
    expect(failureKind(error('InternalFailure', { $metadata: { httpStatusCode: 500 } }))).toBe('server');
    expect(failureKind(error('Unknown', { $metadata: { httpStatusCode: 503 } }))).toBe('server');
    expect(failureKind(error('TimeoutError', { code: 'ECONNRESET' }))).toBe('reset');
    expect(failureKind(error('Error', { code: 'EPIPE' }))).toBe('reset');
    expect(failureKind(error('TimeoutError', { code: 'ETIMEDOUT' }))).toBe('timeout');
    expect(failureKind(error('TimeoutError'))).toBe('timeout');
    expect(failureKind(error('Error', { code: 'ECONNREFUSED' }))).toBe('unreachable');
  });

  it('leaves out what another try would only repeat', () => {
    expect(failureKind(error('ClientException', { $metadata: { httpStatusCode: 400 } }))).toBeUndefined();
    expect(
      failureKind(error('AccessDeniedException', { $metadata: { httpStatusCode: 400 } })),
    ).toBeUndefined();
    expect(failureKind('socket hang up')).toBeUndefined();
  });
});

describe('withoutFullStop', () => {
  it('drops the closing full stops only', () => {
    expect(withoutFullStop('Please try again.')).toBe('Please try again');
    expect(withoutFullStop('v1.2 is out..')).toBe('v1.2 is out');
    expect(withoutFullStop('no stop')).toBe('no stop');
  });
});
