import { describe, expect, it } from '@jest/globals';
import { RegisterTaskDefinitionRequest$, TaskDefinition$ } from '@aws-sdk/client-ecs';
import { normalizeForRegister, READ_ONLY_FIELDS, sameContent } from '../index.js';

const described = {
  taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3',
  family: 'web',
  revision: 3,
  status: 'ACTIVE',
  requiresAttributes: [{ name: 'ecs.capability.execution-role-awslogs' }],
  compatibilities: ['EC2', 'FARGATE'],
  registeredAt: new Date('2025-01-01T00:00:00Z'),
  registeredBy: 'arn:aws:sts::123456789012:assumed-role/gh/x',
  deregisteredAt: null,
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  volumes: [],
  placementConstraints: [],
  taskRoleArn: '',
  containerDefinitions: [
    {
      name: 'app',
      image: 'repo/app:1',
      cpu: 0,
      essential: true,
      environment: [
        { name: 'EMPTY', value: '' },
        { name: 'A', value: '1' },
      ],
      mountPoints: [],
      volumesFrom: [],
      dockerLabels: {},
      command: ['sh', '-c', ''],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' }, secretOptions: [] },
      portMappings: [{ containerPort: 8000, hostPort: 8000, protocol: 'tcp' }],
    },
  ],
};

describe('normalizeForRegister', () => {
  const n = normalizeForRegister(described) as Record<string, unknown>;

  it('drops every read-only field', () => {
    for (const field of READ_ONLY_FIELDS) expect(Object.keys(n)).not.toContain(field);
    // Exactly the members of Describe's TaskDefinition that RegisterTaskDefinition does not take.
    const register = RegisterTaskDefinitionRequest$[4];
    const readOnly = TaskDefinition$[4].filter((name) => !register.includes(name));
    expect([...READ_ONLY_FIELDS].sort()).toEqual(readOnly.sort());
  });

  it('drops nulls, empty strings, empty arrays and empty objects, at any depth', () => {
    expect(n).not.toHaveProperty('volumes');
    expect(n).not.toHaveProperty('placementConstraints');
    expect(n).not.toHaveProperty('taskRoleArn');
    const app = (n.containerDefinitions as Record<string, unknown>[])[0]!;
    expect(app).not.toHaveProperty('mountPoints');
    expect(app).not.toHaveProperty('dockerLabels');
    expect(app.logConfiguration).toEqual({ logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } });
  });

  it('keeps empty environment values and empty command arguments', () => {
    const app = (n.containerDefinitions as Record<string, unknown>[])[0]!;
    expect(app.environment).toEqual([
      { name: 'EMPTY', value: '' },
      { name: 'A', value: '1' },
    ]);
    expect(app.command).toEqual(['sh', '-c', '']);
  });

  it('writes task cpu and memory in units, as ECS stores them', () => {
    expect(normalizeForRegister({ family: 'f', cpu: '1 vCPU', memory: '2 GB' })).toMatchObject({
      cpu: '1024',
      memory: '2048',
    });
    expect(normalizeForRegister({ family: 'f', cpu: '0.25 vcpu', memory: '0.5GB' })).toMatchObject({
      cpu: '256',
      memory: '512',
    });
    expect(normalizeForRegister({ family: 'f', cpu: 512, memory: 1024 })).toMatchObject({
      cpu: '512',
      memory: '1024',
    });
    expect(normalizeForRegister({ family: 'f', cpu: 'lots' })).toMatchObject({ cpu: 'lots' });
  });

  it('does not change its argument', () => {
    const copy = structuredClone(described);
    normalizeForRegister(described);
    expect(described).toEqual(copy);
  });
});

describe('sameContent', () => {
  const file = {
    family: 'web',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '0.25 vCPU',
    memory: '512',
    containerDefinitions: [
      {
        name: 'app',
        image: 'repo/app:1',
        environment: [
          { name: 'A', value: '1' },
          { name: 'EMPTY', value: '' },
        ],
        command: ['sh', '-c', ''],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } },
        portMappings: [{ containerPort: 8000 }],
      },
    ],
  };

  it('treats a file and its registered revision as the same (read-only fields, defaults, order, units)', () => {
    expect(sameContent(file, described)).toBe(true);
  });

  it('ignores the order of containers, environment, secrets and tags', () => {
    const a = {
      family: 'f',
      containerDefinitions: [
        {
          name: 'a',
          image: 'x',
          secrets: [
            { name: 'S1', valueFrom: 'v1' },
            { name: 'S2', valueFrom: 'v2' },
          ],
        },
        { name: 'b', image: 'y' },
      ],
      tags: [
        { key: 'k1', value: '1' },
        { key: 'k2', value: '2' },
      ],
    };
    const b = {
      family: 'f',
      containerDefinitions: [
        { name: 'b', image: 'y' },
        {
          name: 'a',
          image: 'x',
          secrets: [
            { name: 'S2', valueFrom: 'v2' },
            { name: 'S1', valueFrom: 'v1' },
          ],
        },
      ],
      tags: [
        { key: 'k2', value: '2' },
        { key: 'k1', value: '1' },
      ],
    };
    expect(sameContent(a, b)).toBe(true);
  });

  it('sees a changed image, environment value, secret, cpu or command', () => {
    const change = (f: (td: typeof file) => void) => {
      const td = structuredClone(file);
      f(td);
      return sameContent(file, td);
    };
    expect(change((td) => (td.containerDefinitions[0]!.image = 'repo/app:2'))).toBe(false);
    expect(change((td) => (td.containerDefinitions[0]!.environment[0]!.value = '2'))).toBe(false);
    expect(change((td) => (td.cpu = '512'))).toBe(false);
    expect(change((td) => (td.containerDefinitions[0]!.command = ['sh']))).toBe(false);
    expect(change((td) => (td.containerDefinitions[0]!.portMappings[0]!.containerPort = 80))).toBe(false);
  });

  it('compares tags unless told to ignore them', () => {
    const tagged = { ...file, tags: [{ key: 'ecs-deploy:git-sha', value: 'abc' }] };
    expect(sameContent(file, tagged)).toBe(false);
    expect(sameContent(file, tagged, { ignoreTags: true })).toBe(true);
  });

  it('does not treat the ECS defaults as equal to other values', () => {
    const withCpu = structuredClone(file);
    Object.assign(withCpu.containerDefinitions[0]!, { cpu: 128 });
    expect(sameContent(file, withCpu)).toBe(false);
    const notEssential = structuredClone(file);
    Object.assign(notEssential.containerDefinitions[0]!, { essential: false });
    expect(sameContent(file, notEssential)).toBe(false);
    const udp = structuredClone(file);
    Object.assign(udp.containerDefinitions[0]!.portMappings[0]!, { protocol: 'udp' });
    expect(sameContent(file, udp)).toBe(false);
  });
});
