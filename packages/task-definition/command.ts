import { UserError } from '../inputs/index.js';

/**
 * A container command from a JSON array of strings (`["npm", "start"]`), or from a shell-like line split
 * on whitespace, honouring 'single quotes' (literal), "double quotes" (where \" \\ \$ \` escape) and
 * backslash escapes outside quotes. No expansion happens: ECS runs the array as given.
 */
export function parseCommand(text: string, input: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new UserError(
        input,
        'starts with [ but is not a JSON array',
        'write ["executable", "arg", …] or a plain command line',
      );
    }
    if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) {
      throw new UserError(
        input,
        'is a JSON array but not of strings',
        'quote every argument: ["python", "-m", "app"]',
      );
    }
    if (!parsed.length) throw new UserError(input, 'is an empty array', 'give at least the executable');
    return parsed;
  }
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else current += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < trimmed.length && '"\\$`'.includes(trimmed[i + 1]!))
        current += trimmed[++i];
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < trimmed.length) {
      current += trimmed[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) {
    throw new UserError(
      input,
      `has an unclosed ${quote === '"' ? 'double' : 'single'} quote`,
      `close the ${quote} or write the command as a JSON array`,
    );
  }
  if (inWord) args.push(current);
  if (!args.length) throw new UserError(input, 'is empty', 'give at least the executable');
  return args;
}
