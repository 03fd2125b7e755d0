import { describe, expect, it } from '@jest/globals';
import { parseCommand } from '../index.js';

describe('parseCommand', () => {
  it('takes a JSON array as it is', () => {
    expect(parseCommand('["sh", "-c", "echo $HOME && exit 0"]', 'command')).toEqual([
      'sh',
      '-c',
      'echo $HOME && exit 0',
    ]);
  });

  it('splits a line on whitespace, honouring quotes and escapes', () => {
    expect(parseCommand('gunicorn web.wsgi  --bind "0.0.0.0:8000"\t--workers 3', 'command')).toEqual([
      'gunicorn',
      'web.wsgi',
      '--bind',
      '0.0.0.0:8000',
      '--workers',
      '3',
    ]);
    expect(parseCommand(`sh -c 'echo "$A" | cat'`, 'command')).toEqual(['sh', '-c', 'echo "$A" | cat']);
    expect(parseCommand(`echo "a \\"b\\" \\\\ \\n" it\\'s '' x""y`, 'command')).toEqual([
      'echo',
      'a "b" \\ \\n',
      "it's",
      '',
      'xy',
    ]);
  });

  it.each([
    ['echo "open', /unclosed double quote/],
    ["echo 'open", /unclosed single quote/],
    ['[ "a", ', /not a JSON array/],
    ['["a", 1]', /not of strings/],
    ['[]', /empty array/],
    ['   ', /is empty/],
  ])('rejects %j', (text, message) => {
    expect(() => parseCommand(text, 'command')).toThrow(message);
  });
});
