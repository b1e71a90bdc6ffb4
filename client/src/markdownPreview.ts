/**
 * A markdown-it plugin for VS Code's built-in Markdown preview: beside each step heading of a `*.mlsd.md` answer it
 * adds a small coverage badge ("Monitoring 2/4"). It draws nothing else (no second Mermaid renderer).
 */
import type { Coverage } from '../../server/src/engine/types';

/** The parts of markdown-it this plugin touches (kept structural so the client bundle needs no markdown-it types). */
interface Token {
  type: string;
  map: [number, number] | null;
  children: Token[] | null;
  content: string;
}
interface StateCore {
  tokens: Token[];
  env: { currentDocument?: { toString(): string; path?: string } } | undefined;
  Token: new (type: string, tag: string, nesting: number) => Token;
}
interface MarkdownItLike {
  core: { ruler: { push(name: string, rule: (state: StateCore) => void): void } };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Badge HTML for the step whose heading sits on `line`, if any. */
export function badgeFor(coverage: Coverage, line: number): string | undefined {
  for (const step of Object.values(coverage.steps)) {
    if (step.line !== line) continue;
    const state = step.missing.length === 0 ? 'pass' : 'partial';
    return ` <span class="mlsd-badge mlsd-badge-${state}" title="MLSD checks passed">${escapeHtml(step.title)} ${step.passed}/${step.applicable}</span>`;
  }
  return undefined;
}

/** Returns the plugin; `coverageOf` looks up the latest coverage of a document URI. */
export function mlsdPreviewPlugin(coverageOf: (uri: string) => Coverage | undefined): (md: MarkdownItLike) => MarkdownItLike {
  return (md) => {
    md.core.ruler.push('mlsd_coverage_badges', (state) => {
      const doc = state.env?.currentDocument;
      const uri = doc?.toString();
      if (!uri || !uri.toLowerCase().endsWith('.mlsd.md')) return;
      const coverage = coverageOf(uri);
      if (!coverage) return;
      for (let i = 0; i < state.tokens.length; i++) {
        const open = state.tokens[i];
        const inline = state.tokens[i + 1];
        if (open.type !== 'heading_open' || !open.map || !inline || inline.type !== 'inline' || !inline.children) continue;
        const html = badgeFor(coverage, open.map[0]);
        if (!html) continue;
        const badge = new state.Token('html_inline', '', 0);
        badge.content = html;
        inline.children.push(badge);
      }
    });
    return md;
  };
}
