/** Converts engine findings to LSP diagnostics. */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { EngineDiagnostic, ruleDocsUrl, Severity } from '../engine';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Source name on every diagnostic the extension publishes. */
export const DIAGNOSTIC_SOURCE = 'mlsd';

/** One engine finding as an LSP diagnostic (code = rule id, link to the rule's docs, fix data attached). */
export function toLspDiagnostic(d: EngineDiagnostic): Diagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    source: DIAGNOSTIC_SOURCE,
    code: d.rule,
    codeDescription: { href: ruleDocsUrl(d.rule) },
    message: d.message,
    data: d.data,
  };
}
