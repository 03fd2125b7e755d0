/**
 * RegisterTaskDefinition goes out without the SDK's retry step, through the real SDK stack (so no
 * aws-sdk-client-mock here: it replaces send() and skips the middleware) to a loopback server.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { ECSClient } from '@aws-sdk/client-ecs';
import { clientConfig, nameOperations } from '../../aws/index.js';
import { REGISTER_ATTEMPTS, Revisions } from '../revisions.js';

describe('RegisterTaskDefinition on the wire', () => {
  it('sends each attempt once, while the same client still retries its other calls', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      const target = String(req.headers['x-amz-target']).split('.').pop()!;
      seen.push(target);
      req.resume();
      req.on('end', () => {
        // Every registration loses its answer; the first look at the family too (the SDK retries that one).
        const describes = seen.filter((t) => t === 'DescribeTaskDefinition').length;
        if (target === 'RegisterTaskDefinition' || describes === 1) return req.socket.destroy();
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(
          JSON.stringify({ __type: 'ClientException', message: 'Unable to describe task definition.' }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = nameOperations(
      new ECSClient({
        ...clientConfig({ region: 'eu-west-1', maxAttempts: 5, requestTimeoutMs: 5_000 }),
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
      }),
    );
    try {
      const err = await new Revisions(client, 'eu-west-1', () => Promise.resolve())
        .register({
          kind: 'register',
          file: {
            taskDefinition: {
              family: 'backend',
              containerDefinitions: [{ name: 'backend', image: 'repo/backend:v2' }],
            },
            tags: [],
          },
          tags: [],
        })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ECONNRESET', $operation: 'RegisterTaskDefinitionCommand' });
      expect(seen.filter((t) => t === 'RegisterTaskDefinition')).toHaveLength(REGISTER_ATTEMPTS);
      // One look after each failed attempt but the last, plus the SDK's retry of the first look.
      expect(seen.filter((t) => t === 'DescribeTaskDefinition')).toHaveLength(REGISTER_ATTEMPTS);
    } finally {
      client.destroy();
      server.close();
    }
  });
});
