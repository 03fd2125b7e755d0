import { describe, expect, it } from '@jest/globals';
import { changesTable, diffTaskDefinitions, formatChange } from '../index.js';

const before = {
  family: 'web',
  cpu: '256',
  memory: '512',
  taskRoleArn: 'arn:aws:iam::123456789012:role/a',
  containerDefinitions: [
    {
      name: 'app',
      image: 'repo/app:1',
      command: ['gunicorn', 'web.wsgi'],
      environment: [
        { name: 'KEEP', value: 'same' },
        { name: 'CHANGE', value: 'old-value-1' },
        { name: 'DROP', value: 'old-value-2' },
      ],
      secrets: [{ name: 'DB', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/db-old' }],
      dockerLabels: { team: 'web' },
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/a' } },
    },
    { name: 'old-sidecar', image: 'busybox:1' },
  ],
  tags: [{ key: 'team', value: 'web' }],
};

const after = {
  family: 'web',
  cpu: '512',
  memory: '1 GB',
  taskRoleArn: 'arn:aws:iam::123456789012:role/a',
  containerDefinitions: [
    {
      name: 'app',
      image: 'repo/app:2',
      command: ['gunicorn', 'web.wsgi', '--workers', '3'],
      environment: [
        { name: 'KEEP', value: 'same' },
        { name: 'CHANGE', value: 'new-value-1' },
        { name: 'ADD', value: 'new-value-2' },
      ],
      secrets: [{ name: 'DB', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/db-new' }],
      dockerLabels: { team: 'platform' },
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/b' } },
    },
    { name: 'nginx', image: 'nginx:1.27' },
  ],
  tags: [
    { key: 'team', value: 'web' },
    { key: 'ecs-deploy:git-sha', value: 'abc' },
  ],
};

describe('diffTaskDefinitions', () => {
  const changes = diffTaskDefinitions(before, after);

  it('lists task fields, then containers, then removed containers, then tags', () => {
    expect(changes).toEqual([
      { field: 'cpu', kind: 'changed', before: '256', after: '512' },
      { field: 'memory', kind: 'changed', before: '512', after: '1024' },
      { container: 'app', field: 'image', kind: 'changed', before: 'repo/app:1', after: 'repo/app:2' },
      {
        container: 'app',
        field: 'command',
        kind: 'changed',
        before: '["gunicorn","web.wsgi"]',
        after: '["gunicorn","web.wsgi","--workers","3"]',
      },
      { container: 'app', field: 'environment', key: 'ADD', kind: 'added' },
      { container: 'app', field: 'environment', key: 'CHANGE', kind: 'changed' },
      { container: 'app', field: 'environment', key: 'DROP', kind: 'removed' },
      { container: 'app', field: 'secrets', key: 'DB', kind: 'changed' },
      {
        container: 'app',
        field: 'dockerLabels',
        key: 'team',
        kind: 'changed',
        before: 'web',
        after: 'platform',
      },
      {
        container: 'app',
        field: 'logOptions',
        key: 'awslogs-group',
        kind: 'changed',
        before: '/ecs/a',
        after: '/ecs/b',
      },
      { container: 'nginx', field: 'container', kind: 'added', after: 'nginx:1.27' },
      { container: 'old-sidecar', field: 'container', kind: 'removed', before: 'busybox:1' },
      { field: 'tags', key: 'ecs-deploy:git-sha', kind: 'added', after: 'abc' },
    ]);
  });

  it('never carries environment values or secret references', () => {
    const text = JSON.stringify(changes) + changes.map(formatChange).join('\n') + changesTable(changes);
    for (const hidden of [
      'old-value-1',
      'new-value-1',
      'old-value-2',
      'new-value-2',
      'db-old',
      'db-new',
      'same',
    ]) {
      expect(text).not.toContain(hidden);
    }
  });

  it('hides repository credentials and log secret options too', () => {
    const a = {
      family: 'f',
      containerDefinitions: [
        {
          name: 'a',
          image: 'x',
          repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:1:secret:old' },
          logConfiguration: {
            logDriver: 'splunk',
            secretOptions: [{ name: 'splunk-token', valueFrom: 'tok-old' }],
          },
        },
      ],
    };
    const b = structuredClone(a);
    b.containerDefinitions[0]!.repositoryCredentials.credentialsParameter =
      'arn:aws:secretsmanager:eu-west-1:1:secret:new';
    b.containerDefinitions[0]!.logConfiguration.secretOptions[0]!.valueFrom = 'tok-new';
    const diff = diffTaskDefinitions(a, b);
    expect(diff).toEqual([
      { container: 'a', field: 'repositoryCredentials', kind: 'changed' },
      { container: 'a', field: 'secretOptions', key: 'splunk-token', kind: 'changed' },
    ]);
  });

  it('finds nothing between a revision and the file it came from', () => {
    const registered = {
      ...before,
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:9',
      revision: 9,
      status: 'ACTIVE',
      volumes: [],
      containerDefinitions: before.containerDefinitions.map((c) => ({
        ...c,
        cpu: 0,
        essential: true,
        mountPoints: [],
      })),
    };
    expect(diffTaskDefinitions(before, registered)).toEqual([]);
  });

  it('cuts long values', () => {
    const long = 'x'.repeat(500);
    const [change] = diffTaskDefinitions(
      { family: 'f', containerDefinitions: [{ name: 'a', image: 'i', command: ['a'] }] },
      { family: 'f', containerDefinitions: [{ name: 'a', image: 'i', command: [long] }] },
    );
    expect(change!.after!.length).toBe(200);
    expect(change!.after!.endsWith('…')).toBe(true);
  });
});

describe('formatChange and changesTable', () => {
  it('prints one readable line per change', () => {
    expect(diffTaskDefinitions(before, after).map(formatChange)).toEqual([
      'cpu 256 → 512',
      'memory 512 → 1024',
      'app: image repo/app:1 → repo/app:2',
      'app: command ["gunicorn","web.wsgi"] → ["gunicorn","web.wsgi","--workers","3"]',
      'app: environment ADD added',
      'app: environment CHANGE changed',
      'app: environment DROP removed',
      'app: secrets DB changed',
      'app: label team web → platform',
      'app: log option awslogs-group /ecs/a → /ecs/b',
      'nginx: container added (nginx:1.27)',
      'old-sidecar: container removed (busybox:1)',
      'tags ecs-deploy:git-sha added: abc',
    ]);
  });

  it('renders a markdown table that pipes and backticks cannot break', () => {
    const table = changesTable([
      { container: 'app', field: 'command', kind: 'changed', before: 'a|b', after: 'echo `x`' },
      { field: 'tags', key: 'team', kind: 'removed', before: 'web' },
    ]);
    expect(table.split('\n')).toEqual([
      '| container | field | change |',
      '| --- | --- | --- |',
      '| `app` | command | `a\\|b` → `` echo `x` `` |',
      '| task | tags `team` | removed (was `web`) |',
      '',
    ]);
    expect(changesTable([])).toBe('_No changes._\n');
  });
});
