/**
 * loadTaskDefinitionFile on files with mistakes the SDK would otherwise let through (or that used to crash
 * or leak): every error names the path, line and column, and never quotes a file that is no task definition.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { UserError } from '../../inputs/index.js';
import { loadTaskDefinitionFile } from '../index.js';
import { useInputRoots } from './roots.js';

const workspace = mkdtempSync(join(tmpdir(), 'td-strict-ws-'));
const runnerTemp = mkdtempSync(join(tmpdir(), 'td-strict-tmp-'));
const outside = mkdtempSync(join(tmpdir(), 'td-strict-outside-'));
useInputRoots(workspace, runnerTemp);

let n = 0;
function file(text: string, ext = 'json', dir = workspace): string {
  const path = join(dir, `td-${++n}.${ext}`);
  writeFileSync(path, text);
  return path;
}
async function problem(path: string, roots?: string[]): Promise<UserError> {
  const err = await loadTaskDefinitionFile(path, 'task-definition', { roots }).catch((e: unknown) => e);
  if (!(err instanceof UserError)) throw new Error(`expected a UserError, got ${String(err)}`);
  expect(err.input).toBe('task-definition');
  return err;
}
/** A one-container definition as JSON, with `container` merged into the container and `task` into the task. */
function td(container: Record<string, unknown> = {}, task: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      family: 'web',
      containerDefinitions: [{ name: 'app', image: 'nginx:1.27', ...container }],
      ...task,
    },
    null,
    2,
  );
}

