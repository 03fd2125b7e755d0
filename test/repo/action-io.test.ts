/**
 * Every input an action.yml declares is read by its entry, and every input read is declared; likewise for
 * outputs. Entries read inputs only through `inputs.<reader>('name', …)` (aliases as `alias: 'name'`) and set
 * outputs only through `setOutput('name', …)`, which keeps this check exact.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/run-action.js';

interface ActionYml {
  name?: string;
  description?: string;
  branding?: { icon?: string; color?: string };
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  outputs?: Record<string, { description?: string }>;
  runs?: { using?: string; main?: string; post?: string };
}

const actionsDir = join(repoRoot, 'actions');
const actions = readdirSync(actionsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function entrySource(name: string): string {
  const dir = join(actionsDir, name);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

const READ =
  /\binputs\.(?:string|choice|boolean|positiveInt|duration|list|keyValues|document|has)\(\s*'([^']+)'/g;
const ALIAS = /\balias:\s*'([^']+)'/g;
const SET = /\bsetOutput\(\s*'([^']+)'/g;

describe.each(actions)('actions/%s', (name) => {
  const yml = parse(readFileSync(join(actionsDir, name, 'action.yml'), 'utf8')) as ActionYml;
  const source = entrySource(name);

  it('runs the bundled entry on node24 and is described', () => {
    expect(yml.runs?.using).toBe('node24');
    expect(yml.runs?.main).toBe(`../../dist/${name}/index.js`);
    expect(existsSync(join(actionsDir, name, yml.runs!.main!))).toBe(true);
    // A post step is its own stub (dist/<name>/post/index.js) or the main one (which then checks isPost).
    if (yml.runs?.post) {
      expect([`../../dist/${name}/index.js`, `../../dist/${name}/post/index.js`]).toContain(yml.runs.post);
      expect(existsSync(join(actionsDir, name, yml.runs.post))).toBe(true);
    }
    expect(yml.description?.length).toBeGreaterThan(20);
    expect(yml.branding?.icon).toBeTruthy();
  });

  it('describes every input and output', () => {
    for (const [input, spec] of Object.entries(yml.inputs ?? {})) {
      expect([input, spec.description?.trim().length ?? 0]).not.toEqual([input, 0]);
    }
    for (const [output, spec] of Object.entries(yml.outputs ?? {})) {
      expect([output, spec.description?.trim().length ?? 0]).not.toEqual([output, 0]);
    }
  });

  it('reads exactly the inputs it declares', () => {
    const read = new Set([...source.matchAll(READ), ...source.matchAll(ALIAS)].map((m) => m[1]));
    const declared = new Set(Object.keys(yml.inputs ?? {}));
    expect([...read].filter((n) => !declared.has(n!)).sort()).toEqual([]);
    expect([...declared].filter((n) => !read.has(n)).sort()).toEqual([]);
    expect(source).not.toMatch(/core\.getInput|getBooleanInput|process\.env\.INPUT_/);
  });

  it('sets exactly the outputs it declares', () => {
    const set = new Set([...source.matchAll(SET)].map((m) => m[1]));
    const declared = new Set(Object.keys(yml.outputs ?? {}));
    expect([...set].filter((n) => !declared.has(n!)).sort()).toEqual([]);
    expect([...declared].filter((n) => !set.has(n)).sort()).toEqual([]);
  });
});
