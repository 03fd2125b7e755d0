/**
 * Reading a file an input names. An input can name any path, so before anything is read the path must lead
 * (after symlinks) into the directories a workflow works in, be a regular file and be of a sane size.
 */
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import { UserError } from './errors.js';

/** What {@link readInputFile} reads when not told otherwise: more than any input file needs. */
export const DEFAULT_MAX_INPUT_FILE_BYTES = 1024 * 1024;

export interface ReadInputFileOptions {
  /** Refuse larger files (default 1 MiB). */
  maxBytes?: number;
  /** How to fix a file that is too large (default: a general hint). */
  tooLargeFix?: string;
  /** Directories the file must be inside; default {@link inputFileRoots} of this process. */
  roots?: readonly string[];
}

/**
 * The directories input files are read from: GITHUB_WORKSPACE and RUNNER_TEMP, those that are set (on a
 * runner, the checkout and where earlier steps such as render write). Outside a runner, when neither is
 * set, the working directory, and the system temp directory because that is where render writes its file
 * when RUNNER_TEMP is unset.
 */
export function inputFileRoots(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string[] {
  const set = [env.GITHUB_WORKSPACE, env.RUNNER_TEMP].filter((dir): dir is string => !!dir);
  return (set.length ? set : [cwd, tmpdir()]).map((dir) => resolve(dir));
}

/**
 * The text of the file at `path` (relative to the working directory), read as UTF-8 without a byte-order
 * mark. A path that leads outside `roots` (by `..`, an absolute path or a symlink), a missing file, a
 * directory or something else that is not a regular file, and a file over `maxBytes` are each a UserError
 * naming `input`; the file's content never appears in one.
 */
export async function readInputFile(
  path: string,
  input: string,
  opts: ReadInputFileOptions = {},
): Promise<string> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_INPUT_FILE_BYTES;
  const roots = opts.roots ?? inputFileRoots();
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => resolve(root))));
  const outside = () =>
    new UserError(
      input,
      `${path} is outside the directories files are read from (${[...new Set(roots)].join(', ')})`,
      'give a file in the repository checkout (GITHUB_WORKSPACE) or in RUNNER_TEMP, where earlier steps write theirs',
    );
  const lexical = resolve(path);
  // Checked on the path as written first, so nothing outside is even looked at (its existence included).
  if (![...roots.map((r) => resolve(r)), ...realRoots].some((root) => isInside(lexical, root)))
    throw outside();

  let real: string;
  try {
    real = await realpath(lexical);
  } catch (err) {
    throw unreadable(err, path, input);
  }
  // Then on the real path: a symlink in the workspace may point anywhere.
  if (!realRoots.some((root) => isInside(real, root))) throw outside();

  const info = await stat(real).catch((err: unknown) => {
    throw unreadable(err, path, input);
  });
  if (info.isDirectory()) throw unreadable({ code: 'EISDIR' }, path, input);
  if (!info.isFile()) {
    throw new UserError(input, `${path} is not a regular file`, 'give the path of a file in the workspace');
  }
  const tooLarge = (size: string) =>
    new UserError(
      input,
      `file ${path} is ${size}, more than the ${formatBytes(maxBytes)} this input reads`,
      opts.tooLargeFix ?? 'check that the path names the file this input expects',
    );
  if (info.size > maxBytes) throw tooLarge(formatBytes(info.size));

  // O_NOFOLLOW and O_NONBLOCK: a file swapped for a symlink or a FIFO since the checks is refused, not
  // followed or waited on. (Both are 0 where the platform lacks them.)
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  const handle = await open(real, flags).catch((err: unknown) => {
    throw unreadable(err, path, input);
  });
  try {
    // Read at most one byte past the limit: the file may have grown since stat.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw tooLarge(`more than ${formatBytes(maxBytes)}`);
    return stripBom(buffer.subarray(0, length).toString('utf8'));
  } finally {
    await handle.close();
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function unreadable(err: unknown, path: string, input: string): UserError {
  const code = (err as NodeJS.ErrnoException).code;
  const problem =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? `file ${path} does not exist`
      : code === 'EISDIR'
        ? `${path} is a directory`
        : code === 'ELOOP'
          ? `${path} is a symlink that changed while it was read`
          : `file ${path} cannot be read (${code ?? String(err)})`;
  return new UserError(
    input,
    problem,
    'give the path of the file relative to the workspace (run actions/checkout first)',
  );
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
