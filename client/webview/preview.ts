/**
 * Architecture preview page script (runs inside the webview). Renders every Mermaid block with the bundled mermaid
 * (securityLevel 'strict', no HTML labels), newest update wins, zoom/pan per diagram, click to reveal the source,
 * export/copy via the extension. All data arrives by postMessage and is validated here.
 */

interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
  parse(text: string): Promise<unknown>;
  version?: string;
}
interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
  getState(): unknown;
}
declare const mermaid: MermaidApi;
declare function acquireVsCodeApi(): VsCodeApi;

interface Block {
  line: number;
  code: string;
  section: string;
  /** Set by the host when the block must not be drawn: the reason, shown in its place. */
  blocked?: string;
}
interface DiagramNode {
  id: string;
  component?: string;
  step?: string;
}
/** What the extension sends per block (a projection of the server's `mlsd/diagrams`). */
interface DiagramInfo {
  line: number;
  nodes: DiagramNode[];
  legend: { title: string; step: string }[];
  missing: string[];
  feedbackLoop?: boolean;
}
interface DiagramsMessage {
  type: 'diagrams';
  version: number;
  diagrams: DiagramInfo[];
}
interface UpdateMessage {
  type: 'update';
  uri: string;
  version: number;
  blocks: Block[];
}

const vscodeApi = acquireVsCodeApi();
const MAX_TEXT = 50_000;
const MAX_EDGES = 500;
/** One colour per template step, readable on light, dark and high-contrast backgrounds. */
const STEP_COLOURS: Record<string, string> = {
  business: '#4e79a7', data: '#59a14f', modeling: '#f28e2b', architecture: '#e15759', mlops: '#b07aa1', monitoring: '#17becf', governance: '#9c755f',
};

function isBlock(value: unknown): value is Block {
  const b = value as Block;
  return typeof b === 'object' && b !== null && typeof b.line === 'number' && typeof b.code === 'string' && typeof b.section === 'string' &&
    (b.blocked === undefined || (typeof b.blocked === 'string' && b.blocked.length <= 500));
}

function isDiagrams(value: unknown): value is DiagramsMessage {
  const m = value as DiagramsMessage;
  return typeof m === 'object' && m !== null && m.type === 'diagrams' && typeof m.version === 'number' && Array.isArray(m.diagrams) &&
    m.diagrams.every((d) => typeof d === 'object' && d !== null && typeof d.line === 'number' && Array.isArray(d.nodes) && Array.isArray(d.legend) && Array.isArray(d.missing));
}

function isUpdate(value: unknown): value is UpdateMessage {
  const m = value as UpdateMessage;
  return typeof m === 'object' && m !== null && m.type === 'update' && typeof m.uri === 'string' && typeof m.version === 'number' &&
    Array.isArray(m.blocks) && m.blocks.length <= 200 && m.blocks.every(isBlock);
}

function themeName(): string {
  const cls = document.body.classList;
  if (cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light')) return cls.contains('vscode-high-contrast-light') ? 'default' : 'dark';
  return cls.contains('vscode-dark') ? 'dark' : 'default';
}

let generation = 0;
let last: UpdateMessage | undefined;
let initializedTheme = '';

function initMermaid(): void {
  const theme = themeName();
  if (theme === initializedTheme) return;
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme,
    maxTextSize: MAX_TEXT,
    maxEdges: MAX_EDGES,
    // Plain SVG text instead of HTML in <foreignObject>: safer, and exportable to PNG without tainting the canvas.
    htmlLabels: false,
    flowchart: { htmlLabels: false },
    fontFamily: 'var(--vscode-font-family)',
  });
  initializedTheme = theme;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function attachZoomPan(viewport: HTMLElement, canvas: HTMLElement): { reset(): void; zoom(f: number): void } {
  let scale = 1;
  let x = 0;
  let y = 0;
  let drag: { x: number; y: number; moved: boolean } | undefined;
  const apply = (): void => {
    canvas.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
  };
  viewport.addEventListener('wheel', (e) => {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    scale = Math.min(8, Math.max(0.2, scale * (e.deltaY < 0 ? 1.1 : 0.9)));
    apply();
  }, { passive: false });
  viewport.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX - x, y: e.clientY - y, moved: false };
    viewport.setPointerCapture(e.pointerId);
  });
  viewport.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const nx = e.clientX - drag.x;
    const ny = e.clientY - drag.y;
    if (Math.abs(nx - x) + Math.abs(ny - y) > 2) drag.moved = true;
    x = nx;
    y = ny;
    if (drag.moved) apply();
  });
  viewport.addEventListener('pointerup', () => {
    viewport.dataset.dragged = drag?.moved ? '1' : '';
    drag = undefined;
  });
  return {
    reset() { scale = 1; x = 0; y = 0; apply(); },
    zoom(f: number) { scale = Math.min(8, Math.max(0.2, scale * f)); apply(); },
  };
}