describe('unknown fields', () => {
  it('names a misspelt environment with its path, line, column and the right name (JSON)', async () => {
    const text = [
      '{',
      '  "family": "web",',
      '  "containerDefinitions": [',
      '    {',
      '      "name": "app",',
      '      "image": "nginx:1.27",',
      '      "enviroment": [{ "name": "LOG_LEVEL", "value": "info" }]',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    const err = await problem(file(text));
    expect(err.problem).toBe(
      'containerDefinitions[0].enviroment (line 7, column 7) is not a field of ContainerDefinition; did you mean environment?',
    );
    expect(err.fix).toBe('rename it to environment');
  });

  it('names a misspelt environment in YAML too', async () => {
    const text =
      'family: web\ncontainerDefinitions:\n  - name: app\n    image: nginx:1.27\n    enviroment:\n      - name: A\n';
    const err = await problem(file(text, 'yaml'));
    expect(err.message).toContain('containerDefinitions[0].enviroment (line 5, column 5)');
    expect(err.message).toContain('did you mean environment?');
  });

  it('finds typos at any depth', async () => {
    const text = [
      'family: web',
      'containerDefinitions:',
      '  - name: app',
      '    image: nginx:1.27',
      '    portMappings:',
      '      - containerport: 80',
      '    logConfiguration:',
      '      logDriver: awslogs',
      '      option:',
      '        awslogs-group: /ecs/web',
    ].join('\n');
    const err = await problem(file(text, 'yaml'));
    expect(err.problem).toMatch(/^has 2 problems: /);
    expect(err.problem).toContain(
      'containerDefinitions[0].portMappings[0].containerport (line 6, column 9) is not a field of PortMapping; did you mean containerPort?',
    );
    expect(err.problem).toContain(
      'containerDefinitions[0].logConfiguration.option (line 9, column 7) is not a field of LogConfiguration; did you mean options?',
    );
    expect(err.fix).toContain('rename it to containerPort');
  });

  it('lists the fields when nothing is close', async () => {
    const err = await problem(file(td({ zzzzzzzz: 1 })));
    expect(err.problem).toMatch(
      /containerDefinitions\[0\]\.zzzzzzzz \(line \d+, column \d+\) is not a field/,
    );
    expect(err.fix).toContain('the fields of ContainerDefinition are name, image,');
  });

  it('accepts what Describe adds, and the Describe output shape with its tags', async () => {
    const described = {
      taskDefinition: {
        ...(JSON.parse(td({}, { revision: 3, status: 'ACTIVE', registeredAt: 1735689600 })) as object),
        deleteRequestedAt: '2025-01-01T00:00:00Z',
      },
      tags: [{ key: 'team', value: 'web' }],
    };
    const loaded = await loadTaskDefinitionFile(file(JSON.stringify(described)), 'task-definition');
    expect(loaded.tags).toEqual([{ key: 'team', value: 'web' }]);
    expect(Object.keys(loaded.taskDefinition).sort()).toEqual(['containerDefinitions', 'family']);
    // In that shape the definition's own members are Describe's: a typo is still caught.
    const typo = { ...described, taskDefinition: { ...described.taskDefinition, famly: 'x' } };
    const err = await problem(file(JSON.stringify(typo)));
    expect(err.problem).toMatch(/^taskDefinition\.famly \(line 1, column \d+\) .*did you mean family\?/);
  });
});

describe('types and enums', () => {
  it('refuses a string where a container number goes', async () => {
    const err = await problem(file(td({ memory: 'lots' })));
    expect(err.problem).toMatch(
      /^containerDefinitions\[0\]\.memory \(line 7, column 17\) is a string, not a number$/,
    );
    expect(err.fix).toBe('write the hard limit in MiB as a number, e.g. 512');
  });

  it('says which type each misplaced value has and should have', async () => {
    const err = await problem(
      file(
        td({
          essential: 'yes',
          portMappings: { containerPort: 80 },
          environment: [{ name: 'PORT', value: 8000 }],
        }),
      ),
    );
    expect(err.problem).toContain(
      'containerDefinitions[0].essential (line 7, column 20) is a string, not true or false',
    );
    expect(err.problem).toContain(
      'containerDefinitions[0].portMappings (line 8, column 23) is an object, not a list',
    );
    expect(err.problem).toContain(
      'containerDefinitions[0].environment[0].value (line 14, column 20) is a number, not a string',
    );
    const list = await problem(
      file(JSON.stringify({ family: 'web', containerDefinitions: { name: 'app' } })),
    );
    expect(list.problem).toMatch(/^containerDefinitions \(line 1, column 40\) is an object, not a list/);
  });

  it('takes an unquoted YAML number as a task size, and refuses a boolean log option', async () => {
    const ok =
      'family: web\ncpu: 256\nmemory: 512\ncontainerDefinitions:\n  - name: app\n    image: nginx:1.27\n';
    expect((await loadTaskDefinitionFile(file(ok, 'yaml'), 'x')).taskDefinition).toMatchObject({
      cpu: '256',
      memory: '512',
    });
    const bad = `${ok}    logConfiguration:\n      logDriver: awslogs\n      options:\n        awslogs-create-group: true\n`;
    const err = await problem(file(bad, 'yaml'));
    expect(err.problem).toBe(
      'containerDefinitions[0].logConfiguration.options["awslogs-create-group"] (line 10, column 31) is true, not a string',
    );
    expect(err.fix).toMatch(/quotes/);
  });

  it('checks enum values against the SDK, suggesting the right spelling', async () => {
    const err = await problem(file(td({}, { networkMode: 'awsvpcc', requiresCompatibilities: ['Fargate'] })));
    expect(err.problem).toContain(
      'networkMode (line 9, column 18): "awsvpcc" is not a NetworkMode; did you mean awsvpc?',
    );
    expect(err.problem).toContain(
      'requiresCompatibilities[0] (line 11, column 5): "Fargate" is not a Compatibility; did you mean FARGATE?',
    );
    const driver = await problem(file(td({ logConfiguration: { logDriver: 'cloudwatch' } })));
    expect(driver.fix).toBe(
      'use one of awsfirelens, awslogs, fluentd, gelf, journald, json-file, splunk, syslog',
    );
  });

  it('requires what the SDK marks required', async () => {
    const err = await problem(file(td({ secrets: [{ name: 'DB' }] })));
    expect(err.problem).toMatch(
      /^containerDefinitions\[0\]\.secrets\[0\] \(line 8, column 9\) has no valueFrom$/,
    );
    expect((await problem(file('{"containerDefinitions":[{"name":"a"}]}'))).problem).toBe('has no family');
  });
});

describe('values', () => {
  it('refuses a secret reference that is neither an ARN nor a parameter path, without quoting it', async () => {
    const err = await problem(file(td({ secrets: [{ name: 'DB', valueFrom: 'bad' }] })));
    expect(err.problem).toMatch(
      /^containerDefinitions\[0\]\.secrets\[0\]\.valueFrom \(line 10, column 24\) is neither an SSM parameter or Secrets Manager secret ARN nor an SSM parameter path starting with \/$/,
    );
    expect(err.fix).toContain('/prod/db/password');
    expect(err.fix).toContain('a bare name is refused');
    expect(err.message).not.toContain('"bad"');
    for (const refused of ['db-password', 'arn:aws:s3:::bucket/key', '/prod//x', 'prod/db']) {
      await problem(file(td({ secrets: [{ name: 'DB', valueFrom: refused }] })));
    }
    const accepted = [
      '/prod/db/password',
      'arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf:password::',
    ];
    for (const valueFrom of accepted) {
      await loadTaskDefinitionFile(file(td({ secrets: [{ name: 'DB', valueFrom }] })), 'x');
    }
    const logSecret = td({
      logConfiguration: { logDriver: 'splunk', secretOptions: [{ name: 't', valueFrom: 'x' }] },
    });
    expect((await problem(file(logSecret))).problem).toMatch(
      /logConfiguration\.secretOptions\[0\]\.valueFrom/,
    );
  });

  it('checks ports', async () => {
    const err = await problem(file(td({ portMappings: [{ containerPort: 70000 }] })));
    expect(err.problem).toBe(
      'containerDefinitions[0].portMappings[0].containerPort (line 9, column 28) is not a port from 1 to 65535',
    );
    const range = await problem(file(td({ portMappings: [{ containerPortRange: '9000-8000' }] })));
    expect(range.problem).toMatch(/containerPortRange .*is not a range of ports like 8000-8010/);
    const awsvpc = await problem(
      file(td({ portMappings: [{ containerPort: 8080, hostPort: 80 }] }, { networkMode: 'awsvpc' })),
    );
    expect(awsvpc.problem).toMatch(/hostPort .*is 80 but containerPort is 8080; in awsvpc network mode/);
    // Dynamic host ports (0) in bridge mode, and port ranges, are fine.
    await loadTaskDefinitionFile(
      file(td({ portMappings: [{ containerPort: 80, hostPort: 0 }, { containerPortRange: '8000-8010' }] })),
      'x',
    );
  });

  it('checks container sizes', async () => {
    const err = await problem(file(td({ memory: 512, memoryReservation: 1024, cpu: -1 })));
    expect(err.problem).toContain(
      'containerDefinitions[0].cpu (line 9, column 14) is not a whole number of CPU units',
    );
    expect(err.problem).toContain(
      'containerDefinitions[0].memoryReservation (line 8, column 28) is 1024 MiB, more than memory (512 MiB)',
    );
    expect((await problem(file(td({ memory: 2 })))).problem).toMatch(/memory .*at least 6/);
  });

  it('refuses duplicate container, environment and secret names', async () => {
    const twice = JSON.stringify({
      family: 'web',
      containerDefinitions: [
        { name: 'app', image: 'nginx:1' },
        { name: 'app', image: 'nginx:1' },
      ],
    });
    expect((await problem(file(twice))).problem).toMatch(
      /^containerDefinitions\[1\]\.name \(line 1, column \d+\) repeats the name of containerDefinitions\[0\]/,
    );
    const env = td({
      environment: [
        { name: 'A', value: '1' },
        { name: 'A', value: '2' },
      ],
      secrets: [
        { name: 'B', valueFrom: '/p/b' },
        { name: 'B', valueFrom: '/p/c' },
        { name: 'A', valueFrom: '/p/a' },
      ],
    });
    const err = await problem(file(env));
    expect(err.problem).toMatch(/^has 3 problems: /);
    expect(err.problem).toContain(
      'environment[1].name (line 13, column 19) repeats A, already set by environment[0]',
    );
    expect(err.problem).toContain(
      'secrets[1].name (line 23, column 19) repeats B, already set by secrets[0]',
    );
    expect(err.problem).toContain(
      'secrets[2].name (line 27, column 19) repeats A, already set by environment[0]: a name is in both environment and secrets',
    );
  });

  it('checks images', async () => {
    const err = await problem(file(td({ image: 'Repo With Spaces::v2' })));
    expect(err.problem).toBe(
      'containerDefinitions[0].image (line 6, column 16): "Repo With Spaces::v2" contains whitespace',
    );
    expect((await problem(file(td({ image: 'Web:1' })))).problem).toMatch(/upper-case/);
  });

  it('holds a Fargate task to the Fargate sizes', async () => {
    const fargate = { requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc' };
    const cpu = await problem(file(td({}, { ...fargate, cpu: '3', memory: '512' })));
    expect(cpu.problem).toMatch(/^cpu \(line \d+, column \d+\): 3 CPU units is not a Fargate size$/);
    expect(cpu.fix).toContain('256, 512, 1024');
    const memory = await problem(file(td({}, { ...fargate, cpu: '256', memory: '7' })));
    expect(memory.problem).toMatch(
      /^memory \(line \d+, column \d+\): 7 MiB of memory does not go with 256 CPU units/,
    );
    expect(memory.fix).toBe('with 256 CPU units use 512, 1024 or 2048 MiB');
    // The same sizes are fine on EC2, and "1 vCPU" / "2 GB" are Fargate sizes.
    await loadTaskDefinitionFile(file(td({}, { cpu: '3', memory: '7' })), 'x');
    await loadTaskDefinitionFile(file(td({}, { ...fargate, cpu: '1 vCPU', memory: '2 GB' })), 'x');
    expect((await problem(file(td({}, { cpu: 'lots' })))).problem).toMatch(
      /^cpu .*is not CPU units or vCPUs/,
    );
  });
});

describe('limits', () => {
  it('refuses a 12 MB file before parsing it', async () => {
    const huge = td({ environment: [{ name: 'A', value: 'x'.repeat(12 * 1024 * 1024) }] });
    const started = Date.now();
    const err = await problem(file(huge));
    expect(err.problem).toMatch(/^file .* is 12 MiB, more than the 1 MiB this input reads$/);
    expect(err.fix).toContain('64 KiB');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a definition over ECS’s 64 KiB once normalised', async () => {
    const big = td({ environment: [{ name: 'A', value: 'x'.repeat(70 * 1024) }] });
    const err = await problem(file(big));
    expect(err.problem).toMatch(/^is 70\.\d KiB as compact JSON, more than the 64 KiB ECS registers$/);
    // Whitespace does not count: a file over 64 KiB that compacts under it is fine.
    const padded = td({ environment: [{ name: 'A', value: 'x'.repeat(60 * 1024) }] }).replace(
      /\n/g,
      `\n${' '.repeat(2000)}`,
    );
    expect(padded.length).toBeGreaterThan(64 * 1024);
    await loadTaskDefinitionFile(file(padded), 'x');
  });

  it('refuses deep nesting with a clear error, in JSON and YAML, without overflowing the stack', async () => {
    const json = `{"family":"web","containerDefinitions":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
    const err = await problem(file(json));
    expect(err.problem).toBe('nests objects and lists more than 32 levels deep (at line 1, column 71)');
    const yaml = `family: web\ncontainerDefinitions:\n${'- '.repeat(300_000)}x\n`;
    expect((await problem(file(yaml, 'yaml'))).problem).toMatch(
      /^nests objects and lists more than 32 levels deep/,
    );
    const flow = `family: web\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    expect((await problem(file(flow, 'yaml'))).problem).toMatch(
      /^nests objects and lists more than 32 levels deep/,
    );
  });
});

describe('files that are not task definitions', () => {
  const secret = 'root:$6$s4lt$Zm9vYmFyYmF6cXV4:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n';

  it('refuses a file outside the workspace and RUNNER_TEMP, saying where files may be', async () => {
    const path = file(secret, 'txt', outside);
    const err = await problem(path);
    expect(err.problem).toBe(
      `${path} is outside the directories files are read from (${workspace}, ${runnerTemp})`,
    );
    expect(err.message).not.toContain('s4lt');
    // Nor through a symlink in the workspace, nor with ../
    const link = join(workspace, 'shadow-link');
    symlinkSync(path, link);
    expect((await problem(link)).problem).toMatch(/is outside the directories/);
    expect((await problem(join(workspace, '..', path))).problem).toMatch(/is outside the directories/);
  });

  it('takes the allowed directories as an option too', async () => {
    const path = file(td(), 'json', outside);
    expect((await loadTaskDefinitionFile(path, 'x', { roots: [outside] })).taskDefinition.family).toBe('web');
    expect((await problem(file(td()), [outside])).problem).toBe(
      `${join(workspace, `td-${n}.json`)} is outside the directories files are read from (${outside})`,
    );
  });

  it('reads files in RUNNER_TEMP, where render writes', async () => {
    mkdirSync(join(runnerTemp, 'task-definition-x'), { recursive: true });
    const path = join(runnerTemp, 'task-definition-x', 'web.json');
    writeFileSync(path, td());
    expect((await loadTaskDefinitionFile(path, 'x')).taskDefinition.family).toBe('web');
  });

  it('never quotes the text of a file that is not a task definition', async () => {
    const messages = [
      (await problem(file(secret, 'txt'))).message,
      (await problem(file('password: hunter2\napi_key: sk_live_abc\n', 'yaml'))).message,
      (await problem(file('password: hunter2\n  api_key: sk_live_abc: x\n', 'yaml'))).message,
      (await problem(file('{"password": "hunter2", "api_key": sk_live_abc}'))).message,
      (await problem(file('DB_PASSWORD=hunter2\n', 'env'))).message,
      (await problem(file('- hunter2\n- sk_live_abc\n', 'yaml'))).message,
      (await problem(file('password: !vault hunter2\n', 'yaml'))).message,
      (await problem(file('password: *hunter2\n', 'yaml'))).message,
    ];
    for (const message of messages) {
      for (const word of ['hunter2', 'sk_live', 'password', 'api_key', 's4lt', 'root', 'vault']) {
        expect(message).not.toContain(word);
      }
    }
    // YAML reads the passwd-style lines as keys; either way nothing of them is echoed.
    expect(messages[0]).toMatch(/^task-definition: is not a task definition[:( ]/);
    expect(messages[1]).toMatch(/none of its top-level fields is a RegisterTaskDefinition field/);
    expect(messages[2]).toMatch(
      /is not valid JSON or YAML at line \d+, column \d+: a key is a block value or spans lines/,
    );
    expect(messages[3]).toMatch(/is not valid JSON at line 1, column 36: expected a value/);
  });
});
