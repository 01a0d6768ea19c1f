import { useEffect, useRef } from 'react';

export interface ConfirmSpec {
  title: string;
  message: string;
  confirm: string;
  onConfirm(): void;
}

/** A modal question with one action and Cancel (Escape cancels, Enter confirms). */
export function Confirm({ spec, onClose }: { spec: ConfirmSpec; onClose(): void }) {
  const ok = useRef<HTMLButtonElement>(null);
  useEffect(() => ok.current?.focus(), []);
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={spec.title} data-testid="confirm">
        <h2>{spec.title}</h2>
        <p>{spec.message}</p>
        <div className="modal-actions">
          <button
            ref={ok}
            className="primary"
            onClick={() => {
              onClose();
              spec.onConfirm();
            }}
          >
            {spec.confirm}
          </button>
          <button onClick={onClose}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
