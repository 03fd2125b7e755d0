/**
 * The history as a Markdown table: one row per revision with as many cells as the header, shas linked to
 * their commit, and whatever the tags hold escaped so it can neither break the table nor inject HTML.
 */
import { describe, expect, it } from '@jest/globals';
import { historyTable, type ReleaseRecord } from '../index.js';

const SHA = '3f9c2e1a9b8c7d6e5f40312233445566778899aa';
const DIGEST = '0123456789abcdef'.repeat(4);

const record = (revision: number, over: Partial<ReleaseRecord> = {}): ReleaseRecord => ({
  arn: `arn:aws:ecs:us-east-1:123456789012:task-definition/backend:${revision}`,
  family: 'backend',
  revision,
  status: 'ACTIVE',
  images: {},
  ...over,
});

/** The cells of a table line: split at pipes no backslash escapes (as GFM does). */
const cells = (line: string): string[] =>
  line
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim());

const rowsOf = (table: string) => table.split('\n');

describe('historyTable', () => {
  it('has a header, a divider and one row per revision, all of seven cells', () => {
    const table = historyTable([
      record(45, { live: true }),
      record(44),
      record(43, { rollbackTarget: true }),
    ]);
    const lines = rowsOf(table);
    expect(lines).toHaveLength(5);
    expect(cells(lines[0]!)).toEqual([
      'revision',
      'git sha',
      'image',
      'registered (UTC)',
      'by',
      'verdict',
      '',
    ]);
    expect(cells(lines[1]!)).toEqual(Array(7).fill('---'));
    for (const line of lines) expect(cells(line)).toHaveLength(7);
    expect(lines.slice(2).map((l) => cells(l)[0])).toEqual(['`backend:45`', '`backend:44`', '`backend:43`']);
  });

  it('is only the header for no revisions', () => {
    expect(rowsOf(historyTable([]))).toHaveLength(2);
  });

  it('fills every cell of a complete record', () => {
    const table = historyTable([
      record(44, {
        gitSha: SHA,
        repository: 'acme/shop',
        images: { app: `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/backend@sha256:${DIGEST}` },
        registeredAt: '2026-11-30T21:37:46.000Z',
        actor: 'octocat',
        registeredBy: 'github-actions/run-7',
        verdict: 'verified',
        verdictAt: '2026-11-30T21:52:10.000Z',
        live: true,
      }),
    ]);
    expect(cells(rowsOf(table)[2]!)).toEqual([
      '`backend:44`',
      `[\`3f9c2e1\`](https://github.com/acme/shop/commit/${SHA})`,
      '`backend@sha256:0123456789ab`',
      '2026-11-30 21:37',
      'octocat',
      '✅ verified 2026-11-30 21:52',
      '🟢 live',
    ]);
  });

  describe('git sha', () => {
    const shaCell = (r: ReleaseRecord, options?: Parameters<typeof historyTable>[1]) =>
      cells(rowsOf(historyTable([r], options))[2]!)[1];

    it('links a hex sha to its commit on the server given', () => {
      expect(shaCell(record(1, { gitSha: SHA, repository: 'acme/shop' }))).toBe(
        `[\`3f9c2e1\`](https://github.com/acme/shop/commit/${SHA})`,
      );
      expect(
        shaCell(record(1, { gitSha: SHA, repository: 'acme/shop' }), {
          serverUrl: 'https://ghe.example.com/',
        }),
      ).toBe(`[\`3f9c2e1\`](https://ghe.example.com/acme/shop/commit/${SHA})`);
      expect(shaCell(record(1, { gitSha: SHA.toUpperCase(), repository: 'acme/shop' }))).toBe(
        `[\`3F9C2E1\`](https://github.com/acme/shop/commit/${SHA.toUpperCase()})`,
      );
    });

    it("takes the repository from the options when the revision's tags do not name it", () => {
      expect(shaCell(record(1, { gitSha: SHA }), { repository: 'acme/other' })).toBe(
        `[\`3f9c2e1\`](https://github.com/acme/other/commit/${SHA})`,
      );
      expect(shaCell(record(1, { gitSha: SHA, repository: 'acme/shop' }), { repository: 'acme/other' })).toBe(
        `[\`3f9c2e1\`](https://github.com/acme/shop/commit/${SHA})`,
      );
    });

    it('does not link without a repository', () => {
      expect(shaCell(record(1, { gitSha: SHA }))).toBe('`3f9c2e1`');
    });

    it('does not link a value that is no hex sha', () => {
      for (const gitSha of ['v1.2.3-release', 'javascript:alert(1)', '3f9c2e', `${SHA}0`, 'g'.repeat(40)]) {
        const cell = shaCell(record(1, { gitSha, repository: 'acme/shop' }))!;
        expect(cell).toBe(`\`${gitSha.slice(0, 7)}\``);
        expect(cell).not.toContain('](');
      }
    });

    it('leaves the cell empty without a sha', () => {
      expect(shaCell(record(1, { repository: 'acme/shop' }))).toBe('');
    });
  });

  describe('images', () => {
    const imageCell = (images: Record<string, string>) =>
      cells(rowsOf(historyTable([record(1, { images })]))[2]!)[2];

    it('shortens digests to twelve digits and drops registries and paths', () => {
      expect(
        imageCell({ app: `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/backend@sha256:${DIGEST}` }),
      ).toBe('`backend@sha256:0123456789ab`');
      expect(imageCell({ app: `ghcr.io/acme/api:v1.2@sha256:${DIGEST}` })).toBe(
        '`api:v1.2@sha256:0123456789ab`',
      );
      expect(imageCell({ app: `backend@sha256:${DIGEST}` })).toBe('`backend@sha256:0123456789ab`');
    });

    it('keeps the last part of a tagged reference, one span per container', () => {
      expect(
        imageCell({ app: 'ghcr.io/acme/api:v1.2', proxy: 'envoyproxy/envoy:v1.30', log: 'fluentbit' }),
      ).toBe('`api:v1.2` `envoy:v1.30` `fluentbit`');
      expect(imageCell({ app: 'localhost:5000/api:v1' })).toBe('`api:v1`');
    });
  });

  describe('notes', () => {
    const noteCell = (over: Partial<ReleaseRecord>) => cells(rowsOf(historyTable([record(1, over)]))[2]!)[6];

    it('marks the live revision and the rollback target', () => {
      expect(noteCell({ live: true })).toBe('🟢 live');
      expect(noteCell({ rollbackTarget: true })).toBe('↩️ rollback target');
      expect(noteCell({ live: true, rollbackTarget: true })).toBe('🟢 live · ↩️ rollback target');
      expect(noteCell({})).toBe('');
    });

    it('shows a status other than ACTIVE', () => {
      expect(noteCell({ status: 'INACTIVE' })).toBe('INACTIVE');
      expect(noteCell({ status: 'INACTIVE', rollbackTarget: true })).toBe('↩️ rollback target · INACTIVE');
    });
  });

  describe('verdict and people', () => {
    const row = (over: Partial<ReleaseRecord>) => cells(rowsOf(historyTable([record(1, over)]))[2]!);

    it('shows the verdict with its time, or alone', () => {
      expect(row({ verdict: 'failed', verdictAt: '2026-12-01T08:05:59.999Z' })[5]).toBe(
        '❌ failed 2026-12-01 08:05',
      );
      expect(row({ verdict: 'verified' })[5]).toBe('✅ verified');
      expect(row({})[5]).toBe('');
    });

    it('names the actor, else the principal that registered it', () => {
      expect(row({ actor: 'octocat', registeredBy: 'github-actions/run-7' })[4]).toBe('octocat');
      expect(row({ registeredBy: 'github-actions/run-7' })[4]).toBe('github-actions/run-7');
      expect(row({})[4]).toBe('');
    });
  });

  describe('hostile values', () => {
    const hostile = record(6, {
      gitSha: '`|`<b>x',
      repository: 'acme/shop',
      actor: '<img src=x onerror=alert(1)>',
      registeredBy: 'x|y',
      status: '<b>|DRAINING</b>',
      images: { app: 'evil.example.com/a|b:<script>', 'side|car': 'x`y|z' },
      verdict: 'verified',
      verdictAt: '2026-11-30T21:52:10.000Z',
    });

    it('keeps every row at seven cells', () => {
      const table = historyTable([
        hostile,
        record(5, { actor: 'a|b|c', registeredBy: '||', gitSha: '|||||||', status: '|' }),
        record(4, { actor: 'trailing\\', gitSha: 'abc\\|de' }),
      ]);
      for (const line of rowsOf(table)) expect(cells(line)).toHaveLength(7);
      expect(rowsOf(table)).toHaveLength(5);
    });

    it('escapes HTML and Markdown in the actor and the status', () => {
      const table = historyTable([hostile]);
      expect(table).not.toMatch(/(?<!\\)<img/);
      const [, , , , by, , notes] = cells(rowsOf(table)[2]!);
      expect(by).toBe('\\<img src=x onerror=alert(1)\\>');
      expect(notes).toBe('\\<b\\>\\|DRAINING\\</b\\>');
      // The sha and the images are code spans, which GitHub shows as text.
      const [, shaCell, images] = cells(rowsOf(table)[2]!);
      expect(shaCell).toBe('`` `\\|`<b>x ``');
      expect(images).toBe('`a\\|b:<script>` ``x`y\\|z``');
    });

    it('keeps a newline from ending the row', () => {
      const table = historyTable([
        record(3, { actor: 'line\nbreak', status: 'A\r\nB', images: { app: 'a\nb' } }),
      ]);
      expect(rowsOf(table)).toHaveLength(3);
      expect(cells(rowsOf(table)[2]!)).toHaveLength(7);
    });

    it('keeps an @ in the actor from mentioning anyone', () => {
      const by = cells(rowsOf(historyTable([record(3, { actor: '@octocat' })]))[2]!)[4];
      expect(by).not.toMatch(/@octocat/);
      expect(by).toContain('octocat');
    });
  });
});
