import { useEffect, useRef } from 'react';
import { monaco } from './monaco.js';
import { LANGUAGE_ID, markersFor, type Diagnostic } from './language.js';
import { setUndoTarget } from '../commands/undo.js';

interface Props {
  value: string;
  /** Bumped by the parent when it replaces the text (a formula opened, New): only then is `value` pushed into the editor. */
  loads: number;
  onChange(text: string): void;
  diagnostics: Diagnostic[];
  theme: 'light' | 'dark';
  /** Ctrl+Enter */
  onRun?(): void;
}

const OWNER = 'strata-formula';

/**
 * The Monaco editor of one formula text. The text is the parent's state; the editor's own undo stack
 * keeps the typing history (Ctrl+Z, or Undo in the command palette while the editor has focus).
 */
export function FormulaEditor(p: Props) {
  const host = useRef<HTMLDivElement>(null);
  const ed = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const props = useRef(p);
  props.current = p;

  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      value: p.value,
      language: LANGUAGE_ID,
      theme: p.theme === 'dark' ? 'vs-dark' : 'vs',
      minimap: { enabled: false },
      automaticLayout: true,
      fontSize: 14,
      lineNumbers: 'on',
      scrollBeyondLastLine: false,
      wordWrap: 'on',
      quickSuggestions: { other: true, comments: false, strings: true },
      suggestOnTriggerCharacters: true,
      tabCompletion: 'on',
      // Typing over a snippet's selected placeholder replaces it (a surround would wrap it instead).
      autoSurround: 'never',
      fixedOverflowWidgets: true,
      renderValidationDecorations: 'on',
      ariaLabel: 'Formula',
    });
    ed.current = editor;
    const sub = editor.onDidChangeModelContent(() => {
      const v = editor.getValue();
      if (v !== props.current.value) props.current.onChange(v);
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => props.current.onRun?.());
    const focus = editor.onDidFocusEditorText(() =>
      setUndoTarget({ label: 'formula text', undo: () => editor.trigger('palette', 'undo', null), redo: () => editor.trigger('palette', 'redo', null) }),
    );
    // For the e2e tests: the editor instance on its DOM node.
    (host.current as unknown as { __editor?: unknown }).__editor = editor;
    return () => {
      sub.dispose();
      focus.dispose();
      editor.getModel()?.dispose();
      editor.dispose();
      ed.current = null;
    };
  }, []);

  useEffect(() => {
    const editor = ed.current;
    // While typing, the parent's state trails the editor by a few keystrokes: the editor owns the text,
    // and only an explicit load replaces it (as one undoable edit).
    if (editor && p.loads > 0 && editor.getValue() !== p.value) {
      editor.executeEdits('open', [{ range: editor.getModel()!.getFullModelRange(), text: p.value }]);
      editor.pushUndoStop();
    }
  }, [p.loads]);

  useEffect(() => {
    monaco.editor.setTheme(p.theme === 'dark' ? 'vs-dark' : 'vs');
  }, [p.theme]);

  useEffect(() => {
    const model = ed.current?.getModel();
    if (!model) return;
    const text = model.getValue();
    monaco.editor.setModelMarkers(
      model,
      OWNER,
      markersFor(text, p.diagnostics).map((m) => ({ ...m, severity: monaco.MarkerSeverity.Error, source: 'strata' })),
    );
    host.current?.setAttribute('data-markers', JSON.stringify(markersFor(text, p.diagnostics)));
  }, [p.diagnostics]);

  return <div ref={host} className="formula-editor" data-testid="formula-editor" />;
}
