/** Glossary lookups for hover and completion, compiled once per content bundle. */
import { ContentBundle, GlossaryTermDef, normalize, TermMatcher } from '../engine';

/** A glossary term found at a position. */
export interface GlossaryHit {
  term: GlossaryTermDef;
  start: number;
  end: number;
}

/** Matches glossary forms in a line of text. */
export class GlossaryIndex {
  private readonly matcher = new TermMatcher();
  private readonly owner: GlossaryTermDef[] = [];

  constructor(readonly content: ContentBundle) {
    for (const term of content.glossary) {
      for (const form of [...term.match, term.zh ?? ''].filter((f) => f.length > 1)) {
        const id = this.matcher.add(form);
        this.owner[id] ??= term;
      }
    }
    this.matcher.build();
  }

  /** The longest glossary term covering `character` in `line`, with its span in the original line. */
  at(line: string, character: number): GlossaryHit | undefined {
    const { text, map } = normalize(line, true);
    if (!map) return undefined;
    let best: GlossaryHit | undefined;
    this.matcher.scan(text, (hit) => {
      const start = map[hit.start];
      const end = (map[hit.end - 1] ?? line.length - 1) + 1;
      if (character < start || character > end) return;
      if (!best || end - start > best.end - best.start) best = { term: this.owner[hit.term], start, end };
    });
    return best;
  }
}

/** Escapes text for a Markdown hover so that nothing in it can become a link, HTML or a command. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}
