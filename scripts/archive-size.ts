/**
 * The size of the repository as a job downloads it for `uses: <owner>/<repo>/actions/<name>@<ref>`: GitHub's
 * tarball, i.e. `git archive --format=tar.gz`, which honours the export-ignore attributes of .gitattributes.
 * It copies the working tree's files (tracked ones and untracked ones git does not ignore: what the next
 * commit would hold) into a throwaway repository in a temp dir, with the bundles of --dist DIR (default dist/;
 * e.g. a fresh `tsx scripts/package.ts --out DIR`) as dist/, commits them there twice, without and with
 * .gitattributes, and prints both compressed sizes and what each top-level entry adds. This repository's own
 * git state is only read. Usage: tsx scripts/archive-size.ts [--dist DIR] [--attributes FILE] [--keep]
 * (--attributes: another .gitattributes to try instead of the repository's)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const TARGET = 1_000_000;

const args = process.argv.slice(2);
const distAt = args.indexOf('--dist');
const dist = distAt >= 0 ? resolve(args[distAt + 1] ?? '') : join(root, 'dist');
const attrAt = args.indexOf('--attributes');
const attributes = attrAt >= 0 ? resolve(args[attrAt + 1] ?? '') : join(root, '.gitattributes');
if (!existsSync(dist)) throw new Error(`no bundles in ${dist}`);

const git = (cwd: string, ...argv: string[]) =>
  execFileSync('git', argv, {
    cwd,
    maxBuffer: 256 * 1024 * 1024,
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'archive-size',
      GIT_AUTHOR_EMAIL: 'archive-size@localhost',
      GIT_AUTHOR_DATE: '2000-01-01T00:00:00Z',
      GIT_COMMITTER_NAME: 'archive-size',
      GIT_COMMITTER_EMAIL: 'archive-size@localhost',
      GIT_COMMITTER_DATE: '2000-01-01T00:00:00Z',
    },
  });

const files = git(root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')
  .toString()
  .split('\0')
  .filter((f) => f && !f.startsWith('dist/') && f !== '.gitattributes')
  .filter((f) => existsSync(join(root, f)) && statSync(join(root, f)).isFile());

const work = mkdtempSync(join(tmpdir(), 'archive-size-'));
try {
  for (const f of [...new Set(files)].sort()) {
    mkdirSync(dirname(join(work, f)), { recursive: true });
    copyFileSync(join(root, f), join(work, f));
  }
  cpSync(dist, join(work, 'dist'), { recursive: true });
  git(work, 'init', '-q');
  git(work, 'add', '-A', '.');
  git(work, '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'without .gitattributes');
  const gz = (...paths: string[]) => git(work, 'archive', '--format=tar.gz', 'HEAD', ...paths).length;
  const tar = () => git(work, 'archive', '--format=tar', 'HEAD').length;
  const without = { gz: gz(), tar: tar() };
  const hasAttributes = existsSync(attributes);
  if (hasAttributes) {
    copyFileSync(attributes, join(work, '.gitattributes'));
    git(work, 'add', '.gitattributes');
    git(work, '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'with .gitattributes');
  }
  const withIgnore = { gz: gz(), tar: tar() };
  // What each top-level entry adds to the (export-ignore-honouring) archive, compressed on its own.
  const entries = git(work, 'ls-tree', '--name-only', 'HEAD').toString().trim().split('\n');
  const shipped = (path: string) =>
    execFileSync('tar', ['-t'], { input: git(work, 'archive', '--format=tar', 'HEAD', path) })
      .toString()
      .trim().length > 0;
  const rows = entries
    .map((e) => ({ e, bytes: shipped(e) ? gz(e) : 0 }))
    .sort((a, b) => b.bytes - a.bytes || (a.e < b.e ? -1 : 1));
  const fmt = (n: number) => n.toLocaleString('en-US');
  console.log(`${files.length} files of the working tree, dist/ from ${dist}`);
  console.log(`archive without export-ignore: ${fmt(without.gz)} bytes gzipped (${fmt(without.tar)} tar)`);
  if (hasAttributes) {
    console.log(
      `archive with ${relative(root, attributes)}: ${fmt(withIgnore.gz)} bytes gzipped (${fmt(withIgnore.tar)} tar)` +
        ` — target ${fmt(TARGET)}: ${withIgnore.gz <= TARGET ? 'ok' : `OVER by ${fmt(withIgnore.gz - TARGET)}`}`,
    );
  }
  console.log('\ngzipped on its own, per top-level entry (with export-ignore):');
  for (const r of rows) {
    console.log(`  ${(r.bytes ? fmt(r.bytes) : 'ignored').padStart(11)}  ${r.e}`);
  }
  if (args.includes('--keep')) console.log(`\nkept: ${work}`);
} finally {
  if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
}
