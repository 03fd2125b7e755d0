import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { UserError } from '../../inputs/index.js';
import {
  loadTaskDefinitionFile,
  parseTaskDefinitionDocument,
  renderedFileText,
  writeRenderedFile,
} from '../index.js';
import { useInputRoots } from './roots.js';

const repo = resolve(import.meta.dirname, '../../..');
const fixtures = join(repo, 'test/fixtures/task-definitions');
const dir = mkdtempSync(join(tmpdir(), 'td-file-'));
useInputRoots(repo, dir);
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
async function problem(path: string): Promise<UserError> {
  const err = await loadTaskDefinitionFile(path, 'task-definition').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).input).toBe('task-definition');
  return err as UserError;
}

describe('loadTaskDefinitionFile', () => {
  it('reads JSON, keeping tags apart', async () => {
    const { taskDefinition, tags } = await loadTaskDefinitionFile(
      join(fixtures, 'web-with-sidecar.json'),
      'task-definition',
    );
    expect(taskDefinition.family).toBe('web-backend');
    expect(taskDefinition.containerDefinitions!.map((c) => c.name)).toEqual(['app', 'nginx']);
    expect(tags).toEqual([]);
    expect(taskDefinition).not.toHaveProperty('tags');
  });

  it('reads YAML with tags, writing vCPU and GB sizes in units', async () => {
    const { taskDefinition, tags } = await loadTaskDefinitionFile(
      join(fixtures, 'frontend.yaml'),
      'task-definition',
    );
    expect(taskDefinition).toMatchObject({ family: 'web-frontend', cpu: '256', memory: '512' });
    expect(tags).toEqual([{ key: 'team', value: 'web' }]);
  });

  it('reads DescribeTaskDefinition output, dropping read-only fields and padding', async () => {
    const { taskDefinition, tags } = await loadTaskDefinitionFile(
      join(fixtures, 'described-worker.json'),
      'td',
    );
    expect(Object.keys(taskDefinition).sort()).toEqual(
      ['containerDefinitions', 'cpu', 'family', 'memory', 'networkMode', 'requiresCompatibilities'].sort(),
    );
    expect(taskDefinition.containerDefinitions![0]).toEqual({
      name: 'worker',
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:1',
      cpu: 0,
      essential: true,
      command: ['python', '-m', 'worker'],
    });
    expect(tags).toEqual([{ key: 'ecs-deploy:git-sha', value: '0000000000000000000000000000000000000000' }]);
  });

  it('reads back what writeRenderedFile wrote', async () => {
    const loaded = await loadTaskDefinitionFile(join(fixtures, 'frontend.yaml'), 'task-definition');
    const path = await writeRenderedFile(dir, loaded.taskDefinition, loaded.tags);
    expect(path).toMatch(/task-definition-[^/]+\/web-frontend\.json$/);
    expect(await readFile(path, 'utf8')).toBe(renderedFileText(loaded.taskDefinition, loaded.tags));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ ...loaded.taskDefinition, tags: loaded.tags });
    expect(await loadTaskDefinitionFile(path, 'task-definition')).toEqual(loaded);
  });

  it('leaves tags out of the file when there are none', () => {
    expect(JSON.parse(renderedFileText({ family: 'f', containerDefinitions: [] }, []))).toEqual({
      family: 'f',
      containerDefinitions: [],
    });
  });

  it('names a missing file and a directory', async () => {
    expect((await problem(join(dir, 'nope.json'))).problem).toMatch(/does not exist/);
    expect((await problem(dir)).problem).toMatch(/is a directory/);
  });

  it('gives the line and column of a JSON syntax error', async () => {
    const err = await problem(file('bad.json', '{\n  "family": "web",\n  "cpu": ,\n}'));
    expect(err.problem).toMatch(/line 3, column 10/);
  });

  it('gives the line and column of a YAML syntax error', async () => {
    const err = await problem(
      file('bad.yaml', 'family: web\ncontainerDefinitions:\n  - name: a\n   image: x\n'),
    );
    expect(err.problem).toMatch(/line 4, column \d+/);
  });

  it('rejects unknown fields, naming them', async () => {
    const err = await problem(file('typo.json', '{"family":"f","containerDefinition":[{"name":"a"}]}'));
    // The misspelt required field is reported once, as a misspelling, not also as missing.
    expect(err.problem).toBe(
      'containerDefinition (line 1, column 15) is not a field of RegisterTaskDefinition; did you mean containerDefinitions?',
    );
    expect(err.fix).toBe('rename it to containerDefinitions');
  });

  it('requires a family and uniquely named containers', async () => {
    expect((await problem(file('nofamily.json', '{"containerDefinitions":[{"name":"a"}]}'))).problem).toBe(
      'has no family',
    );
    expect(
      (await problem(file('bad-family.json', '{"family":"a b","containerDefinitions":[{"name":"a"}]}')))
        .problem,
    ).toMatch(/family "a b" is not a valid name/);
    expect(
      (await problem(file('nocontainers.json', '{"family":"f","containerDefinitions":[]}'))).problem,
    ).toBe('has no containerDefinitions');
    expect(
      (await problem(file('noname.json', '{"family":"f","containerDefinitions":[{"image":"x"}]}'))).problem,
    ).toBe('containerDefinitions[0] has no name');
    expect(
      (await problem(file('twice.json', '{"family":"f","containerDefinitions":[{"name":"a"},{"name":"a"}]}')))
        .problem,
    ).toBe(
      'containerDefinitions[1].name (line 1, column 60) repeats the name of containerDefinitions[0]: two containers are named a',
    );
  });

  it('rejects documents that are not objects and malformed tags', () => {
    expect(() => parseTaskDefinitionDocument(['x'], 'td')).toThrow(/not an object/);
    expect(() =>
      parseTaskDefinitionDocument({ family: 'f', containerDefinitions: [{ name: 'a' }], tags: 'x' }, 'td'),
    ).toThrow(/tags is a string, not a list/);
    expect(() =>
      parseTaskDefinitionDocument(
        { family: 'f', containerDefinitions: [{ name: 'a' }], tags: [{ Key: 'a', Value: 'b' }] },
        'td',
      ),
    ).toThrow(
      /tags\[0\]\.Key is not a field of Tag; did you mean key\?.*tags\[0\]\.Value is not a field of Tag/,
    );
    expect(() =>
      parseTaskDefinitionDocument(
        { family: 'f', containerDefinitions: [{ name: 'a' }], tags: [{ key: '', value: 'b' }] },
        'td',
      ),
    ).toThrow(/tags\[0\] is not a \{ key, value \} pair/);
  });
});
