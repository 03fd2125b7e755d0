import { describe, expect, it } from '@jest/globals';
import { ContainerDefinition$, RegisterTaskDefinitionRequest$, Secret$ } from '@aws-sdk/client-ecs';
import {
  checkAgainstSchema,
  DESCRIBED_TASK_DEFINITION_SCHEMA,
  editDistance,
  memberSchema,
  nearest,
  shapeOf,
  TASK_DEFINITION_FILE_SCHEMA,
  TASK_DEFINITION_RULES,
  withMembers,
  type StructureSchema,
} from '../schema.js';
import { parseTaskDefinitionDocument } from '../index.js';

const container = ContainerDefinition$ as unknown as StructureSchema;
const register = RegisterTaskDefinitionRequest$ as unknown as StructureSchema;
const doc = (c: Record<string, unknown>) => ({
  family: 'web',
  containerDefinitions: [{ name: 'app', image: 'nginx:1', ...c }],
});

describe('reading the SDK’s schema encoding', () => {
  it('follows thunks and member wrappers to simple, list, map and structure shapes', () => {
    expect(shapeOf(0)).toEqual({ kind: 'string' });
    expect(shapeOf(1)).toEqual({ kind: 'number' });
    expect(shapeOf(2)).toEqual({ kind: 'boolean' });
    expect(shapeOf(4)).toEqual({ kind: 'timestamp' });
    expect(shapeOf(15)).toEqual({ kind: 'any' });
    expect(shapeOf(64 | 0)).toEqual({ kind: 'list', item: 0 });
    expect(shapeOf(128 | 1)).toEqual({ kind: 'map', value: 1 });
    expect(shapeOf(() => [2, 0])).toEqual({ kind: 'boolean' });
    expect(shapeOf([() => Secret$, 0])).toMatchObject({ kind: 'structure', union: false });
    expect(shapeOf(memberSchema(container, 'environment'))).toMatchObject({ kind: 'list' });
    expect(shapeOf(memberSchema(container, 'dockerLabels'))).toEqual({ kind: 'map', value: 0 });
    expect(shapeOf('unit')).toEqual({ kind: 'any' });
  });

  it('reaches every shape of a task definition without meeting an encoding it does not know', () => {
    const seen = new Set<string>();
    const kinds = new Set<string>();
    const visit = (ref: unknown, where: string): void => {
      const shape = shapeOf(ref);
      kinds.add(shape.kind);
      if (shape.kind === 'any') throw new Error(`${where} has a schema this walker cannot read`);
      if (shape.kind === 'list') return visit(shape.item, `${where}[]`);
      if (shape.kind === 'map') return visit(shape.value, `${where}{}`);
      if (shape.kind !== 'structure' || seen.has(shape.schema[2])) return;
      seen.add(shape.schema[2]);
      shape.schema[4].forEach((name, i) => visit(shape.schema[5][i], `${shape.schema[2]}.${name}`));
    };
    visit(TASK_DEFINITION_FILE_SCHEMA, 'file');
    visit(DESCRIBED_TASK_DEFINITION_SCHEMA, 'described');
    expect(seen.size).toBeGreaterThan(30);
    expect([...kinds].sort()).toEqual([
      'boolean',
      'list',
      'map',
      'number',
      'string',
      'structure',
      'timestamp',
    ]);
  });

  it('has rules only for members that exist and hold text', () => {
    const structures = new Map<string, StructureSchema>();
    const collect = (ref: unknown): void => {
      const shape = shapeOf(ref);
      if (shape.kind === 'list') return collect(shape.item);
      if (shape.kind === 'map') return collect(shape.value);
      if (shape.kind !== 'structure' || structures.has(shape.schema[2])) return;
      structures.set(shape.schema[2], shape.schema);
      shape.schema[5].forEach(collect);
    };
    collect(TASK_DEFINITION_FILE_SCHEMA);
    collect(DESCRIBED_TASK_DEFINITION_SCHEMA);
    const { enums = {}, numbersAsStrings = [], hints = {} } = TASK_DEFINITION_RULES;
    for (const key of [...Object.keys(enums), ...numbersAsStrings, ...Object.keys(hints)]) {
      const [struct, member] = key.split('.') as [string, string];
      const schema = structures.get(struct);
      expect([key, schema && memberSchema(schema, member) !== undefined]).toEqual([key, true]);
    }
    for (const key of Object.keys(enums)) {
      const [struct, member] = key.split('.') as [string, string];
      let shape = shapeOf(memberSchema(structures.get(struct)!, member));
      if (shape.kind === 'list') shape = shapeOf(shape.item);
      expect([key, shape.kind]).toEqual([key, 'string']);
    }
  });
});

