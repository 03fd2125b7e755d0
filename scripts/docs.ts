/**
 * Generate the inputs and outputs tables of each actions/<name>/README.md from its action.yml, between
 * markers, keeping any prose around them. `--check` fails (exit 1) when a README is not current.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { applyIamSection } from './iam-docs.js';

const root = resolve(import.meta.dirname, '..');
const START = '<!-- generated from action.yml by `npm run docs`: do not edit below -->';
const END = '<!-- end of generated part -->';

interface ActionYml {
  name: string;
  description: string;
  inputs?: Record<string, { description?: string; required?: boolean; default?: string | number | boolean }>;
  outputs?: Record<string, { description?: string }>;
}

const cell = (text: string | undefined) =>
  (text ?? '')
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');

export function renderTables(action: ActionYml): string {
  const rows: string[] = [
    '## Inputs',
    '',
    '| name | required | default | description |',
    '| --- | --- | --- | --- |',
  ];
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    const def = spec.default === undefined || spec.default === '' ? '' : `\`${cell(String(spec.default))}\``;
    rows.push(`| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${def} | ${cell(spec.description)} |`);
  }
  rows.push('', '## Outputs', '', '| name | description |', '| --- | --- |');
  for (const [name, spec] of Object.entries(action.outputs ?? {})) {
    rows.push(`| \`${name}\` | ${cell(spec.description)} |`);
  }
  return rows.join('\n');
}

export function renderReadme(name: string, current: string | undefined): string {
  const action = parse(readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8')) as ActionYml;
  const generated = `${START}\n\n${renderTables(action)}\n\n${END}`;
  if (current?.includes(START) && current.includes(END)) {
    return (
      current.slice(0, current.indexOf(START)) + generated + current.slice(current.indexOf(END) + END.length)
    );
  }
  const usage = [
    `# ${action.name}`,
    '',
    cell(action.description),
    '',
    '```yaml',
    `- uses: OWNER/ecs-deploy-actions/actions/${name}@v1`,
    '```',
    '',
  ].join('\n');
  return `${usage}\n${generated}\n`;
}

export function actionsWithYml(): string[] {
  return readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'action.yml')))
    .map((d) => d.name)
    .sort();
}

function main() {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const name of actionsWithYml()) {
    const path = join(root, 'actions', name, 'README.md');
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    // Plus the IAM permissions section, from action-examples/iam (see iam-docs.ts).
    const next = applyIamSection(name, renderReadme(name, current));
    if (next === current) continue;
    if (check) stale.push(path);
    else writeFileSync(path, next);
  }
  if (stale.length) {
    console.error(`not current, run \`npm run docs\`: ${stale.join(', ')}`);
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
