/**
 * The `reports` input: report JSON passed from a previous step's output, or lines of paths to report files
 * (a directory stands for the *.json files in it, e.g. reports downloaded from a matrix of deploy jobs).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseDeploymentReport, type DeploymentReport } from '../deploy-report/index.js';
import { UserError, parseJsonOrYaml } from '../inputs/index.js';

const INPUT = 'reports';

/** `label` names the input (and the file) in errors: `reports (deploy/backend.json)[1]`. */
function fromDocument(doc: unknown, label: string): DeploymentReport[] {
  if (!Array.isArray(doc)) return [parseDeploymentReport(doc, label)];
  return doc.map((item, i) => parseDeploymentReport(item, `${label}[${i}]`));
}

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(path, f));
}

export function loadReports(value: string | undefined, workspace: string): DeploymentReport[] {
  const text = value?.trim();
  if (!text) return [];
  if (/^[[{]/.test(text)) return fromDocument(parseJsonOrYaml(text, INPUT), INPUT);
  const paths = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return paths.flatMap((p) => {
    const full = resolve(workspace, p);
    if (!existsSync(full)) {
      throw new UserError(
        INPUT,
        `${p} does not exist`,
        "pass the deploy step's report file path (or its report output)",
      );
    }
    return files(full).flatMap((file) => {
      const label = `${INPUT} (${file === full ? p : join(p, basename(file))})`;
      return fromDocument(parseJsonOrYaml(readFileSync(file, 'utf8'), label), label);
    });
  });
}