function svgToPng(svgText: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    const svg = new Blob([svgText], { type: 'image/svg+xml;charset=utf-8' });
    const url = URL.createObjectURL(svg);
    img.onload = () => {
      const ratio = 2;
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.ceil((img.naturalWidth || 800) * ratio));
      canvas.height = Math.max(1, Math.ceil((img.naturalHeight || 600) * ratio));
      const ctx = canvas.getContext('2d');
      if (!ctx) return reject(new Error('no canvas'));
      ctx.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background') || '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      try {
        resolve(canvas.toDataURL('image/png').split(',')[1]);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    img.onerror = () => reject(new Error('could not rasterise the SVG'));
    img.src = url;
  });
}

function colourNodes(svgHost: HTMLElement, info: DiagramInfo | undefined, legend: HTMLElement): void {
  legend.replaceChildren();
  if (!info) return;
  for (const node of info.nodes) {
    const colour = node.step ? STEP_COLOURS[node.step] : undefined;
    if (!colour) continue;
    for (const g of svgHost.querySelectorAll<SVGGElement>('g.node, g.cluster')) {
      // Mermaid names node groups "<render id>-flowchart-<node id>-<n>".
      if (g.id !== node.id && !new RegExp(`(^|-)flowchart-${node.id.replace(/[^\w]/g, '\\$&')}-\\d+$`).test(g.id)) continue;
      g.querySelectorAll<SVGElement>('rect, circle, ellipse, polygon, path').forEach((shape) => {
        shape.style.setProperty('stroke', colour);
        shape.style.setProperty('stroke-width', '3px');
      });
    }
  }
  for (const item of info.legend) {
    const chip = el('span', 'chip', item.title);
    chip.style.borderColor = STEP_COLOURS[item.step] ?? 'currentColor';
    chip.title = `Step: ${item.step}`;
    legend.appendChild(chip);
  }
  if (info.missing.length > 0) legend.appendChild(el('span', 'missing', `Missing from the diagram: ${info.missing.join(', ')}`));
  if (info.feedbackLoop === false) legend.appendChild(el('span', 'missing', 'No path from monitoring or feedback back to training or data.'));
}

let lastDiagrams: DiagramInfo[] | undefined;

function applyDiagrams(): void {
  for (const card of document.querySelectorAll<HTMLElement>('#diagrams .card')) {
    const index = Number(card.dataset.index);
    const block = last?.blocks[index];
    if (!block) continue;
    colourNodes(card.querySelector('.canvas') as HTMLElement, lastDiagrams?.find((d) => d.line === block.line), card.querySelector('.legend') as HTMLElement);
  }
}

