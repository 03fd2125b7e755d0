import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../../inputs/index.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  TIMEOUT_ENV,
  VERSION,
  clientConfig,
  explainAwsError,
  nameOperations,
  resolveRegion,
} from '../index.js';

describe('region', () => {
  it('prefers the input, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(resolveRegion('eu-west-1', { AWS_REGION: 'us-east-1' })).toBe('eu-west-1');
    expect(resolveRegion('', { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'eu-north-1' })).toBe(
      'us-east-1',
    );
    expect(resolveRegion(undefined, { AWS_DEFAULT_REGION: 'eu-north-1' })).toBe('eu-north-1');
  });

  it('names aws-region when nothing gives one, or when it is malformed', () => {
    expect(() => resolveRegion(undefined, {})).toThrow(/aws-region: no AWS region/);
    expect(() => resolveRegion('Ireland', {})).toThrow(UserError);
  });
});

describe('client configuration', () => {
  it('uses adaptive retries, the attempt count, our user agent and a per-call timeout', () => {
    const cfg = clientConfig({ region: 'eu-west-1', maxAttempts: 7 }, {});
    expect(cfg).toEqual({
      region: 'eu-west-1',
      maxAttempts: 7,
      retryMode: 'adaptive',
      customUserAgent: `ecs-deploy-actions/${VERSION}`,
      requestHandler: {
        requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
        connectionTimeout: 10_000,
        throwOnRequestTimeout: true,
      },
    });
  });

  it(`takes the timeout from the settings, else ${TIMEOUT_ENV}, else 30 s`, () => {
    const timeout = (settings: { requestTimeoutMs?: number }, env: Record<string, string>) =>
      clientConfig({ region: 'eu-west-1', maxAttempts: 3, ...settings }, env).requestHandler;
    expect(timeout({ requestTimeoutMs: 800 }, { [TIMEOUT_ENV]: '1500' })).toMatchObject({
      requestTimeout: 800,
      connectionTimeout: 800,
    });
    expect(timeout({}, { [TIMEOUT_ENV]: '1500' })).toMatchObject({ requestTimeout: 1500 });
    expect(timeout({}, { [TIMEOUT_ENV]: ' ' })).toMatchObject({ requestTimeout: 30_000 });
    expect(() => timeout({}, { [TIMEOUT_ENV]: '2s' })).toThrow(
      new RegExp(`${TIMEOUT_ENV} is "2s", which is not a number of milliseconds`),
    );
    expect(() => timeout({}, { [TIMEOUT_ENV]: '0' })).toThrow(UserError);
  });

  it('keeps VERSION equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});

describe('access denied', () => {
  // The middleware runs inside the SDK's real stack, so this goes over HTTP to a loopback server that
  // answers as ECS does when IAM says no (aws-sdk-client-mock would bypass the middleware).
  it('names the IAM action that was denied', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r1' });
        res.end(
          JSON.stringify({
            __type: 'AccessDeniedException',
            message: 'User: arn:aws:sts::1:assumed-role/gh is not authorized',
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = nameOperations(
        new ECSClient({
          ...clientConfig({ region: 'eu-west-1', maxAttempts: 1 }),
          endpoint: `http://127.0.0.1:${port}`,
          credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
        }),
      );
      const err = await client.send(new UpdateServiceCommand({ service: 'web' })).catch((e: unknown) => e);
      const explained = explainAwsError(err);
      expect(explained).toBeInstanceOf(UserError);
      expect(explained.message).toContain('AWS denied ecs:UpdateService');
      client.destroy();
    } finally {
      server.close();
    }
  });

  it('keeps the service words for other errors, with the operation in front', () => {
    const err = Object.assign(new Error('Service not found.'), {
      name: 'ServiceNotFoundException',
      $metadata: {},
      $operation: 'UpdateServiceCommand',
      $client: 'ECSClient',
    });
    expect(explainAwsError(err).message).toBe(
      'UpdateService failed: ServiceNotFoundException: Service not found',
    );
  });
});
