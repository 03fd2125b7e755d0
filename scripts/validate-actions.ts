/**
 * `npm run validate-actions`: every actions/<name>/action.yml and every workflow (.github/workflows and
 * action-examples/workflows) against GitHub's published schemas (@action-validator/core, in process), plus
 * the rules the schemas do not carry:
 * - The bundled schema predates `runs.using: node24`. An action must say exactly `node24` (checked here), and
 *   the rest of it is validated with that one value read as node20, the newest the schema knows. Nothing
 *   else is relaxed.
 * - `runs.main` / `runs.post` point at files that exist under dist/; a workflow is well-formed YAML (no key twice).
 * - Every third-party action a workflow uses is pinned by a full commit SHA with its version in a comment
 *   (`owner/repo@<40 hex> # v1.2.3`); our own actions (`./actions/…`, `…/ecs-deploy-actions/…@v1`) are exempt.
 * Prints one line per problem and exits 1 when there is any.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateAction, validateWorkflow, type ValidationError } from '@action-validator/core';
import { parse, parseDocument } from 'yaml';

const RUNTIME = 'node24';
/** The newest runtime the validator's schema knows, read in place of RUNTIME for the schema check only. */
const SCHEMA_RUNTIME = 'node20';
const OURS = /^(?:\.\/|[A-Za-z0-9-]+\/ecs-deploy-actions\/)/;

function schemaProblems(file: string, errors: ValidationError[]): string[] {
  return errors.map(
    (e) => `${file}: ${'path' in e ? `${e.path} ` : ''}${e.title}${e.detail ? ` (${e.detail})` : ''}`,
  );
}

function yamlFiles(root: string, dir: string): string[] {
  const full = join(root, dir);
  return existsSync(full)
    ? readdirSync(full)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => join(full, f))
    : [];
}

export function validateActionFile(root: string, path: string): string[] {
  const file = relative(root, path);
  const text = readFileSync(path, 'utf8');
  const doc = parse(text) as { runs?: { using?: unknown; main?: unknown; post?: unknown } } | null;
  const problems: string[] = [];
  const using = doc?.runs?.using;
  if (using !== RUNTIME)
    problems.push(`${file}: runs.using is ${JSON.stringify(using)}; actions here run on ${RUNTIME}`);
  for (const key of ['main', 'post'] as const) {
    const target = doc?.runs?.[key];
    if (typeof target === 'string' && !existsSync(resolve(dirname(path), target)))
      problems.push(`${file}: runs.${key} ${target} does not exist (npm run package)`);
  }
  const forSchema = text.replace(/^(\s*using:\s*)(['"]?)node24\2\s*$/m, `$1${SCHEMA_RUNTIME}`);
  return [...problems, ...schemaProblems(file, validateAction(forSchema).errors)];
}

/** Third-party `uses:` lines not pinned by a full commit SHA with the version in a comment. */
export function unpinnedUses(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(?:-\s*)?uses:\s*(['"]?)([^\s'"#]+)\1\s*(#.*)?$/.exec(line);
    if (!m || OURS.test(m[2]!) || m[2]!.startsWith('docker://')) continue;
    const [, ref] = m[2]!.split('@');
    if (!ref || !/^[0-9a-f]{40}$/.test(ref) || !/^#\s*v\d+(\.\d+){0,2}\b/.test(m[3] ?? '')) out.push(m[2]!);
  }
  return out;
}

export function validateWorkflowFile(root: string, path: string): string[] {
  const file = relative(root, path);
  const text = readFileSync(path, 'utf8');
  return [
    // YAML faults the schema check does not report, such as a key given twice (GitHub refuses the file).
    ...parseDocument(text).errors.map((e) => `${file}: ${e.message.split('\n')[0]}`),
    ...schemaProblems(file, validateWorkflow(text).errors),
    ...unpinnedUses(text).map(
      (uses) => `${file}: ${uses} is not pinned by a full commit SHA with its version in a comment`,
    ),
  ];
}

export function validateRepository(root: string): { files: number; problems: string[] } {
  const actionsDir = join(root, 'actions');
  const actionFiles = readdirSync(actionsDir)
    .map((name) => join(actionsDir, name, 'action.yml'))
    .filter((p) => existsSync(p))
    .sort();
  const workflows = [
    ...yamlFiles(root, '.github/workflows'),
    ...yamlFiles(root, 'action-examples/workflows'),
  ];
  const problems = [
    ...actionFiles.flatMap((p) => validateActionFile(root, p)),
    ...workflows.flatMap((p) => validateWorkflowFile(root, p)),
  ];
  if (actionFiles.length === 0) problems.push('no actions/*/action.yml found');
  if (workflows.length === 0) problems.push('no workflows found');
  return { files: actionFiles.length + workflows.length, problems };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { files, problems } = validateRepository(root);
  for (const p of problems) console.error(p);
  console.log(`validate-actions: ${files} files, ${problems.length} problem(s)`);
  process.exitCode = problems.length ? 1 : 0;
}
