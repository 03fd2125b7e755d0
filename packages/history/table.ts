/** The release history as a Markdown table, for job summaries and the PR comment's details. */
import { code, link, table, text } from '../markdown/index.js';
import type { ReleaseRecord } from './history.js';

const VERDICT: Record<string, string> = { verified: '✅ verified', failed: '❌ failed' };

/** `backend@sha256:0123456789ab` for a digest, else the last path part of the reference. */
function imageLabel(image: string): string {
  const last = image.split('/').pop() ?? image;
  const at = last.indexOf('@sha256:');
  return at >= 0 ? `${last.slice(0, at)}@${last.slice(at + 1, at + 20)}` : last;
}

export interface HistoryTableOptions {
  /** `https://github.com`: git shas link to their commit when the repository is known. */
  serverUrl?: string;
  /** owner/name, for revisions whose tags do not name it. */
  repository?: string;
}

export function historyTable(records: readonly ReleaseRecord[], options: HistoryTableOptions = {}): string {
  const server = (options.serverUrl ?? 'https://github.com').replace(/\/$/, '');
  const rows = records.map((r) => {
    const repo = r.repository ?? options.repository;
    const sha = r.gitSha
      ? repo && /^[0-9a-f]{7,40}$/i.test(r.gitSha)
        ? link(code(r.gitSha.slice(0, 7)), `${server}/${repo}/commit/${r.gitSha}`)
        : code(r.gitSha.slice(0, 7))
      : '';
    const images = Object.values(r.images ?? {}).map((i) => code(imageLabel(String(i))));
    const notes = [
      r.live ? '🟢 live' : '',
      r.rollbackTarget ? '↩️ rollback target' : '',
      r.status !== 'ACTIVE' ? text(String(r.status)) : '',
    ].filter(Boolean);
    return [
      code(`${r.family}:${r.revision}`),
      sha,
      images.join(' '),
      r.registeredAt ? text(r.registeredAt.slice(0, 16).replace('T', ' ')) : '',
      text(r.actor ?? r.registeredBy ?? ''),
      r.verdict
        ? `${VERDICT[r.verdict]} ${r.verdictAt ? r.verdictAt.slice(0, 16).replace('T', ' ') : ''}`.trim()
        : '',
      notes.join(' · '),
    ];
  });
  return table(['revision', 'git sha', 'image', 'registered (UTC)', 'by', 'verdict', ''], rows);
}
