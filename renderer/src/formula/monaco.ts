/**
 * Monaco, bundled (no CDN, works offline): the editor core, the few editor features the formula editor
 * uses, and its one web worker (Vite's `?worker` import emits it as a file of the bundle). The
 * `strata-formula` language is registered from the operator descriptions the engine serves.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import { completions, hoverAt, LANGUAGE_ID, monarchLanguage, signatureHelp, type Op } from './language.js';

declare global {
  // eslint-disable-next-line no-var
  var MonacoEnvironment: monaco.Environment | undefined;
}

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };

/** Series names offered by completion: set by the editor from `series.list`. */
let seriesNames: readonly string[] = [];
export function setSeriesNames(names: readonly string[]): void {
  seriesNames = names;
}

const KIND = {
  operator: monaco.languages.CompletionItemKind.Function,
  keyword: monaco.languages.CompletionItemKind.Property,
  series: monaco.languages.CompletionItemKind.Variable,
  value: monaco.languages.CompletionItemKind.Value,
} as const;

let registered: monaco.IDisposable[] = [];

/** (Re)registers the language from the registry's descriptions (again when plugins add operators). */
export function registerFormulaLanguage(ops: readonly Op[]): void {
  for (const d of registered) d.dispose();
  if (!monaco.languages.getLanguages().some((l) => l.id === LANGUAGE_ID)) monaco.languages.register({ id: LANGUAGE_ID });
  registered = [
    monaco.languages.setLanguageConfiguration(LANGUAGE_ID, {
      comments: { lineComment: ';' },
      brackets: [['(', ')']],
      autoClosingPairs: [
        { open: '(', close: ')' },
        { open: '"', close: '"', notIn: ['string'] },
      ],
      surroundingPairs: [
        { open: '(', close: ')' },
        { open: '"', close: '"' },
      ],
      wordPattern: /[^\s()";]+/,
    }),
    monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, monarchLanguage(ops) as monaco.languages.IMonarchLanguage),
    monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
      triggerCharacters: ['(', '#', ':', '"', ' ', '/'],
      provideCompletionItems(model, position) {
        const text = model.getValue();
        const offset = model.getOffsetAt(position);
        const items = completions(ops, seriesNames, text, offset);
        return {
          suggestions: items.map((c) => {
            const s = model.getPositionAt(c.start);
            return {
              label: c.label,
              kind: KIND[c.kind],
              insertText: c.insertText,
              insertTextRules: c.snippet ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : monaco.languages.CompletionItemInsertTextRule.None,
              detail: c.detail,
              documentation: c.documentation ? { value: c.documentation } : '',
              sortText: c.sortText,
              filterText: c.label,
              range: new monaco.Range(s.lineNumber, s.column, position.lineNumber, position.column),
            };
          }),
        };
      },
    }),
    monaco.languages.registerHoverProvider(LANGUAGE_ID, {
      provideHover(model, position) {
        const h = hoverAt(ops, model.getValue(), model.getOffsetAt(position));
        if (!h) return null;
        const a = model.getPositionAt(h.start);
        const b = model.getPositionAt(h.end);
        return { contents: [{ value: h.markdown }], range: new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column) };
      },
    }),
    monaco.languages.registerSignatureHelpProvider(LANGUAGE_ID, {
      signatureHelpTriggerCharacters: ['(', ' '],
      signatureHelpRetriggerCharacters: [' ', ')'],
      provideSignatureHelp(model, position) {
        const s = signatureHelp(ops, model.getValue(), model.getOffsetAt(position));
        if (!s) return null;
        return {
          value: {
            signatures: [{ label: s.label, documentation: { value: s.doc }, parameters: s.params.map((p) => ({ label: p.range, documentation: p.doc })) }],
            activeSignature: 0,
            activeParameter: Math.max(0, s.active),
          },
          dispose() {},
        };
      },
    }),
  ];
}
