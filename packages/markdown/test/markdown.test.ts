/**
 * The shared Markdown helpers whose output other tests do not already pin through a whole summary:
 * durations in both forms, redaction, and table cells.
 */
import { describe, expect, it } from '@jest/globals';
import { cell, code, duration, redact, spoken, table, text } from '../index.js';

describe('duration', () => {
  it('is compact: seconds, minutes and seconds, hours and minutes', () => {
    expect([0, 45, 59.6, 60, 90, 192, 3599, 3600, 3840, 3845, 7322].map(duration)).toEqual([
      '0s',
      '45s',
      '1m',
      '1m',
      '1m 30s',
      '3m 12s',
      '59m 59s',
      '1h',
      '1h 4m',
      '1h 4m',
      '2h 2m',
    ]);
  });

  it('never goes negative', () => {
    expect(duration(-5)).toBe('0s');
  });
});

describe('spoken', () => {
  it('says it in words', () => {
    expect([45, 120, 290, 372, 3720].map(spoken)).toEqual([
      '45 s',
      '2 min',
      '4 min 50 s',
      '6 min 12 s',
      '1 h 2 min',
    ]);
  });
});

describe('redact', () => {
  it('hides values of 4 characters or more, not short ones that would shred the text', () => {
    expect(redact('password=hunter22 port=80 on', ['hunter22', '80', 'on'])).toBe('password=*** port=80 on');
  });

  it('hides a secret that holds another whole, whatever order they come in', () => {
    expect(redact('token=abcd1234 key=abcd', ['abcd', 'abcd1234', 'abcd'])).toBe('token=*** key=***');
  });
});

describe('cell and table', () => {
  it('escape the pipes that would split a row, once, and keep line breaks', () => {
    expect(cell('a|b')).toBe('a\\|b');
    expect(cell(text('a|b'))).toBe('a\\|b');
    expect(cell('one\ntwo')).toBe('one<br>two');
    expect(table(['name', 'value'], [[code('x|y'), text('1 | 2')]])).toBe(
      ['| name | value |', '| --- | --- |', '| `x\\|y` | 1 \\| 2 |'].join('\n'),
    );
  });
});