describe('checkAgainstSchema', () => {
  it('accepts a good definition and reports nothing', () => {
    expect(
      checkAgainstSchema(
        doc({
          environment: [{ name: 'A', value: '1' }],
          portMappings: [{ containerPort: 80, protocol: 'tcp' }],
        }),
        TASK_DEFINITION_FILE_SCHEMA,
        { rules: TASK_DEFINITION_RULES },
      ),
    ).toEqual([]);
  });

  it('reports unknown members with their path and nearest name, and wrong types', () => {
    const issues = checkAgainstSchema(
      doc({ enviroment: [], essential: 'true', healthCheck: { command: 'curl' } }),
      TASK_DEFINITION_FILE_SCHEMA,
    );
    expect(issues).toEqual([
      {
        path: ['containerDefinitions', 0, 'enviroment'],
        at: 'key',
        problem: 'is not a field of ContainerDefinition; did you mean environment?',
        fix: 'rename it to environment',
      },
      {
        path: ['containerDefinitions', 0, 'essential'],
        at: 'value',
        problem: 'is a string, not true or false',
        fix: 'write true or false, without quotes',
      },
      expect.objectContaining({
        path: ['containerDefinitions', 0, 'healthCheck', 'command'],
        problem: 'is a string, not a list',
      }),
    ]);
  });

  it('checks required members, unions and enums', () => {
    const issues = checkAgainstSchema(
      doc({
        secrets: [{ valueFrom: '/a' }],
        resourceRequirements: [{ type: 'gpu', value: '1', sharingStrategy: { nvidiaMps: null } }],
      }),
      TASK_DEFINITION_FILE_SCHEMA,
      { rules: TASK_DEFINITION_RULES },
    );
    expect(issues.map((i) => [i.path.join('.'), i.problem])).toEqual([
      ['containerDefinitions.0.secrets.0', 'has no name'],
      [
        'containerDefinitions.0.resourceRequirements.0.type',
        '"gpu" is not a ResourceType; did you mean GPU?',
      ],
    ]);
    const union: StructureSchema = [4, 'test', 'Choice', 0, ['a', 'b'], [0, 0]];
    expect(checkAgainstSchema({ a: 'x', b: 'y' }, union)[0]!.problem).toBe('sets a and b');
  });

  it('treats null as absent, as normalising does', () => {
    expect(checkAgainstSchema(doc({ memory: null, environment: null }), TASK_DEFINITION_FILE_SCHEMA)).toEqual(
      [],
    );
    expect(checkAgainstSchema({ family: null, containerDefinitions: [] }, register)[0]!.problem).toBe(
      'has no family',
    );
  });

  it('stops after maxIssues', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`unknown${i}`, 1]));
    expect(checkAgainstSchema({ ...doc({}), ...many }, register, { maxIssues: 7 })).toHaveLength(7);
  });

  it('takes the schema as a parameter: a member added to a copy is accepted, its misspelling refused', () => {
    const extended = withMembers(container, { gpuPartition: 1 });
    const file = withMembers(TASK_DEFINITION_FILE_SCHEMA, {
      containerDefinitions: [1, 'com.amazonaws.ecs', 'ContainerDefinitions', 0, () => extended],
    });
    expect(checkAgainstSchema(doc({ gpuPartition: 2 }), file)).toEqual([]);
    expect(checkAgainstSchema(doc({ gpuPartition: 'two' }), file)[0]!.problem).toBe(
      'is a string, not a number',
    );
    const typo = checkAgainstSchema(doc({ gpuPartiton: 2 }), file);
    expect(typo.map((i) => i.problem)).toEqual([
      'is not a field of ContainerDefinition; did you mean gpuPartition?',
    ]);
    // The installed SDK's schema does not know the member, and was not changed by the copy.
    expect(checkAgainstSchema(doc({ gpuPartition: 2 }), TASK_DEFINITION_FILE_SCHEMA)).toHaveLength(1);
    expect(container[4]).not.toContain('gpuPartition');
    // The same through parseTaskDefinitionDocument.
    const loaded = parseTaskDefinitionDocument(doc({ gpuPartition: 2 }), 'td', { schema: file });
    expect(loaded.taskDefinition.containerDefinitions![0]).toHaveProperty('gpuPartition', 2);
    expect(() => parseTaskDefinitionDocument(doc({ gpuPartiton: 2 }), 'td', { schema: file })).toThrow(
      /containerDefinitions\[0\]\.gpuPartiton is not a field of ContainerDefinition; did you mean gpuPartition\?/,
    );
  });

  it('accepts a value an enum object gains, when the rules use the new object', () => {
    const rules = {
      enums: {
        'RegisterTaskDefinitionRequest.networkMode': {
          name: 'NetworkMode',
          values: { awsvpc: 'awsvpc', mesh: 'mesh' },
        },
      },
    };
    expect(
      checkAgainstSchema({ ...doc({}), networkMode: 'mesh' }, TASK_DEFINITION_FILE_SCHEMA, { rules }),
    ).toEqual([]);
    expect(
      checkAgainstSchema({ ...doc({}), networkMode: 'mesh' }, TASK_DEFINITION_FILE_SCHEMA, {
        rules: TASK_DEFINITION_RULES,
      }),
    ).toHaveLength(1);
  });
});

describe('nearest names', () => {
  it('measures edits, counting a swap of neighbours as one', () => {
    expect(editDistance('enviroment', 'environment')).toBe(1);
    expect(editDistance('memroy', 'memory')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests only close names, ignoring case', () => {
    const names = container[4];
    expect(nearest('containerport', ['containerPort', 'hostPort'])).toBe('containerPort');
    expect(nearest('enviroment', names)).toBe('environment');
    expect(nearest('memroyReservation', names)).toBe('memoryReservation');
    expect(nearest('foo', names)).toBeUndefined();
    expect(nearest('x'.repeat(10_000), names)).toBeUndefined();
  });
});
