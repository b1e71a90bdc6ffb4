/** Shared webview helpers: nonces, escaping, and the strict Content-Security-Policy every panel uses. */
import * as crypto from 'node:crypto';

/** A fresh nonce for one page load. */
export function makeNonce(): string {
  return crypto.randomBytes(18).toString('base64');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** `default-src 'none'`; styles/scripts/images only from the extension's webview origin or by nonce. */
export function csp(cspSource: string, nonce: string, extra = ''): string {
  return `default-src 'none'; img-src ${cspSource} data:; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; font-src ${cspSource};${extra}`;
}

/** Base CSS following the editor theme (light, dark and high contrast via VS Code's CSS variables). */
export const BASE_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 16px; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; }
th, td { border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, #8884)); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--vscode-editorWidget-background); }
input[type=search] { width: 100%; box-sizing: border-box; padding: 4px 6px; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, var(--vscode-contrastBorder, transparent)); }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: 4px 10px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
.muted { color: var(--vscode-descriptionForeground); }
.toolbar { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
svg .grid { stroke: var(--vscode-panel-border, #8884); stroke-width: 1; }
svg .label { fill: var(--vscode-descriptionForeground); font-size: 11px; }
svg .line { stroke: var(--vscode-charts-blue, #3794ff); stroke-width: 2; }
svg .dot { fill: var(--vscode-charts-blue, #3794ff); }
`;
