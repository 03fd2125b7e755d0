/**
 * The "IAM permissions" section of each action README, generated from action-examples/iam/<action>.json
 * (the same policy the end-to-end tests run under, see test/helpers/iam-policies.ts), between markers.
 * scripts/docs.ts applies it, so `npm run docs -- --check` also fails when the section and the JSON differ.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
export const IAM_START = '<!-- generated from action-examples/iam by `npm run docs`: do not edit below -->';
export const IAM_END = '<!-- end of generated IAM part -->';

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const code = (s: string) => `\`${s.replace(/\|/g, '\\|')}\``;

const PLACEHOLDERS: [string, string][] = [
  ['Region', 'the Region (`aws-region`)'],
  ['AccountId', 'the account id'],
  ['Cluster', 'the cluster name'],
  ['Service', 'the service name (one ARN per service)'],
  ['Family', 'the task-definition family'],
  ['Repository', 'the ECR repository name'],
  ['LogGroup', 'the awslogs group of the task definition'],
  ['TaskRole', 'the task role name (`taskRoleArn`)'],
  ['ExecutionRole', 'the task execution role name (`executionRoleArn`)'],
  ['AlarmName', 'each alarm named in `alarms`'],
  ['CodeDeployApplication', 'the CodeDeploy application (`codedeploy-application`)'],
  ['CodeDeployDeploymentGroup', 'the CodeDeploy deployment group (`codedeploy-deployment-group`)'],
];

export function renderIamSection(action: string): string {
  const path = join(root, 'action-examples', 'iam', `${action}.json`);
  if (!existsSync(path)) {
    return [
      '## IAM permissions',
      '',
      'None: this action makes no AWS call. The end-to-end tests run it with an empty policy.',
    ].join('\n');
  }
  const text = readFileSync(path, 'utf8');
  const policy = JSON.parse(text) as { Statement: Statement[] };
  const used = PLACEHOLDERS.filter(([name]) => text.includes(`\${${name}}`));
  const rows = [
    '## IAM permissions',
    '',
    `The least the role needs, as [\`action-examples/iam/${action}.json\`](../../action-examples/iam/${action}.json)`,
    '(the end-to-end tests run the action under exactly this policy). Replace the placeholders:',
    used.map(([name, what]) => `\`\${${name}}\` ${what}`).join('; ') + '.',
    'A statement whose placeholder does not apply (no alarms, no CodeDeploy) can be left out.',
    '',
    '| statement | actions | resources | condition |',
    '| --- | --- | --- | --- |',
  ];
  for (const s of policy.Statement) {
    const condition = Object.entries(s.Condition ?? {})
      .flatMap(([op, keys]) =>
        Object.entries(keys).map(([k, v]) => `${op} ${code(k)} = ${list(v).map(code).join(', ')}`),
      )
      .join('; ');
    rows.push(
      `| ${s.Sid ?? ''}${s.Effect === 'Allow' ? '' : ` (${s.Effect})`} | ${list(s.Action).map(code).join('<br>')} | ${list(s.Resource).map(code).join('<br>')} | ${condition} |`,
    );
  }
  return rows.join('\n');
}

/** Replaces (or appends) the generated IAM section of a README. */
export function applyIamSection(action: string, readme: string): string {
  const generated = `${IAM_START}\n\n${renderIamSection(action)}\n\n${IAM_END}`;
  if (readme.includes(IAM_START) && readme.includes(IAM_END)) {
    return (
      readme.slice(0, readme.indexOf(IAM_START)) +
      generated +
      readme.slice(readme.indexOf(IAM_END) + IAM_END.length)
    );
  }
  return `${readme.replace(/\n*$/, '\n')}\n${generated}\n`;
}
