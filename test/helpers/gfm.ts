/**
 * Markdown → HTML the way github.com shows a comment or a job summary, closely enough to catch what a
 * reviewer would see go wrong: GitHub-flavoured Markdown (tables, autolinks, strikethrough, task lists)
 * by micromark through remark-gfm, raw HTML kept and then sanitized with hast-util-sanitize's default
 * schema (a copy of GitHub's allow-list: `<details>`, `<summary>`, `<sub>`, `<br>`… stay; `<script>`,
 * `<style>`, event handlers and `javascript:` URLs go), then GitHub's own additions: `@name` becomes a
 * mention link (outside code and links), `> [!CAUTION]` blockquotes become alerts, and in comments a
 * single newline is a line break. Also: a real HTML parser (parse5) and small queries over its tree.
 */
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/** The shapes of mdast and hast nodes these plugins touch (both are unist trees). */
interface TreeNode {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: TreeNode[];
}

export interface GfmOptions {
  /**
   * `comment` (default): an issue or pull-request comment, where GitHub turns every newline inside a
   * paragraph into a line break. `document`: a job summary or a Markdown file, where it does not.
   */
  context?: 'comment' | 'document';
}

/** github.com's mention syntax: not after a word character, `.`, `/` or `@`; 1–39 characters. */
const MENTION = /(?<![\w`./@])@([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})(?:\/[\w.-]+)?/gi;
const ALERT = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/;

/** In comments GitHub renders a soft line break as `<br>`. */
function hardBreaks() {
  const visit = (node: TreeNode) => {
    if (!node.children) return;
    node.children = node.children.flatMap((child) => {
      if (child.type !== 'text' || !child.value?.includes('\n')) {
        visit(child);
        return [child];
      }
      return child.value
        .split('\n')
        .flatMap((part, i) => [
          ...(i ? [{ type: 'break' }] : []),
          ...(part ? [{ type: 'text', value: part }] : []),
        ]);
    });
  };
  return (tree: TreeNode) => visit(tree);
}

/** `> [!CAUTION]\n> text` → GitHub's alert box (a div with a title), as github.com renders it. */
function alerts() {
  const visit = (node: TreeNode) => {
    for (const [i, child] of (node.children ?? []).entries()) {
      if (child.type === 'element' && child.tagName === 'blockquote') {
        const first = child.children?.find((c) => c.type === 'element');
        const lead = first?.tagName === 'p' ? first.children?.[0] : undefined;
        const kind = lead?.type === 'text' ? ALERT.exec(lead.value ?? '')?.[1] : undefined;
        if (first && lead && kind) {
          lead.value = lead.value!.replace(ALERT, '');
          // What follows the marker's line break starts the alert's text.
          if (!lead.value && first.children?.[1]?.tagName === 'br') first.children.splice(0, 2);
          const next = first.children?.[0];
          if (next?.type === 'text') next.value = next.value?.trimStart();
          const title = kind.charAt(0) + kind.slice(1).toLowerCase();
          node.children![i] = {
            type: 'element',
            tagName: 'div',
            properties: { className: ['markdown-alert', `markdown-alert-${kind.toLowerCase()}`] },
            children: [
              {
                type: 'element',
                tagName: 'p',
                properties: { className: ['markdown-alert-title'] },
                children: [{ type: 'text', value: title }],
              },
              ...(child.children ?? []),
            ],
          };
          continue;
        }
      }
      visit(child);
    }
  };
  return (tree: TreeNode) => visit(tree);
}

/** `@name` in text (not in code, pre or links) → the mention link GitHub makes, which notifies `name`. */
function mentions() {
  const visit = (node: TreeNode) => {
    if (node.type === 'element' && ['a', 'code', 'pre'].includes(node.tagName ?? '')) return;
    if (!node.children) return;
    node.children = node.children.flatMap((child) => {
      if (child.type !== 'text' || !child.value) {
        visit(child);
        return [child];
      }
      const out: TreeNode[] = [];
      let last = 0;
      for (const m of child.value.matchAll(MENTION)) {
        if (m.index > last) out.push({ type: 'text', value: child.value.slice(last, m.index) });
        out.push({
          type: 'element',
          tagName: 'a',
          properties: { className: ['user-mention'], href: `https://github.com/${m[1]}` },
          children: [{ type: 'text', value: m[0] }],
        });
        last = m.index + m[0].length;
      }
      if (!out.length) return [child];
      if (last < child.value.length) out.push({ type: 'text', value: child.value.slice(last) });
      return out;
    });
  };
  return (tree: TreeNode) => visit(tree);
}

/** GitHub's allow-list, plus the classes of the alerts it adds itself. */
const schema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    div: [...(defaultSchema.attributes?.div ?? []), ['className', /^markdown-alert(-\w+)?$/]],
    p: [...(defaultSchema.attributes?.p ?? []), ['className', 'markdown-alert-title']],
  },
};

/** The HTML github.com would show for a Markdown body. */
export function renderGfm(markdown: string, options: GfmOptions = {}): string {
  const processor = unified().use(remarkParse).use(remarkGfm);
  if ((options.context ?? 'comment') === 'comment') processor.use(hardBreaks);
  return String(
    processor
      .use(remarkRehype, { allowDangerousHtml: true })
      .use(rehypeRaw)
      .use(alerts)
      .use(rehypeSanitize, schema)
      .use(mentions)
      .use(rehypeStringify)
      .processSync(markdown),
  );
}

export type HtmlNode = DefaultTreeAdapterMap['childNode'] | DefaultTreeAdapterMap['documentFragment'];
export type HtmlElement = DefaultTreeAdapterMap['element'];

/** Parse HTML as a browser parses a fragment of a body (parse5 implements the WHATWG algorithm). */
export function parseHtml(html: string): DefaultTreeAdapterMap['documentFragment'] {
  return parseFragment(html);
}

const childrenOf = (node: HtmlNode): HtmlNode[] => ('childNodes' in node ? node.childNodes : []);

/** Every element under `root` (depth first, document order), optionally of some tag names. */
export function elements(root: HtmlNode, ...tags: string[]): HtmlElement[] {
  const out: HtmlElement[] = [];
  const walk = (node: HtmlNode) => {
    for (const child of childrenOf(node)) {
      if ('tagName' in child && (!tags.length || tags.includes(child.tagName))) out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

/** The element's direct child elements of a tag name. */
export function childElements(node: HtmlNode, tag: string): HtmlElement[] {
  return childrenOf(node).filter((c): c is HtmlElement => 'tagName' in c && c.tagName === tag);
}

export function attribute(element: HtmlElement, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

/** The text a reader sees (decoded entities), `<br>` as a newline. */
export function textOf(node: HtmlNode): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  if ('tagName' in node && node.tagName === 'br') return '\n';
  return childrenOf(node).map(textOf).join('');
}

/** Text nodes with the tag names of their ancestors, to ask "is this inside code?". */
export function textRuns(root: HtmlNode): { text: string; ancestors: string[] }[] {
  const out: { text: string; ancestors: string[] }[] = [];
  const walk = (node: HtmlNode, ancestors: string[]) => {
    for (const child of childrenOf(node)) {
      if (child.nodeName === '#text') {
        out.push({ text: (child as DefaultTreeAdapterMap['textNode']).value, ancestors });
      } else if ('tagName' in child) {
        walk(child, [...ancestors, child.tagName]);
      }
    }
  };
  walk(root, []);
  return out;
}
