/**
 * The release action's inputs. `services` is a YAML (or JSON) list; each item holds the settings the deploy
 * action takes as inputs, under the same names, and is read by deploy's own reader (readDeployOptions), so a
 * setting means the same in both actions and a new deploy input works here at once. `defaults` holds
 * settings shared by every item. A mistake anywhere is one UserError naming `services[1].health-check-url`
 * (or `defaults.…`), raised before any AWS call.
 */
import { nearest } from '../../packages/task-definition/schema.js';
import {
  Inputs,
  UserError,
  isUserError,
  parseLocatedJsonOrYaml,
  quote,
  type LocatedDocument,
} from '../../packages/inputs/index.js';
import type { DeployOptions } from '../../packages/deploy/index.js';
import type { ReleaseOptions, ReleaseService } from '../../packages/release/index.js';
import type { GitHubRunContext } from '../../packages/runtime/index.js';
import { readDeployOptions } from '../deploy/inputs.js';

/** Most services one release deploys: each runs its own watch loop and AWS reads in parallel. */
export const MAX_SERVICES = 20;

/**
 * Deploy inputs that belong to the whole release, not to one service: a release is all or nothing, so
 * every service is rolled back when one fails, a cancelled release rolls every service back, and a dry run
 * is the release's.
 */
const RELEASE_WIDE: Record<string, string> = {
  rollback:
    'a release rolls every service back when one fails; to keep services apart, deploy them with the deploy action',
  'on-cancel': 'a cancelled release rolls every service back (its post step waits for them)',
  'dry-run': "set the release's own dry-run input",
  'aws-region': "set the release's own aws-region input",
  'max-attempts': "set the release's own max-attempts input",
};
/** What readDeployOptions reads for the release-wide settings. */
const RELEASE_VALUES: Record<string, string> = { rollback: 'auto', 'on-cancel': 'rollback' };

type Settings = Map<string, string>;

export function readReleaseOptions(
  inputs: Inputs,
  region: string,
  github: GitHubRunContext,
  workspace: string,
): ReleaseOptions {
  const dryRun = inputs.boolean('dry-run', { default: false });
  const defaults = readDefaults(inputs);
  const items = readItems(inputs);
  const perService = knownSettings(region, github, workspace);
  for (const key of defaults.settings.keys()) checkKey(key, 'defaults', perService, defaults.doc, []);
  const services: ReleaseService[] = items.map((item, i) => {
    const label = `services[${i}]`;
    for (const key of item.keys()) checkKey(key, label, perService, items.doc, [i]);
    const source = (name: string) =>
      name === 'dry-run'
        ? String(dryRun)
        : (RELEASE_VALUES[name] ?? item.get(name) ?? defaults.settings.get(name));
    let options: DeployOptions;
    try {
      options = readDeployOptions(new Inputs(source), region, github, workspace);
    } catch (err) {
      if (!isUserError(err)) throw err;
      // deploy's reader names its input; here it is this item's setting, or the shared default it came from.
      const key = err.input ?? '';
      const where = item.has(key) || !defaults.settings.has(key) ? `${label}.${key}` : `defaults.${key}`;
      const fix = err.problem.startsWith('is required')
        ? `set \`${key}:\` in ${label} (or in defaults)`
        : err.fix;
      throw new UserError(where, err.problem, fix);
    }
    return { label, options };
  });
  const names = services.map((s) => `${s.options.cluster}/${s.options.service}`);
  const twice = names.findIndex((n, i) => names.indexOf(n) !== i);
  if (twice >= 0) {
    throw new UserError(
      `services[${twice}].service`,
      `deploys ${quote(names[twice]!)}, which services[${names.indexOf(names[twice]!)}] deploys already`,
      'list each service once: one release updates each service once',
    );
  }
  return { services, dryRun };
}

/**
 * The names of the per-service settings: every input deploy's reader asks for, found by letting it read a
 * minimal item. Read this way, a setting added to deploy is a setting of each release item too.
 */
function knownSettings(region: string, github: GitHubRunContext, workspace: string): Set<string> {
  const asked = new Set<string>();
  const minimal: Record<string, string> = { service: 'probe', 'task-definition': 'probe:1' };
  readDeployOptions(
    new Inputs((name) => {
      asked.add(name);
      return minimal[name];
    }),
    region,
    github,
    workspace,
  );
  for (const name of Object.keys(RELEASE_WIDE)) asked.delete(name);
  return asked;
}

function checkKey(
  key: string,
  where: string,
  known: Set<string>,
  doc: LocatedDocument | undefined,
  path: (string | number)[],
): void {
  if (known.has(key)) return;
  const line = doc?.locate([...path, key], 'key')?.line;
  const at = line ? ` (line ${line})` : '';
  if (RELEASE_WIDE[key]) {
    throw new UserError(
      `${where}.${key}`,
      `is a setting of the whole release, not of one service${at}`,
      RELEASE_WIDE[key],
    );
  }
  // A typo, or a shortened name whose words all appear in one setting (`health-url` → health-check-url).
  const parts = key.toLowerCase().split('-');
  const containing = [...known].filter((k) => parts.every((p) => k.split('-').includes(p)));
  const near = nearest(key, [...known]) ?? (containing.length === 1 ? containing[0] : undefined);
  throw new UserError(
    `${where}.${key}`,
    `is not a setting of a service${at}${near ? `; did you mean ${near}?` : ''}`,
    `use the deploy action's input names (${[...known].sort().join(', ')})`,
  );
}

function readItems(inputs: Inputs): Settings[] & { doc?: LocatedDocument } {
  const text = inputs.string('services', { required: true })!;
  const doc = parseLocatedJsonOrYaml(text, 'services');
  if (!Array.isArray(doc.value) || doc.value.length === 0) {
    throw new UserError(
      'services',
      'is not a list of services',
      'write a YAML list, one item per service: `- service: backend` with its task-definition and gates',
    );
  }
  if (doc.value.length > MAX_SERVICES) {
    throw new UserError(
      'services',
      `lists ${doc.value.length} services; a release deploys at most ${MAX_SERVICES}`,
      'split the release in two',
    );
  }
  const items: Settings[] & { doc?: LocatedDocument } = doc.value.map((item, i) =>
    settings(item, `services[${i}]`),
  );
  items.doc = doc;
  return items;
}

function readDefaults(inputs: Inputs): { settings: Settings; doc?: LocatedDocument } {
  const text = inputs.string('defaults');
  if (!text) return { settings: new Map() };
  const doc = parseLocatedJsonOrYaml(text, 'defaults');
  return { settings: settings(doc.value, 'defaults'), doc };
}

/** One item's settings as the text deploy's reader takes: scalars as written, a list as lines. */
function settings(value: unknown, where: string): Settings {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(
      where,
      'is not a mapping of settings',
      'write `service: backend`, `task-definition: …` and the other deploy inputs as keys',
    );
  }
  const out: Settings = new Map();
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.set(key, String(v));
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
      out.set(key, v.join('\n'));
    else
      throw new UserError(
        `${where}.${key}`,
        'is not a text, number, boolean or list of texts',
        'write the value as the deploy action takes it as an input',
      );
  }
  return out;
}