async function render(message: UpdateMessage): Promise<void> {
  const mine = ++generation;
  initMermaid();
  const root = document.getElementById('diagrams') as HTMLElement;
  const fragments: HTMLElement[] = [];
  document.getElementById('empty')!.hidden = message.blocks.length > 0;
  for (let index = 0; index < message.blocks.length; index++) {
    const block = message.blocks[index];
    const card = el('section', 'card');
    card.dataset.index = String(index);
    const header = el('div', 'card-header');
    header.appendChild(el('span', 'title', `${block.section || 'Diagram'} · line ${block.line + 1}`));
    const tools = el('span', 'tools');
    const buttons: [string, string][] = [['zoom-in', '+'], ['zoom-out', '−'], ['reset', 'Reset'], ['export-svg', 'Export SVG…'], ['export-png', 'Export PNG…'], ['copy-svg', 'Copy SVG']];
    for (const [action, label] of buttons) {
      const b = el('button', '', label);
      b.dataset.action = action;
      tools.appendChild(b);
    }
    header.appendChild(tools);
    card.appendChild(header);
    const viewport = el('div', 'viewport');
    const canvas = el('div', 'canvas');
    viewport.appendChild(canvas);
    card.appendChild(viewport);
    const legend = el('div', 'legend');
    card.appendChild(legend);
    fragments.push(card);
    if (block.blocked) {
      // The host vetted this block (Mermaid's parse ran past its time limit, or an earlier render hung the page).
      canvas.appendChild(el('div', 'error blocked', block.blocked));
      continue;
    }
    if (block.code.length > MAX_TEXT) {
      canvas.appendChild(el('div', 'error', `This diagram has ${block.code.length} characters; the preview renders up to ${MAX_TEXT}.`));
      continue;
    }
    vscodeApi.postMessage({ type: 'rendering', index, generation: mine });
    try {
      await mermaid.parse(block.code);
      const { svg } = await mermaid.render(`mlsd-diagram-${mine}-${index}`, block.code);
      if (mine !== generation) return; // a newer update arrived: drop this render
      // mermaid's strict mode sanitises its own output (DOMPurify); the SVG never reaches a script context.
      canvas.innerHTML = svg;
    } catch (error) {
      if (mine !== generation) return;
      const text = error instanceof Error ? error.message : String(error);
      canvas.appendChild(el('div', 'error', `Mermaid could not draw this diagram: ${text.split('\n').slice(0, 4).join(' ')}`));
      document.getElementById(`mlsd-diagram-${mine}-${index}`)?.remove();
      document.getElementById(`dmlsd-diagram-${mine}-${index}`)?.remove();
    }
    vscodeApi.postMessage({ type: 'rendered', index, generation: mine });
  }
  if (mine !== generation) return;
  root.replaceChildren(...fragments);
  for (const card of fragments) {
    const viewport = card.querySelector('.viewport') as HTMLElement;
    const zoom = attachZoomPan(viewport, card.querySelector('.canvas') as HTMLElement);
    const index = Number(card.dataset.index);
    const block = message.blocks[index];
    viewport.addEventListener('click', () => {
      if (viewport.dataset.dragged !== '1') vscodeApi.postMessage({ type: 'reveal', line: block.line });
    });
    card.querySelector('.tools')!.addEventListener('click', async (e) => {
      const action = (e.target as HTMLElement).dataset.action;
      const svg = card.querySelector('svg')?.outerHTML;
      if (action === 'zoom-in') zoom.zoom(1.2);
      else if (action === 'zoom-out') zoom.zoom(1 / 1.2);
      else if (action === 'reset') zoom.reset();
      else if (!svg) return;
      else if (action === 'export-svg') vscodeApi.postMessage({ type: 'exportSvg', index, svg });
      else if (action === 'copy-svg') vscodeApi.postMessage({ type: 'copySvg', svg });
      else if (action === 'export-png') {
        try {
          vscodeApi.postMessage({ type: 'exportPng', index, png: await svgToPng(svg) });
        } catch (error) {
          vscodeApi.postMessage({ type: 'error', message: String(error) });
        }
      }
    });
  }
  applyDiagrams();
  vscodeApi.postMessage({ type: 'done', generation: mine, count: message.blocks.length });
}

window.addEventListener('message', (event) => {
  const message: unknown = event.data;
  if (isDiagrams(message)) {
    lastDiagrams = message.diagrams;
    if (message.version === generation) applyDiagrams();
    return;
  }
  if (!isUpdate(message)) return;
  last = message;
  vscodeApi.setState({ uri: message.uri });
  void render(message);
});

new MutationObserver(() => {
  if (last && themeName() !== initializedTheme) void render(last);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscodeApi.postMessage({ type: 'ready', mermaidVersion: mermaid.version ?? '' });
