declare module 'markdown-it-front-matter' {
  import type MarkdownIt from 'markdown-it';
  /** Registers a block rule that emits a `front_matter` token and calls `callback` with its raw YAML. */
  const plugin: (md: MarkdownIt, callback: (raw: string) => void) => void;
  export default plugin;
}
